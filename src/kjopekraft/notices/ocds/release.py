"""One notice → one OCDS release, following the OCDS for eForms profile's field mappings.

What is mapped (business term → OCDS):

- BT-04 procedure identifier → ``ocid`` (after the publisher's prefix); a notice without one is
  its own contracting process. BT-701 and BT-757 → release ``id``; BT-05 → ``date`` (the
  publication date when the notice has no dispatch time); BT-02 → ``tag`` and ``tender.status``
  through the form type; BT-702 → ``language``.
- Buyers (OPT-300, BT-500, BT-501) → ``parties`` with the role ``buyer`` and ``buyer``; winners →
  ``parties`` with the role ``supplier`` and the award's ``suppliers``. A Norwegian organisation
  number becomes the identifier scheme ``NO-BRC`` (Brønnøysundregistrene).
- BT-21, BT-24 → ``tender.title``, ``tender.description`` (the notice's language; the others as
  ``title_<language>``); BT-105 → ``tender.procurementMethod``; BT-262, BT-263 → ``tender.items``;
  BT-27 → ``tender.value``; BT-131 → ``tender.tenderPeriod.endDate``; BT-01 → ``tender.legalBasis``.
- Lots (BT-137, BT-21, BT-24, BT-27, BT-06, BT-539, BT-734, BT-540, BT-541) → ``tender.lots`` with
  ``awardCriteria`` and ``sustainability``.
- Lot results (BT-13713, BT-142, BT-720, BT-759, BT-760) → ``awards`` and ``bids.statistics``.
- BT-125 references to earlier notices → ``relatedProcesses`` (``planning``).

Legacy TED notices go through the same document, so they map the same way. Codes outside the
schema's closed code lists (a country written as "UK", an unknown currency) are left out rather
than written invalid.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

OCDS_VERSION = "1.1"
PROFILE = "https://standard.open-contracting.org/profiles/eforms/latest/en/"
DATA_DIR = Path(__file__).resolve().parent / "data"

JSON = dict[str, Any]


@functools.cache
def schema(name: str = "release-schema.json") -> JSON:
    """A shipped schema: ``release-schema.json`` or ``release-package-schema.json``."""
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        data: JSON = json.load(handle)
    return data


@functools.cache
def _closed_codes(definition: str, *path: str) -> frozenset[str]:
    """The codes a closed code list of the schema allows, such as ("Address", "country")."""
    node = schema()["definitions"][definition]
    for name in path:
        node = node["properties"][name]
    return frozenset(code for code in node["enum"] if code)


# ISO 639-3 (eForms) → ISO 639-1 (OCDS ``language``), for the languages notices are written in.
_LANGUAGES = {
    "bul": "bg", "ces": "cs", "dan": "da", "deu": "de", "ell": "el", "eng": "en", "est": "et",
    "fin": "fi", "fra": "fr", "gle": "ga", "hrv": "hr", "hun": "hu", "isl": "is", "ita": "it",
    "lav": "lv", "lit": "lt", "mlt": "mt", "nld": "nl", "nno": "nn", "nob": "nb", "nor": "no",
    "pol": "pl", "por": "pt", "ron": "ro", "slk": "sk", "slv": "sl", "spa": "es", "swe": "sv",
}  # fmt: skip

# ISO 3166-1 alpha-3 (eForms) → alpha-2; legacy TED writes alpha-2 already, with two EU habits.
_COUNTRIES = {
    "AUT": "AT", "BEL": "BE", "BGR": "BG", "CHE": "CH", "CYP": "CY", "CZE": "CZ", "DEU": "DE",
    "DNK": "DK", "ESP": "ES", "EST": "EE", "FIN": "FI", "FRA": "FR", "GBR": "GB", "GRC": "GR",
    "HRV": "HR", "HUN": "HU", "IRL": "IE", "ISL": "IS", "ITA": "IT", "LIE": "LI", "LTU": "LT",
    "LUX": "LU", "LVA": "LV", "MLT": "MT", "NLD": "NL", "NOR": "NO", "POL": "PL", "PRT": "PT",
    "ROU": "RO", "SVK": "SK", "SVN": "SI", "SWE": "SE", "UK": "GB", "EL": "GR",
}  # fmt: skip

# BT-02 notice type → (release tags, tender status), through the eForms form types.
_PLANNING = (["planning"], "planned")
_COMPETITION = (["tender"], "active")
_RESULT = (["award", "contract"], "complete")
_NOTICE_TYPES: Mapping[str, tuple[list[str], str | None]] = {
    **dict.fromkeys(["pin-only", "pin-buyer", "pin-rtl", "pin-tran", "pmc"], _PLANNING),
    **dict.fromkeys(
        ["pin-cfc-standard", "pin-cfc-social", "qu-sy", "cn-standard", "cn-social", "cn-desg"],
        _COMPETITION,
    ),
    "subco": _COMPETITION,
    **dict.fromkeys(["can-standard", "can-social", "can-desg", "can-tran"], _RESULT),
    "veat": (["award"], "complete"),
    "can-modif": (["contractAmendment"], None),
    "corr": (["tenderUpdate"], None),
    "compl": (["contractTermination"], None),
}

# BT-105 → tender.procurementMethod; "oth-single" and "oth-mult" are not mapped.
_METHODS = {
    "open": "open",
    "restricted": "selective",
    "neg-w-call": "selective",
    "comp-dial": "selective",
    "innovation": "selective",
    "exp-int-rail": "selective",
    "comp-tend": "open",
    "neg-wo-call": "limited",
}
_METHOD_DETAILS = {
    "open": "Open procedure",
    "restricted": "Restricted procedure",
    "neg-w-call": "Negotiated with prior publication of a call for competition",
    "neg-wo-call": "Negotiated without prior call for competition",
    "comp-dial": "Competitive dialogue",
    "innovation": "Innovation partnership",
    "comp-tend": "Competitive tendering",
    "oth-single": "Other single stage procedure",
    "oth-mult": "Other multiple stage procedure",
    "exp-int-rail": "Expression of interest",
}

# BT-06 → sustainability goal; "none" is not a goal.
_GOALS = {"env-imp": "environmental", "soc-obj": "social", "inn-pur": "economic.innovativePurchase"}
_STRATEGIES = [
    "awardCriteria",
    "contractPerformanceConditions",
    "selectionCriteria",
    "technicalSpecifications",
]

# BT-5421 (weight) and BT-5422 (fixed) → the criterion number's weight or fixed.
_WEIGHTS = {
    "per-exa": "percentageExact",
    "per-mid": "percentageRangeMiddle",
    "dec-exa": "decimalExact",
    "dec-mid": "decimalRangeMiddle",
    "poi-exa": "pointsExact",
    "poi-mid": "pointsRangeMiddle",
    "ord-imp": "order",
}
_FIXED = {"fix-tot": "total", "fix-unit": "unit"}

# BT-142 → award status and its label.
_AWARD_STATUS = {
    "selec-w": ("active", "At least one winner was chosen."),
    "clos-nw": ("unsuccessful", "The competition is closed with no winner."),
}

# BT-760 → statistic measure.
_MEASURES = {
    "tenders": "bids",
    "t-esubm": "electronicBids",
    "t-sme": "smeBids",
    "t-micro": "microBids",
    "t-small": "smallBids",
    "t-med": "mediumBids",
    "t-oth-eea": "foreignBidsFromEU",
    "t-no-eea": "foreignBidsFromNonEU",
    "t-verif-inad": "disqualifiedBids",
    "t-verif-inad-low": "tendersAbnormallyLow",
}

_ORGNR = re.compile(r"^\d{9}$")


def two_letter_language(code: str | None) -> str | None:
    """The ISO 639-1 code of an eForms language code, ``None`` when it is not known."""
    if not code:
        return None
    code = code.lower()
    return code if len(code) == 2 else _LANGUAGES.get(code)


def _country(code: str | None) -> str | None:
    if not code:
        return None
    alpha2 = _COUNTRIES.get(code.upper(), code.upper())
    return alpha2 if alpha2 in _closed_codes("Address", "country") else None


def _value(money: Mapping[str, Any] | None) -> JSON | None:
    if not money or money.get("amount") is None:
        return None
    value: JSON = {"amount": money["amount"]}
    currency = (money.get("currency") or "").upper()
    if currency in _closed_codes("Value", "currency"):
        value["currency"] = currency
    return value


def _texts(field: str, values: Mapping[str, str] | None, language: str | None) -> JSON:
    """``{field: text in the notice's language, field_<lang>: the other languages}``."""
    if not values:
        return {}
    order = sorted(values, key=lambda lang: (lang != language, lang))
    out: JSON = {field: values[order[0]]}
    for lang in order[1:]:
        two = two_letter_language(lang)
        if two and values[lang]:
            out[f"{field}_{two}"] = values[lang]
    return out


def _date_time(value: str | None) -> str | None:
    """An RFC 3339 date-time: a bare date is taken as midnight UTC."""
    if not value:
        return None
    if "T" in value:
        return value
    return f"{value[:10]}T00:00:00Z"


class _Parties:
    """The organisations of a release, each once, with every role it has."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], JSON] = {}

    def add(self, org: Mapping[str, Any], role: str) -> JSON:
        name = (org.get("name") or "").strip()
        identifier = re.sub(r"\s+", "", org.get("identifier") or "")
        country = _country(org.get("country"))
        key = (identifier or name.lower(), country or "")
        party = self.by_key.get(key)
        if party is None:
            party = {"id": self._id(identifier, country, name), "roles": []}
            if name:
                party["name"] = name
            if identifier:
                party["identifier"] = self._identifier(identifier, country, name)
            address = {
                k: v
                for k, v in (
                    ("locality", org.get("city")),
                    ("region", org.get("nuts")),
                    ("country", country),
                )
                if v
            }
            if address:
                party["address"] = address
            if org.get("size") in _closed_codes("Organization", "details", "scale"):
                party["details"] = {"scale": org["size"]}
            self.by_key[key] = party
        if role not in party["roles"]:
            party["roles"].append(role)
        return {"id": party["id"], **({"name": name} if name else {})}

    def _id(self, identifier: str, country: str | None, name: str) -> str:
        if identifier and country == "NO" and _ORGNR.match(identifier):
            return f"NO-BRC-{identifier}"
        if identifier:
            return f"{country or 'XX'}-{identifier}"
        return f"ORG-{len(self.by_key) + 1:04d}"

    def _identifier(self, identifier: str, country: str | None, name: str) -> JSON:
        ident: JSON = {"id": identifier}
        if country == "NO" and _ORGNR.match(identifier):
            ident["scheme"] = "NO-BRC"
        if name:
            ident["legalName"] = name
        return ident

    def all(self) -> list[JSON]:
        return list(self.by_key.values())


def _criteria(criteria: Iterable[Mapping[str, Any]], language: str | None) -> list[JSON]:
    out = []
    for criterion in criteria:
        item: JSON = {}
        if criterion.get("type"):
            item["type"] = criterion["type"]
        item |= _texts("name", criterion.get("name"), language)
        item |= _texts("description", criterion.get("description"), language)
        if criterion.get("weight") is not None:
            number: JSON = {"number": criterion["weight"]}
            kind = criterion.get("weight_type")
            if kind in _WEIGHTS:
                number["weight"] = _WEIGHTS[kind]
            elif kind in _FIXED:
                number["fixed"] = _FIXED[kind]
            item["numbers"] = [number]
        # Some buyers repeat a criterion word for word; the schema wants each once.
        if item and item not in out:
            out.append(item)
    return out


def _lot(lot: Mapping[str, Any], language: str | None) -> JSON:
    out: JSON = {"id": lot["id"]}
    out |= _texts("title", lot.get("title"), language)
    out |= _texts("description", lot.get("description"), language)
    if value := _value(lot.get("estimated_value")):
        out["value"] = value
    if lot.get("deadline"):
        out["tenderPeriod"] = {"endDate": _date_time(lot["deadline"])}
    goals = [_GOALS[code] for code in lot.get("strategic_procurement") or [] if code in _GOALS]
    if goals:
        out["hasSustainability"] = True
        out["sustainability"] = [{"goal": g, "strategies": list(_STRATEGIES)} for g in goals]
    if criteria := _criteria(lot.get("award_criteria") or [], language):
        out["awardCriteria"] = {"criteria": criteria}
    return out


def _items(document: Mapping[str, Any]) -> list[JSON]:
    items: list[JSON] = []
    if document.get("main_cpv"):
        item: JSON = {"id": "1", "classification": {"scheme": "CPV", "id": document["main_cpv"]}}
        extra = [c for c in document.get("additional_cpv") or [] if c != document["main_cpv"]]
        if extra:
            item["additionalClassifications"] = [{"scheme": "CPV", "id": c} for c in extra]
        items.append(item)
    for lot in document.get("lots") or []:
        if lot.get("main_cpv"):
            items.append(
                {
                    "id": str(len(items) + 1),
                    "classification": {"scheme": "CPV", "id": lot["main_cpv"]},
                    "relatedLot": lot["id"],
                }
            )
    return items


def _awards(document: Mapping[str, Any], parties: _Parties) -> tuple[list[JSON], list[JSON]]:
    awards: dict[str, JSON] = {}
    statistics: list[JSON] = []
    for result in document.get("results") or []:
        lot_id = result.get("lot_id")
        for code, count in sorted((result.get("received") or {}).items()):
            if code in _MEASURES and count is not None:
                stat: JSON = {"id": str(len(statistics) + 1), "measure": _MEASURES[code]}
                stat["value"] = count
                if lot_id:
                    stat["relatedLot"] = lot_id
                statistics.append(stat)
        status = result.get("status")
        if status == "open-nw":
            continue
        award_id = result.get("result_id") or f"{lot_id}-result"
        award = awards.setdefault(award_id, {"id": award_id})
        if status in _AWARD_STATUS:
            award["status"], award["statusDetails"] = _AWARD_STATUS[status]
        if lot_id:
            related = award.setdefault("relatedLots", [])
            if lot_id not in related:
                related.append(lot_id)
        for winner in result.get("winners") or []:
            reference = parties.add(winner, "supplier")
            suppliers = award.setdefault("suppliers", [])
            if reference not in suppliers:
                suppliers.append(reference)
        if "value" not in award and (value := _value(result.get("tender_value"))):
            award["value"] = value
    return list(awards.values()), statistics


def _related(document: Mapping[str, Any]) -> list[JSON]:
    references = list(document.get("references") or [])
    for lot in document.get("lots") or []:
        references += lot.get("references") or []
    seen: dict[str, JSON] = {}
    for ref in references:
        identifier = ref.get("notice_id")
        if identifier and identifier not in seen:
            seen[identifier] = {
                "id": str(len(seen) + 1),
                "relationship": ["planning"],
                "scheme": "eu-oj",
                "identifier": identifier,
            }
    return list(seen.values())


def release(document: Mapping[str, Any], *, ocid_prefix: str, procedure_key: str) -> JSON:
    """The OCDS release of one notice document.

    ``procedure_key`` is the stored procedure's key (BT-04, or ``notice:<BT-701>``), so that all
    notices of one procedure share the ``ocid``.
    """
    language = document.get("language")
    tags, status = _NOTICE_TYPES.get(document.get("notice_type") or "", (["tender"], None))
    parties = _Parties()
    buyers = [parties.add(b, "buyer") for b in document.get("buyers") or []]

    tender: JSON = {"id": (document.get("procedure") or {}).get("id") or document["id"]}
    tender |= _texts("title", document.get("title"), language)
    tender |= _texts("description", document.get("description"), language)
    if status:
        tender["status"] = status
    procedure_type = (document.get("procedure") or {}).get("type")
    if procedure_type in _METHODS:
        tender["procurementMethod"] = _METHODS[procedure_type]
    if procedure_type in _METHOD_DETAILS:
        tender["procurementMethodDetails"] = _METHOD_DETAILS[procedure_type]
    legal_basis = document.get("legal_basis")
    if legal_basis and legal_basis.lower() != "other":
        tender["legalBasis"] = {"scheme": "CELEX", "id": legal_basis}
    if items := _items(document):
        tender["items"] = items
    if value := _value(document.get("estimated_value")):
        tender["value"] = value
    if document.get("deadline"):
        tender["tenderPeriod"] = {"endDate": _date_time(document["deadline"])}
    if lots := [_lot(lot, language) for lot in document.get("lots") or []]:
        tender["lots"] = lots

    awards, statistics = _awards(document, parties)
    out: JSON = {
        "ocid": f"{ocid_prefix}-{procedure_key}",
        "id": f"{document['id']}-{document['version']}",
        "date": _date_time(document.get("issue_date") or document.get("publication_date"))
        or "1970-01-01T00:00:00Z",
        "tag": tags,
        "initiationType": "tender",
    }
    if two := two_letter_language(language):
        out["language"] = two
    out["parties"] = parties.all()
    if buyers:
        out["buyer"] = buyers[0]
    out["tender"] = tender
    if awards:
        out["awards"] = awards
    if statistics:
        out["bids"] = {"statistics": statistics}
    if related := _related(document):
        out["relatedProcesses"] = related
    if not out["parties"]:
        del out["parties"]
    return out


def package(
    releases: list[JSON],
    *,
    uri: str,
    published: str,
    publisher: Mapping[str, str],
    license_url: str | None = None,
) -> JSON:
    """A release package around ``releases`` (the package schema asks for at least one)."""
    out: JSON = {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": published,
        "publisher": dict(publisher),
    }
    if license_url:
        out["license"] = license_url
    out["releases"] = releases
    return out

"""Norway's counties and municipalities in the 2024 structure, and older numbers mapped to them.

The reference data ships in ``data/`` (see ``data/SOURCE.md`` for sources and licences):

- the 15 counties and 357 municipalities of 2024 with their population on 1 January of the
  newest year in the data;
- every municipality and county number in use 2000–2024 with the 2024 number(s) it maps to.
  A number that was split has several targets whose weights add up to one. For municipality
  numbers the weights are fixed; for county numbers they follow the population of the areas
  moved between counties, so they differ a little from year to year;
- the organisation number of each municipality (SSB KLASS correspondence 1236, 2020–2023
  structure), which makes the municipalities known buyers from the start.

Display names. csdata joins the Norwegian name and parallel Sámi or Kven names with hyphens,
in no fixed order (``Oslo-Oslove``, ``Snåase-Snåsa``, ``Guovdageaidnu-Kautokeino``), and also
spells a few names its own way (``Voss herad``), while real Norwegian names contain hyphens too
(``Aurskog-Høland``, ``Nord-Odal``). So the names shown are derived from the data, not by
splitting on hyphens blindly:

- a 2024 municipality that took over exactly one 2020–2023 municipality whole (a renumbering,
  as for the counties split in 2024, or no change) keeps that municipality's Norwegian name
  from the 2020–2023 table (``Oslo``, ``Kautokeino``, ``Voss``). The 2024 reform renamed no
  municipality apart from adding parallel names, so nothing is lost. The two municipalities
  made by the 2024 split of Ålesund (1508 Ålesund, 1580 Haram) keep csdata's name;
- a county name is the part before the first hyphen: csdata always writes the Norwegian county
  name first (``Troms-Romssa``, ``Trøndelag-Trööndelage``) and no Norwegian county name has a
  hyphen.

The loader takes the model classes as arguments so that the data migration can pass its
historical models and code can pass the real ones; it is idempotent and writes nothing when the
database already matches the data.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction

from kjopekraft.organisations import orgnr

DATA_DIR = Path(__file__).resolve().parent / "data"

# The values of MunicipalityCode.level.
MUNICIPALITY = "municipality"
COUNTY = "county"
_CSDATA_LEVELS = {"municip": MUNICIPALITY, "county": COUNTY}

# A municipality as an organisation: its Organisation.Kind value (historical models in
# migrations have no Kind class) and its Brønnøysund organisation form.
MUNICIPALITY_KIND = "municipality"
MUNICIPALITY_FORM = "KOMM"


def _rows(name: str) -> Iterator[dict[str, str]]:
    path = DATA_DIR / name
    with path.open("rb") as raw:
        stream = gzip.GzipFile(fileobj=raw) if path.suffix == ".gz" else raw
        with io.TextIOWrapper(stream, encoding="utf-8", newline="") as text:
            yield from csv.DictReader(text)


# -- older numbers to 2024 --------------------------------------------------------------------

Targets = tuple[tuple[str, float], ...]


@functools.cache
def _recodings() -> dict[tuple[str, str], dict[int, Targets]]:
    """(level, old number) → year → the 2024 numbers with weights, heaviest first."""
    by_year: dict[tuple[str, str], dict[int, list[tuple[str, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for row in _rows("omkoding-til-2024-2000-2024.csv.gz"):
        key = (_CSDATA_LEVELS[row["granularity_geo"]], row["code_original"])
        by_year[key][int(row["year"])].append((row["code_2024"], float(row["weighting"])))
    return {
        key: {
            year: tuple(sorted(targets, key=lambda t: (-t[1], t[0])))
            for year, targets in years.items()
        }
        for key, years in by_year.items()
    }


def _recode(level: str, number: str, year: int | None) -> list[tuple[str, float]]:
    width = 4 if level == MUNICIPALITY else 2
    number = number.strip()
    if not number.isdigit() or len(number) > width:
        return []
    years = _recodings().get((level, number.zfill(width)))
    if not years:
        return []
    if year is None or year not in years:
        # Without a year, or for a year in which the number was not in use (sources often keep
        # an old number for a while), the nearest year in which it was in use decides; the
        # latest one when no year is given.
        target_year = max(years) if year is None else min(years, key=lambda y: (abs(y - year), -y))
    else:
        target_year = year
    return list(years[target_year])


def municipality_2024(number: str, year: int | None = None) -> list[tuple[str, float]]:
    """The 2024 municipality number(s) for a municipality number used 2000–2024, with weights.

    ``year`` is the year the number was used in; without it, the number's meaning in the last
    year it was in use applies. Weights add up to one; a number split between municipalities
    gives several entries, heaviest first. Unknown numbers give an empty list. Numbers that lost
    their leading zero (``"301"``) are accepted.
    """
    return _recode(MUNICIPALITY, number, year)


def county_2024(number: str, year: int | None = None) -> list[tuple[str, float]]:
    """The 2024 county number(s) for a county number used 2000–2024, with weights.

    Works like :func:`municipality_2024`. County weights depend on the year, because they follow
    the population of the municipalities moved between counties.
    """
    return _recode(COUNTY, number, year)


def single_municipality_2024(number: str, year: int | None = None) -> str | None:
    """The one 2024 municipality a number maps to whole, or ``None`` when it was split or unknown.

    For an address or a buyer, which is in exactly one place, a split number cannot say which
    of the new municipalities is meant.
    """
    targets = municipality_2024(number, year)
    if len(targets) == 1:
        return targets[0][0]
    return None


# -- the reference data as the loader needs it -----------------------------------------------


def _newest_population(name: str, number_column: str) -> tuple[int | None, dict[str, int]]:
    rows = list(_rows(name))
    if not rows:
        return None, {}
    year = max(int(row["year"]) for row in rows)
    return year, {
        row[number_column]: int(row["population_jan1"]) for row in rows if int(row["year"]) == year
    }


def _predecessors() -> dict[str, list[dict[str, str]]]:
    """2024 municipality number → its rows in the 2020–2023 table."""
    result: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _rows("kommunenummer-2020-2023-til-2024.csv"):
        result[row["kommunenummer_2024"]].append(row)
    return result


def municipality_display_name(csdata_name: str, predecessors: list[dict[str, str]]) -> str:
    """The Norwegian name to show for a 2024 municipality (see the module docstring)."""
    if len(predecessors) == 1 and float(predecessors[0]["weighting_csdata"]) == 1.0:
        return predecessors[0]["kommunenavn_2020_2023"]
    return csdata_name


def county_display_name(csdata_name: str) -> str:
    """The Norwegian name to show for a 2024 county (see the module docstring)."""
    return csdata_name.split("-", 1)[0].strip()


def organisation_name(municipality_name: str, register_name: str) -> str:
    """The name of a municipality as an organisation: ``Stavanger kommune``, ``Voss herad``.

    Built from the display name rather than taken from the source, whose names are in capitals,
    mix in the parallel Sámi names, and lost some Sámi letters to ISO-8859-1 (``EVENÁ??I``).
    Municipalities that call themselves *herad* in the register keep that word.
    """
    parts = [" ".join(part.split()).upper() for part in register_name.split("/")]
    word = "herad" if any(part.endswith(" HERAD") for part in parts) else "kommune"
    return f"{municipality_name} {word}"


def municipality_organisations() -> tuple[dict[str, tuple[str, str]], list[tuple[str, str]]]:
    """Organisation numbers of the municipalities, mapped to the 2024 structure.

    Returns ``{2024 number: (orgnr, name in the source)}`` and the ``(orgnr, reason)`` of the
    numbers left out.
    The source maps each organisation number to a 2020–2023 municipality number. When that
    municipality went whole into one 2024 municipality (and nothing else went into it), the
    organisation is the same. When it was split (1507 Ålesund → 1508 Ålesund and 1580 Haram) or
    merged, the source cannot say which 2024 municipality the number belongs to now, so it is
    left out rather than guessed; the register import adds the right organisations later.
    """
    old_to_new: dict[str, list[str]] = defaultdict(list)
    new_from_old: dict[str, list[str]] = defaultdict(list)
    for row in _rows("kommunenummer-2020-2023-til-2024.csv"):
        old_to_new[row["kommunenummer_2020_2023"]].append(row["kommunenummer_2024"])
        new_from_old[row["kommunenummer_2024"]].append(row["kommunenummer_2020_2023"])

    found: dict[str, tuple[str, str]] = {}
    skipped: list[tuple[str, str]] = []
    for row in _rows("ssb-klass-1236-orgnr-to-kommunenummer.csv"):
        try:
            number = orgnr.validate(row["sourceCode"])
        except orgnr.InvalidOrgnr as exc:
            skipped.append((row["sourceCode"], exc.reason))
            continue
        targets = old_to_new.get(row["targetCode"], [])
        if len(targets) != 1:
            skipped.append((number, f"municipality {row['targetCode']} was split in 2024"))
            continue
        if len(new_from_old[targets[0]]) != 1:
            skipped.append((number, f"municipality {row['targetCode']} was merged in 2024"))
            continue
        found[targets[0]] = (number, row["sourceName"])
    return found, skipped


# -- the loader --------------------------------------------------------------------------------


def load_geography(
    county_model: Any,
    municipality_model: Any,
    code_model: Any,
    organisation_model: Any = None,
    *,
    using: str = DEFAULT_DB_ALIAS,
) -> dict[str, int]:
    """Bring the counties, municipalities and number mapping in the database up to the data.

    With ``organisation_model``, also make sure each municipality with an unambiguous
    organisation number exists as an organisation of kind municipality. An organisation that
    already exists keeps its name (the register import may know it better) but is linked to its
    municipality. Counties get no organisation: no source here gives their numbers.

    Returns counts: ``counties``, ``municipalities``, ``codes``, ``organisations`` (municipality
    organisations in place), ``organisations_skipped``, ``population_year`` and ``written`` (rows
    created, changed or deleted by this call: 0 when the database was already up to date).
    """
    with transaction.atomic(using=using):
        written = 0
        county_year, county_population = _newest_population(
            "befolkning-fylke-b2024.csv", "fylkesnummer"
        )
        municipality_year, municipality_population = _newest_population(
            "befolkning-kommune-b2024.csv.gz", "kommunenummer"
        )

        counties: dict[str, Any] = {}
        for row in _rows("fylker-2024.csv"):
            number = row["fylkesnummer"]
            population = county_population.get(number)
            county, changed = _upsert(
                county_model,
                using,
                number,
                name=county_display_name(row["fylkesnavn"]),
                population=population,
                population_year=county_year if population is not None else None,
            )
            counties[number] = county
            written += changed

        predecessors = _predecessors()
        municipalities: dict[str, Any] = {}
        for row in _rows("kommuner-2024.csv"):
            number = row["kommunenummer"]
            population = municipality_population.get(number)
            municipality, changed = _upsert(
                municipality_model,
                using,
                number,
                name=municipality_display_name(row["kommunenavn"], predecessors.get(number, [])),
                county_id=counties[row["fylkesnummer"]].pk,
                population=population,
                population_year=municipality_year if population is not None else None,
            )
            municipalities[number] = municipality
            written += changed

        written += _load_codes(code_model, using)

        counts = {
            "counties": len(counties),
            "municipalities": len(municipalities),
            "codes": code_model.objects.using(using).count(),
            "population_year": municipality_year or 0,
            "organisations": 0,
            "organisations_skipped": 0,
        }
        if organisation_model is not None:
            in_place, skipped, changed = _load_organisations(
                organisation_model, using, municipalities
            )
            counts["organisations"] = in_place
            counts["organisations_skipped"] = skipped
            written += changed
        counts["written"] = written
        return counts


def _upsert(model: Any, using: str, number: str, **values: Any) -> tuple[Any, int]:
    """Create or update the row with this number; 1 when something was written."""
    instance = model.objects.using(using).filter(number=number).first()
    if instance is None:
        return model.objects.using(using).create(number=number, **values), 1
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return instance, 0
    for name in changed:
        setattr(instance, name, values[name])
    instance.save(using=using, update_fields=changed)
    return instance, 1


def _load_codes(code_model: Any, using: str) -> int:
    # The table holds one row per (level, old number, 2024 number), with the weights of the last
    # year the old number was in use. Year-exact weights come from municipality_2024() and
    # county_2024().
    wanted: dict[tuple[str, str, str], float] = {}
    for (level, old_number), years in _recodings().items():
        for new_number, weight in years[max(years)]:
            wanted[(level, old_number, new_number)] = weight

    manager = code_model.objects.using(using)
    written = 0
    stale = []
    for code in manager.all():
        key = (code.level, code.old_number, code.new_number)
        if key not in wanted:
            stale.append(code.pk)
            continue
        weight = wanted.pop(key)
        if code.weight != weight:
            code.weight = weight
            code.save(using=using, update_fields=["weight"])
            written += 1
    if stale:
        manager.filter(pk__in=stale).delete()
        written += len(stale)
    manager.bulk_create(
        code_model(level=level, old_number=old, new_number=new, weight=weight)
        for (level, old, new), weight in sorted(wanted.items())
    )
    return written + len(wanted)


def _load_organisations(
    organisation_model: Any, using: str, municipalities: dict[str, Any]
) -> tuple[int, int, int]:
    found, skipped = municipality_organisations()
    manager = organisation_model.objects.using(using)
    existing = manager.in_bulk([number for number, _name in found.values()], field_name="orgnr")
    written = 0
    for municipality_number, (number, register_name) in sorted(found.items()):
        municipality = municipalities[municipality_number]
        name = organisation_name(municipality.name, register_name)
        organisation = existing.get(number)
        if organisation is None:
            manager.create(
                orgnr=number,
                name=name,
                kind=MUNICIPALITY_KIND,
                organisation_form=MUNICIPALITY_FORM,
                country="NO",
                municipality=municipality,
            )
            written += 1
            continue
        wanted = {
            "kind": MUNICIPALITY_KIND,
            "organisation_form": MUNICIPALITY_FORM,
            "municipality_id": municipality.pk,
        }
        changed = [
            field for field, value in wanted.items() if getattr(organisation, field) != value
        ]
        if changed:
            for field in changed:
                setattr(organisation, field, wanted[field])
            organisation.save(using=using, update_fields=[*changed, "updated"])
            written += 1
    return len(found), len(skipped), written

"""A stored notice in plain language, for the notice page and the result list.

Texts are taken in the page's language when the notice has them (bokmål, nynorsk or English),
else in the nearest one, and carry their language so that the page can mark it for screen
readers. Codes become words (:mod:`kjopekraft.browse.labels`); amounts are grouped the
Norwegian way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kjopekraft.browse.labels import (
    AwardCriterionType,
    NoticeType,
    ProcedureType,
    ResultStatus,
    label,
)
from kjopekraft.insight.assessment import Dimension, dimension_label, level_label
from kjopekraft.insight.assessment.evidence import LEVELS
from kjopekraft.insight.documents import assessment_document
from kjopekraft.notices.models import Notice
from kjopekraft.notices.ocds import two_letter_language

# The order in which a page in each language looks for a text.
PREFERENCES = {
    "nb": ("nob", "nor", "no", "nb", "nno", "nn", "eng", "en"),
    "nn": ("nno", "nn", "nor", "no", "nob", "nb", "eng", "en"),
    "en": ("eng", "en", "nob", "nor", "no", "nb", "nno", "nn"),
}


@dataclass(frozen=True)
class Text:
    text: str
    lang: str  # a BCP 47 code for the lang attribute, "" when not known

    def __str__(self) -> str:
        return self.text


def text_in(values: Mapping[str, str] | None, language: str) -> Text:
    """The text of a ``{language: text}`` field best suited to a page in ``language``."""
    if not values:
        return Text("", "")
    for code in PREFERENCES.get(language, PREFERENCES["nb"]):
        if values.get(code):
            return Text(values[code], two_letter_language(code) or "")
    code = sorted(values)[0]
    return Text(values[code], two_letter_language(code) or "")


def money(value: Any, currency: str | None = None) -> str:
    """An amount grouped for reading, with its currency: "1 500 000 NOK"."""
    if value is None:
        return ""
    amount = Decimal(str(value))
    places = 0 if amount == amount.to_integral_value() else 2
    text = number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"{text} {currency}".strip() if currency else text


def money_of(field: Mapping[str, Any] | None) -> str:
    if not field:
        return ""
    return money(field.get("amount"), field.get("currency"))


def weight(criterion: Mapping[str, Any]) -> str:
    """How much an award criterion counts, in words."""
    value = criterion.get("weight")
    if value is None:
        return ""
    number = money(value)
    kind = criterion.get("weight_type")
    if kind in ("per-exa", "per-mid"):
        return _("%(weight)s %%") % {"weight": number}
    if kind in ("poi-exa", "poi-mid"):
        return _("%(weight)s points") % {"weight": number}
    if kind == "ord-imp":
        return _("importance rank %(weight)s") % {"weight": number}
    return number


def organisation(org: Mapping[str, Any]) -> dict[str, str]:
    return {
        "name": org.get("name") or _("Name not given"),
        "identifier": org.get("identifier") or "",
        "city": org.get("city") or "",
        "country": org.get("country") or "",
    }


def published(notice: Notice) -> dt.date | None:
    """When the notice was published, or sent for publication (BT-05) when no date is given."""
    if notice.publication_date:
        return notice.publication_date
    issued = notice.document.get("issue_date")
    return dt.date.fromisoformat(issued[:10]) if issued else None


def in_time_order(notices: list[Notice]) -> list[Notice]:
    """Oldest first; notices without any date last."""
    return sorted(notices, key=lambda n: (published(n) or dt.date.max, n.pk))


def notice_title(notice: Notice, language: str) -> Text:
    return text_in(notice.title, language) if notice.title else Text(notice.notice_id, "")


def original_url(notice: Notice) -> str:
    """Where the notice is published: Doffin, else TED."""
    if notice.doffin_id:
        return f"https://doffin.no/notices/{notice.doffin_id}"
    if notice.ted_publication_number:
        number, _sep, year = notice.ted_publication_number.partition("-")
        return f"https://ted.europa.eu/en/notice/-/detail/{number.lstrip('0')}-{year}"
    return ""


def describe(notice: Notice, language: str) -> dict[str, Any]:
    """What the notice page shows of a notice, in plain words."""
    doc = notice.document
    lots = {lot["id"]: lot for lot in doc.get("lots") or []}
    return {
        "title": notice_title(notice, language),
        "description": text_in(doc.get("description"), language),
        "notice_type": label(NoticeType, doc.get("notice_type")),
        "original_url": original_url(notice),
        "procedure_type": label(ProcedureType, (doc.get("procedure") or {}).get("type")),
        "buyers": [organisation(b) for b in doc.get("buyers") or []],
        "main_cpv": doc.get("main_cpv") or "",
        "estimated_value": money_of(doc.get("estimated_value")),
        "total_value": money_of(doc.get("total_value")),
        "lots": [
            {
                "id": lot["id"],
                "title": text_in(lot.get("title"), language),
                "description": text_in(lot.get("description"), language),
                "main_cpv": lot.get("main_cpv") or "",
                "estimated_value": money_of(lot.get("estimated_value")),
                "criteria": [
                    {
                        "type": label(AwardCriterionType, c.get("type")),
                        "name": text_in(c.get("name"), language),
                        "description": text_in(c.get("description"), language),
                        "weight": weight(c),
                    }
                    for c in lot.get("award_criteria") or []
                ],
            }
            for lot in doc.get("lots") or []
        ],
        "results": [
            {
                "lot_id": result.get("lot_id") or "",
                "lot_title": text_in((lots.get(result.get("lot_id")) or {}).get("title"), language),
                "status": label(ResultStatus, result.get("status")),
                "winners": [organisation(w) for w in result.get("winners") or []],
                "value": money_of(result.get("tender_value")),
                "tenders": (result.get("received") or {}).get("tenders"),
            }
            for result in doc.get("results") or []
        ],
    }


def for_listing(notices: Iterable[Notice], language: str) -> None:
    """Give each notice what a list of notices shows: its title, kind, date and levels."""
    for notice in notices:
        notice.plain_title = notice_title(notice, language)  # type: ignore[attr-defined]
        notice.type_label = label(NoticeType, notice.notice_type)  # type: ignore[attr-defined]
        notice.published = published(notice)  # type: ignore[attr-defined]
        notice.badges = badges(notice, language)  # type: ignore[attr-defined]


def badges(notice: Notice, language: str) -> list[dict[str, str]]:
    """The levels of the notice's procedure that are not "none", for the result list."""
    try:
        row = notice.procedure.assessment
    except ObjectDoesNotExist:
        return []
    out = []
    for dimension in Dimension:
        level = LEVELS[dimension](getattr(row, dimension.value))
        if level.value != "none":
            out.append(
                {
                    "dimension": dimension.value,
                    "label": dimension_label(dimension, language),
                    "level": level_label(level, language),
                }
            )
    return out


def assessment(procedure_id: int, language: str) -> list[dict[str, Any]] | None:
    """The procedure's assessment per dimension, with its evidence explained; ``None`` when the
    procedure has not been assessed yet."""
    document = assessment_document(procedure_id)
    if document is None:
        return None
    language = language if language in PREFERENCES else "nb"
    sections = []
    for dimension in Dimension:
        part = document[dimension.value]
        level = LEVELS[dimension](part["level"])
        evidence = part["evidence"]
        sections.append(
            {
                "dimension": dimension.value,
                "label": dimension_label(dimension, language),
                "level": level.value,
                "level_label": level_label(level, language),
                "counted": [e["text"][language] for e in evidence if e["counted"]],
                "not_counted": [e["text"][language] for e in evidence if not e["counted"]],
            }
        )
    return sections

"""The indicators: what each one counts, and how grouped sums become figures.

Pure Python. The definitions are written out for readers in ``docs/indicators.md``; this module
is their executable form. The database adds up the measures of the procedure facts per group
(:meth:`ProcedureFactQuerySet.sums`); :func:`figures` turns those sums into one figure per
indicator and group::

    {"id": "innovation_procedure_share", "group": {"year": 2021},
     "numerator": 3, "denominator": 120, "value": 0.025}

A share's value is numerator ÷ denominator, from 0 to 1; an average's numerator is the sum and
its denominator the count. The value is ``None`` when the denominator is 0.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kjopekraft.insight.assessment import GreenLevel, InnovationLevel, SocialLevel


class Measure(enum.StrEnum):
    """What the fact table adds up. Each is a column of ``ProcedureFact`` and ``LotFact``."""

    COMPETITIONS = "competitions"  # 1 when the procedure is a competition
    INNOVATION_PROCEDURES = "innovation_procedures"  # ... with innovation partnership or dialogue
    KEYWORD_HITS = "keyword_hits"  # ... whose text has an innovation keyword
    DIALOGUES = "dialogues"  # ... with market dialogue before the competition
    ANY_INNOVATION = "any_innovation"  # ... at any innovation level but none
    ANY_GREEN = "any_green"  # ... at any green level but none
    ANY_SOCIAL = "any_social"  # ... at any social level but none
    BID_LOTS = "bid_lots"  # lots with a count of tenders received, in competed procedures
    TENDERS = "tenders"  # the tenders received over those lots
    SINGLE_BID_LOTS = "single_bid_lots"  # ... of which received exactly one tender
    SIZED_AWARDS = "sized_awards"  # winners of lots whose size (BT-165) is given
    SME_AWARDS = "sme_awards"  # ... that are micro, small or medium enterprises
    DATED_AWARDS = "dated_awards"  # winners of lots whose founding date is known
    YOUNG_AWARDS = "young_awards"  # ... founded less than five years before the award


class GroupKey(enum.StrEnum):
    YEAR = "year"
    SOURCE = "source"
    BUYER_KIND = "buyer_kind"
    MUNICIPALITY_SIZE = "municipality_size"
    COUNTY = "county"
    CPV_DIVISION = "cpv_division"
    PROCEDURE_TYPE = "procedure_type"
    VALUE_BAND = "value_band"
    LEVEL = "level"


# The keys that are columns of the fact table; ``level`` is the level of the dimension that a
# level share counts, and applies to those indicators only.
FACT_KEYS: tuple[GroupKey, ...] = tuple(k for k in GroupKey if k is not GroupKey.LEVEL)


class Dimension(enum.StrEnum):
    """The assessed dimension a level share counts: also the fact table's level column."""

    INNOVATION = "innovation"
    GREEN = "green"
    SOCIAL = "social"


LEVELS: Mapping[Dimension, tuple[str, ...]] = {
    Dimension.INNOVATION: tuple(level.value for level in InnovationLevel),
    Dimension.GREEN: tuple(level.value for level in GreenLevel),
    Dimension.SOCIAL: tuple(level.value for level in SocialLevel),
}
# A procedure whose assessment is missing (it failed, or has not run yet).
UNASSESSED = "unassessed"


class Kind(enum.StrEnum):
    SHARE = "share"
    AVERAGE = "average"


@dataclass(frozen=True)
class Indicator:
    id: str
    numerator: Measure
    denominator: Measure
    kind: Kind = Kind.SHARE
    # For a level share: the dimension whose levels ``--by level`` breaks it down into. Without
    # ``level``, the numerator counts every level but none.
    dimension: Dimension | None = None


INDICATORS: tuple[Indicator, ...] = (
    Indicator("innovation_procedure_share", Measure.INNOVATION_PROCEDURES, Measure.COMPETITIONS),
    Indicator(
        "innovation_level_share",
        Measure.ANY_INNOVATION,
        Measure.COMPETITIONS,
        dimension=Dimension.INNOVATION,
    ),
    Indicator("innovation_keyword_share", Measure.KEYWORD_HITS, Measure.COMPETITIONS),
    Indicator("market_dialogue_share", Measure.DIALOGUES, Measure.COMPETITIONS),
    Indicator("green_share", Measure.ANY_GREEN, Measure.COMPETITIONS, dimension=Dimension.GREEN),
    Indicator("social_share", Measure.ANY_SOCIAL, Measure.COMPETITIONS, dimension=Dimension.SOCIAL),
    Indicator("avg_tenders_received", Measure.TENDERS, Measure.BID_LOTS, kind=Kind.AVERAGE),
    Indicator("single_bid_share", Measure.SINGLE_BID_LOTS, Measure.BID_LOTS),
    Indicator("sme_winner_share", Measure.SME_AWARDS, Measure.SIZED_AWARDS),
    Indicator("young_winner_share", Measure.YOUNG_AWARDS, Measure.DATED_AWARDS),
)
BY_ID: Mapping[str, Indicator] = {indicator.id: indicator for indicator in INDICATORS}


class InvalidQuery(ValueError):
    """Parameters that ask for something the indicators do not have; the message says what."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Query:
    """Which figures: grouped by ``by`` (in that order), for the years and the source given."""

    by: tuple[GroupKey, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    source: str | None = None

    @property
    def fact_keys(self) -> tuple[GroupKey, ...]:
        return tuple(key for key in self.by if key is not GroupKey.LEVEL)

    @property
    def by_level(self) -> bool:
        return GroupKey.LEVEL in self.by


SOURCES = ("doffin", "ted")
FIRST_YEAR, LAST_YEAR = 1990, 2100


def make_query(
    by: Iterable[str] = (),
    year_from: str | int | None = None,
    year_to: str | int | None = None,
    source: str | None = None,
) -> Query:
    """A :class:`Query` from parameters as typed; raises :class:`InvalidQuery` on a bad one.

    A key given twice counts once; empty values mean "not given".
    """
    keys: list[GroupKey] = []
    for name in by:
        name = name.strip()
        if not name:
            continue
        try:
            key = GroupKey(name)
        except ValueError:
            allowed = ", ".join(k.value for k in GroupKey)
            raise InvalidQuery("by", f"unknown key {name!r}; use one of {allowed}") from None
        if key not in keys:
            keys.append(key)
    first = _year("from", year_from)
    last = _year("to", year_to)
    if first is not None and last is not None and first > last:
        raise InvalidQuery("to", f"{last} is before {first}")
    if source in ("", None):
        chosen = None
    elif source in SOURCES:
        chosen = source
    else:
        raise InvalidQuery("source", f"unknown source {source!r}; use doffin or ted")
    return Query(tuple(keys), first, last, chosen)


def _year(field: str, value: str | int | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        year = int(str(value).strip())
    except ValueError:
        raise InvalidQuery(field, f"{value!r} is not a year") from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidQuery(field, f"{year} is not a year between {FIRST_YEAR} and {LAST_YEAR}")
    return year


def figures(
    rows: Iterable[Mapping[str, Any]],
    query: Query,
    indicators: Sequence[Indicator] = INDICATORS,
) -> list[dict[str, Any]]:
    """One figure per indicator and group, from sums grouped by the query's fact keys (and, with
    ``level``, by the three level columns as well).

    Each row holds the values of the grouping columns and the sum of every :class:`Measure`.
    Groups come in order of their values (years ascending, unknown last); every indicator has
    the same groups, and with ``level`` a level share has one figure per level of its dimension
    in each group, strongest first, so that the shares of a group add up to one.
    """
    keys = query.fact_keys
    totals: dict[tuple[Any, ...], dict[Measure, int]] = {}
    by_level: dict[tuple[Dimension, tuple[Any, ...], str], int] = {}
    seen_levels: dict[Dimension, list[str]] = {d: list(LEVELS[d]) for d in Dimension}
    for row in rows:
        group = tuple(row[key] for key in keys)
        total = totals.setdefault(group, dict.fromkeys(Measure, 0))
        for measure in Measure:
            total[measure] += int(row[measure] or 0)
        if query.by_level:
            for dimension in Dimension:
                level = row[dimension] or UNASSESSED
                if level not in seen_levels[dimension]:
                    seen_levels[dimension].append(level)
                index = (dimension, group, level)
                by_level[index] = by_level.get(index, 0) + int(row[Measure.COMPETITIONS] or 0)

    out: list[dict[str, Any]] = []
    groups = sorted(totals, key=_group_order)
    for indicator in indicators:
        for group in groups:
            names = dict(zip(keys, group, strict=True))
            total = totals[group]
            denominator = total[indicator.denominator]
            if query.by_level and indicator.dimension is not None:
                for level in seen_levels[indicator.dimension]:
                    numerator = by_level.get((indicator.dimension, group, level), 0)
                    out.append(
                        _figure(indicator, _ordered(query, names, level), numerator, denominator)
                    )
            else:
                numerator = total[indicator.numerator]
                out.append(_figure(indicator, _ordered(query, names), numerator, denominator))
    return out


def _ordered(query: Query, names: dict[GroupKey, Any], level: str | None = None) -> dict[str, Any]:
    """The group as the caller asked for it: keys in the order given; ``level`` only where it
    applies."""
    group: dict[str, Any] = {}
    for key in query.by:
        if key is GroupKey.LEVEL:
            if level is not None:
                group[key.value] = level
        else:
            group[key.value] = names[key]
    return group


def _figure(
    indicator: Indicator, group: dict[str, Any], numerator: int, denominator: int
) -> dict[str, Any]:
    return {
        "id": indicator.id,
        "group": group,
        "numerator": numerator,
        "denominator": denominator,
        "value": numerator / denominator if denominator else None,
    }


def _group_order(group: tuple[Any, ...]) -> tuple[tuple[int, Any], ...]:
    # Unknown values (None, "unknown") and buyers abroad go last, whatever their spelling.
    return tuple(
        (2, "")
        if value is None or value == "unknown"
        else (1, "")
        if value == "abroad"
        else (0, value)
        for value in group
    )

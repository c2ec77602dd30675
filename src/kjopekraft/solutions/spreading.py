"""How solutions spread between buyers: the spreading indicators, from plain facts.

Pure Python; ``indicators.py`` reads the facts from the database. Each figure has the shape
the insight indicators use::

    {"id": "adopters_per_solution", "group": {"year": 2024}, "numerator": 7,
     "denominator": 3, "value": 2.333}

with ``value`` = numerator ÷ denominator, or ``None`` when the denominator is 0.

The indicators (Meld. St. 30 (2019–2020), 11.1.3: no systematic spreading between
municipalities):

``adopters_per_solution``
    Adoptions of verified catalogue solutions ÷ the number of such solutions. Grouped by
    ``year``, the adoptions made that year; by ``county`` or ``municipality_size``, those of
    buyers located there; by ``solution``, one solution's adopters (the denominator is 1).
``days_to_second_adopter``, ``days_to_fifth_adopter``
    For solutions with a pilot end date, the days from the end of the pilot to the day the
    second (fifth) buyer took the solution into use, averaged over the solutions that got that
    far: the numerator is the sum of the days, the denominator the number of such solutions.
    Solutions not there yet are in no figure's numerator or denominator, but their group
    appears, so a group where none got there shows ``None``. An adoption before the pilot ended
    counts as 0 days. The groups are those of the *pilot*: ``year`` is the year the pilot
    ended, ``county`` and ``municipality_size`` those of the buyer that ran it.
``municipality_adoption_share``
    Municipalities that adopted at least one solution from a programme pilot ÷ all
    municipalities (2024 borders). A municipality adopts through its own organisation (the
    kommune). Grouped by ``year``, the share **by the end of** that year (cumulative), for the
    years from the first such adoption to the last; by ``county`` or ``municipality_size``, the
    municipalities there; by ``solution``, the share that adopted that solution.

Places are the 2024 county number and the size band of the municipality (see
``insight/regions.py``); a buyer without a known municipality is in the ``unknown`` group.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

UNKNOWN = "unknown"
FIRST_YEAR, LAST_YEAR = 1990, 2100


class GroupKey(enum.StrEnum):
    YEAR = "year"
    COUNTY = "county"
    MUNICIPALITY_SIZE = "municipality_size"
    SOLUTION = "solution"


class Indicator(enum.StrEnum):
    ADOPTERS_PER_SOLUTION = "adopters_per_solution"
    DAYS_TO_SECOND_ADOPTER = "days_to_second_adopter"
    DAYS_TO_FIFTH_ADOPTER = "days_to_fifth_adopter"
    MUNICIPALITY_ADOPTION_SHARE = "municipality_adoption_share"


class InvalidQuery(ValueError):
    """A grouping the indicators do not have; the message says which are."""


@dataclass(frozen=True)
class Place:
    county: str = UNKNOWN
    municipality_size: str = UNKNOWN


@dataclass(frozen=True)
class SolutionFact:
    id: int
    programme: bool  # from a programme pilot
    pilot_ended: date | None
    pilot_place: Place = Place()


@dataclass(frozen=True)
class AdoptionFact:
    solution: int
    organisation: int
    adopted_on: date
    place: Place = Place()
    municipality: str | None = None  # the municipality's number when the adopter is a kommune


@dataclass(frozen=True)
class MunicipalityFact:
    number: str
    place: Place


@dataclass(frozen=True)
class Facts:
    solutions: Sequence[SolutionFact]
    adoptions: Sequence[AdoptionFact]
    municipalities: Sequence[MunicipalityFact]


Group = tuple[Any, ...]


def make_by(names: Iterable[str]) -> tuple[GroupKey, ...]:
    """The grouping keys as given, each once; raises :class:`InvalidQuery` on an unknown one."""
    keys: list[GroupKey] = []
    for name in names:
        name = name.strip()
        if not name:
            continue
        try:
            key = GroupKey(name)
        except ValueError:
            allowed = ", ".join(k.value for k in GroupKey)
            raise InvalidQuery(f"unknown key {name!r}; use one of {allowed}") from None
        if key not in keys:
            keys.append(key)
    return tuple(keys)


def _value(key: GroupKey, *, year: int, place: Place, solution: int) -> Any:
    if key is GroupKey.YEAR:
        return year
    if key is GroupKey.COUNTY:
        return place.county
    if key is GroupKey.MUNICIPALITY_SIZE:
        return place.municipality_size
    return solution


def _order(group: Group) -> tuple[tuple[int, Any], ...]:
    return tuple((1, "") if v == UNKNOWN else (0, v) for v in group)


def _figure(
    indicator: Indicator, by: Sequence[GroupKey], group: Group, numerator: int, denominator: int
) -> dict[str, Any]:
    return {
        "id": indicator.value,
        "group": {k.value: v for k, v in zip(by, group, strict=True)},
        "numerator": numerator,
        "denominator": denominator,
        "value": numerator / denominator if denominator else None,
    }


def adopters_per_solution(facts: Facts, by: Sequence[GroupKey]) -> list[dict[str, Any]]:
    solutions = {s.id for s in facts.solutions}
    counts: dict[Group, int] = {}
    if not by:
        counts[()] = 0
    for a in facts.adoptions:
        if a.solution not in solutions:
            continue
        group = tuple(
            _value(k, year=a.adopted_on.year, place=a.place, solution=a.solution) for k in by
        )
        counts[group] = counts.get(group, 0) + 1
    denominator = 1 if GroupKey.SOLUTION in by else len(solutions)
    return [
        _figure(Indicator.ADOPTERS_PER_SOLUTION, by, g, counts[g], denominator)
        for g in sorted(counts, key=_order)
    ]


def _adopters_in_order(facts: Facts) -> dict[int, list[date]]:
    """Each solution's adoption dates, one per buyer, earliest first."""
    first: dict[tuple[int, int], date] = {}
    for a in facts.adoptions:
        key = (a.solution, a.organisation)
        if key not in first or a.adopted_on < first[key]:
            first[key] = a.adopted_on
    dates: dict[int, list[date]] = {}
    for (solution, _organisation), day in first.items():
        dates.setdefault(solution, []).append(day)
    for days in dates.values():
        days.sort()
    return dates


def days_to_adopter(
    facts: Facts, by: Sequence[GroupKey], nth: int, indicator: Indicator
) -> list[dict[str, Any]]:
    dates = _adopters_in_order(facts)
    sums: dict[Group, list[int]] = {}
    for s in facts.solutions:
        if s.pilot_ended is None:
            continue
        group = tuple(
            _value(k, year=s.pilot_ended.year, place=s.pilot_place, solution=s.id) for k in by
        )
        total = sums.setdefault(group, [0, 0])
        adopted = dates.get(s.id, [])
        if len(adopted) >= nth:
            total[0] += max(0, (adopted[nth - 1] - s.pilot_ended).days)
            total[1] += 1
    if not by and not sums:
        sums[()] = [0, 0]
    return [_figure(indicator, by, g, sums[g][0], sums[g][1]) for g in sorted(sums, key=_order)]


def municipality_adoption_share(facts: Facts, by: Sequence[GroupKey]) -> list[dict[str, Any]]:
    programme = sorted(s.id for s in facts.solutions if s.programme)
    chosen = set(programme)
    # The first day each municipality adopted any programme solution, and each one of them.
    first_any: dict[str, date] = {}
    first_each: dict[tuple[str, int], date] = {}
    for a in facts.adoptions:
        if a.municipality is None or a.solution not in chosen:
            continue
        if a.municipality not in first_any or a.adopted_on < first_any[a.municipality]:
            first_any[a.municipality] = a.adopted_on
        key = (a.municipality, a.solution)
        if key not in first_each or a.adopted_on < first_each[key]:
            first_each[key] = a.adopted_on
    years: list[int | None] = [None]
    if GroupKey.YEAR in by:
        if not first_any:
            return []
        years = list(range(min(first_any.values()).year, max(first_any.values()).year + 1))
    solutions: list[int | None] = [None]
    if GroupKey.SOLUTION in by:
        solutions = list(programme)

    def adopted(number: str, solution: int | None, year: int | None) -> bool:
        day = first_any.get(number) if solution is None else first_each.get((number, solution))
        return day is not None and (year is None or day.year <= year)

    counts: dict[Group, list[int]] = {}
    for m in facts.municipalities:
        for year in years:
            for solution in solutions:
                group = tuple(
                    _value(k, year=year or 0, place=m.place, solution=solution or 0) for k in by
                )
                total = counts.setdefault(group, [0, 0])
                total[0] += adopted(m.number, solution, year)
                total[1] += 1
    if not by and not counts:
        counts[()] = [0, 0]
    return [
        _figure(Indicator.MUNICIPALITY_ADOPTION_SHARE, by, g, counts[g][0], counts[g][1])
        for g in sorted(counts, key=_order)
    ]


COMPUTE: dict[Indicator, Callable[[Facts, Sequence[GroupKey]], list[dict[str, Any]]]] = {
    Indicator.ADOPTERS_PER_SOLUTION: adopters_per_solution,
    Indicator.DAYS_TO_SECOND_ADOPTER: lambda f, by: days_to_adopter(
        f, by, 2, Indicator.DAYS_TO_SECOND_ADOPTER
    ),
    Indicator.DAYS_TO_FIFTH_ADOPTER: lambda f, by: days_to_adopter(
        f, by, 5, Indicator.DAYS_TO_FIFTH_ADOPTER
    ),
    Indicator.MUNICIPALITY_ADOPTION_SHARE: municipality_adoption_share,
}


def figures(
    facts: Facts, by: Sequence[GroupKey] = (), indicators: Iterable[Indicator] = Indicator
) -> list[dict[str, Any]]:
    """Every figure of the indicators asked for, grouped by ``by`` in that order."""
    out: list[dict[str, Any]] = []
    for indicator in indicators:
        out.extend(COMPUTE[Indicator(indicator)](facts, by))
    return out

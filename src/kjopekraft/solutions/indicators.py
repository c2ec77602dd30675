"""The spreading indicators from the database: the facts that ``spreading.py`` counts.

``spreading_indicators(by=("year",))`` gives the figures in the shape of the insight
indicators (``{"id", "group", "numerator", "denominator", "value"}``), so the dashboard, the CSV
and ``kjopekraft indicators`` can list them beside the procurement indicators.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from kjopekraft.insight.regions import municipality_size
from kjopekraft.organisations.models import Municipality, Organisation
from kjopekraft.solutions import spreading
from kjopekraft.solutions.models import Adoption, Solution
from kjopekraft.solutions.spreading import (
    AdoptionFact,
    Facts,
    GroupKey,
    Indicator,
    MunicipalityFact,
    Place,
    SolutionFact,
)

TITLES = {
    Indicator.ADOPTERS_PER_SOLUTION: _("Adopters per solution"),
    Indicator.DAYS_TO_SECOND_ADOPTER: _("Days from the end of the pilot to the second adopter"),
    Indicator.DAYS_TO_FIFTH_ADOPTER: _("Days from the end of the pilot to the fifth adopter"),
    Indicator.MUNICIPALITY_ADOPTION_SHARE: _(
        "Share of municipalities that adopted at least one programme solution"
    ),
}
SIZE_LABELS = {
    "under-5k": _("Under 5 000 inhabitants"),
    "5k-20k": _("5 000 to 19 999 inhabitants"),
    "20k-100k": _("20 000 to 99 999 inhabitants"),
    "100k-plus": _("100 000 inhabitants or more"),
    spreading.UNKNOWN: _("Unknown"),
}


def _place_of_municipality(municipality: Municipality | None) -> Place:
    if municipality is None:
        return Place()
    return Place(municipality.county.number, municipality_size(municipality.population))


def _place(organisation: Organisation | None) -> Place:
    return _place_of_municipality(organisation.municipality if organisation else None)


def load_facts() -> Facts:
    """The verified solutions, their adoptions, and every municipality."""
    solutions = list(
        Solution.objects.published().select_related("pilot_buyer__municipality__county")
    )
    adoptions = Adoption.objects.filter(solution__in=solutions).select_related(
        "organisation__municipality__county"
    )
    return Facts(
        solutions=[
            SolutionFact(
                id=s.pk,
                programme=s.origin == Solution.Origin.PROGRAMME,
                pilot_ended=s.pilot_ended,
                pilot_place=_place(s.pilot_buyer),
            )
            for s in solutions
        ],
        adoptions=[
            AdoptionFact(
                solution=a.solution_id,
                organisation=a.organisation_id,
                adopted_on=a.adopted_on,
                place=_place(a.organisation),
                municipality=(
                    a.organisation.municipality.number
                    if a.organisation.kind == Organisation.Kind.MUNICIPALITY
                    and a.organisation.municipality
                    else None
                ),
            )
            for a in adoptions
        ],
        municipalities=[
            MunicipalityFact(m.number, _place_of_municipality(m))
            for m in Municipality.objects.select_related("county")
        ],
    )


def spreading_indicators(
    by: Iterable[str] = (),
    indicators: Iterable[str] | None = None,
    *,
    year_from: int | None = None,
    year_to: int | None = None,
) -> list[dict[str, Any]]:
    """The spreading figures grouped by ``by`` (any of year, county, municipality_size,
    solution); raises :class:`spreading.InvalidQuery` for an unknown key or indicator.

    ``year_from`` and ``year_to`` keep the figures of those years and need ``year`` in ``by``:
    what a year means differs between the indicators (see ``spreading.py``), so the figures
    are not recomputed over a period.
    """
    keys: tuple[GroupKey, ...] = spreading.make_by(by)
    chosen: list[Indicator] = list(Indicator)
    if indicators is not None:
        try:
            chosen = [Indicator(i) for i in indicators]
        except ValueError:
            allowed = ", ".join(i.value for i in Indicator)
            raise spreading.InvalidQuery(f"unknown indicator; use one of {allowed}") from None
    limited = year_from is not None or year_to is not None
    if limited and GroupKey.YEAR not in keys:
        raise spreading.InvalidQuery("a range of years needs the figures grouped by year")
    figures = spreading.figures(load_facts(), keys, chosen)
    if not limited:
        return figures
    first, last = year_from or spreading.FIRST_YEAR, year_to or spreading.LAST_YEAR
    return [f for f in figures if first <= f["group"][GroupKey.YEAR.value] <= last]

"""The spreading indicators on a fixture whose every figure was counted by hand.

Six municipalities: M1, M2 and M6 in county 01, M3, M4 and M5 in county 02; M1, M3, M5 and M6
have under 5 000 inhabitants, M2 5 000–20 000, M4 over 100 000. X is a state body in county 01
(a 5 000–20 000 municipality), not a municipality.

- S1, from a programme pilot that ended 1 January 2023 in M1: adopted by M1 (1 Feb 2023),
  M2 (3 Mar 2023, 61 days after the pilot), M3 (1 Jan 2024), X (1 May 2024) and M4 (1 Jan 2025,
  731 days after the pilot);
- S2, from a programme pilot that ended 1 June 2024 in M4: adopted by M1 during the pilot
  (1 May 2024) and by M4 (1 June 2024, 0 days after);
- S3, registered by its supplier, no pilot: adopted by M5 (1 Mar 2024) and M3 (1 Feb 2025).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from solution_builders import decision, organisation, solution

from kjopekraft.organisations.models import Municipality, Organisation
from kjopekraft.solutions.indicators import load_facts, spreading_indicators
from kjopekraft.solutions.models import Adoption, PurchaseRoute, Solution
from kjopekraft.solutions.spreading import (
    AdoptionFact,
    Facts,
    GroupKey,
    InvalidQuery,
    MunicipalityFact,
    Place,
    SolutionFact,
    figures,
    make_by,
)

SMALL, MEDIUM, LARGE = "under-5k", "5k-20k", "100k-plus"
PLACES = {
    "M1": Place("01", SMALL),
    "M2": Place("01", MEDIUM),
    "M3": Place("02", SMALL),
    "M4": Place("02", LARGE),
    "M5": Place("02", SMALL),
    "M6": Place("01", SMALL),
}
ORGANISATIONS = {name: n for n, name in enumerate(["M1", "M2", "M3", "M4", "M5", "M6", "X"])}


def adoption(solution: int, who: str, day: date) -> AdoptionFact:
    place = PLACES.get(who, Place("01", MEDIUM))
    return AdoptionFact(solution, ORGANISATIONS[who], day, place, who if who in PLACES else None)


FACTS = Facts(
    solutions=[
        SolutionFact(1, True, date(2023, 1, 1), PLACES["M1"]),
        SolutionFact(2, True, date(2024, 6, 1), PLACES["M4"]),
        SolutionFact(3, False, None),
    ],
    adoptions=[
        adoption(1, "M1", date(2023, 2, 1)),
        adoption(1, "M2", date(2023, 3, 3)),
        adoption(1, "M3", date(2024, 1, 1)),
        adoption(1, "X", date(2024, 5, 1)),
        adoption(1, "M4", date(2025, 1, 1)),
        adoption(2, "M1", date(2024, 5, 1)),
        adoption(2, "M4", date(2024, 6, 1)),
        adoption(3, "M5", date(2024, 3, 1)),
        adoption(3, "M3", date(2025, 2, 1)),
    ],
    municipalities=[MunicipalityFact(name, place) for name, place in PLACES.items()],
)


def table(by: tuple[str, ...], indicator: str) -> dict[tuple[Any, ...], tuple[int, int]]:
    keys = make_by(by)
    return {
        tuple(f["group"].values()): (f["numerator"], f["denominator"])
        for f in figures(FACTS, keys)
        if f["id"] == indicator
    }


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ((), {(): (9, 3)}),
        (("year",), {(2023,): (2, 3), (2024,): (5, 3), (2025,): (2, 3)}),
        (("county",), {("01",): (4, 3), ("02",): (5, 3)}),
        (("municipality_size",), {(SMALL,): (5, 3), (MEDIUM,): (2, 3), (LARGE,): (2, 3)}),
        (("solution",), {(1,): (5, 1), (2,): (2, 1), (3,): (2, 1)}),
    ],
)
def test_adopters_per_solution(by: tuple[str, ...], expected: dict[Any, Any]) -> None:
    assert table(by, "adopters_per_solution") == expected


@pytest.mark.parametrize(
    ("by", "second", "fifth"),
    [
        ((), {(): (61, 2)}, {(): (731, 1)}),
        (("year",), {(2023,): (61, 1), (2024,): (0, 1)}, {(2023,): (731, 1), (2024,): (0, 0)}),
        (("county",), {("01",): (61, 1), ("02",): (0, 1)}, {("01",): (731, 1), ("02",): (0, 0)}),
        (("solution",), {(1,): (61, 1), (2,): (0, 1)}, {(1,): (731, 1), (2,): (0, 0)}),
    ],
)
def test_days_from_the_pilot_to_the_second_and_fifth_adopter(
    by: tuple[str, ...], second: dict[Any, Any], fifth: dict[Any, Any]
) -> None:
    assert table(by, "days_to_second_adopter") == second
    assert table(by, "days_to_fifth_adopter") == fifth


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ((), {(): (4, 6)}),
        (("year",), {(2023,): (2, 6), (2024,): (4, 6)}),
        (("county",), {("01",): (2, 3), ("02",): (2, 3)}),
        (("municipality_size",), {(SMALL,): (2, 4), (MEDIUM,): (1, 1), (LARGE,): (1, 1)}),
        (("solution",), {(1,): (4, 6), (2,): (2, 6)}),
        (
            ("year", "county"),
            {
                (2023, "01"): (2, 3),
                (2023, "02"): (0, 3),
                (2024, "01"): (2, 3),
                (2024, "02"): (2, 3),
            },
        ),
    ],
)
def test_share_of_municipalities_with_a_programme_solution(
    by: tuple[str, ...], expected: dict[Any, Any]
) -> None:
    assert table(by, "municipality_adoption_share") == expected


def test_values_are_numerator_over_denominator_or_none() -> None:
    found = {
        (f["id"], tuple(f["group"].values())): f["value"] for f in figures(FACTS, (GroupKey.YEAR,))
    }
    assert found[("adopters_per_solution", (2024,))] == pytest.approx(5 / 3)
    assert found[("days_to_second_adopter", (2023,))] == 61
    assert found[("days_to_fifth_adopter", (2024,))] is None
    assert found[("municipality_adoption_share", (2023,))] == pytest.approx(1 / 3)


def test_figures_without_data() -> None:
    empty = Facts([], [], [])
    assert [(f["id"], f["value"]) for f in figures(empty)] == [
        ("adopters_per_solution", None),
        ("days_to_second_adopter", None),
        ("days_to_fifth_adopter", None),
        ("municipality_adoption_share", None),
    ]


def test_an_unknown_grouping_is_refused() -> None:
    with pytest.raises(InvalidQuery, match="use one of year, county"):
        make_by(["buyer"])


# --- From the database -------------------------------------------------------------------------


@pytest.fixture
def recorded(db: None) -> dict[str, Any]:
    """S1 from a pilot in Utsira (1151), adopted by Utsira, Bergen (4601) and a state body."""
    today = timezone.localdate()
    supplier = organisation(Organisation.Kind.COMPANY)
    utsira = organisation(name="Utsira kommune", municipality="1151")
    bergen = organisation(name="Bergen kommune", municipality="4601")
    state = organisation(Organisation.Kind.STATE, name="Et direktorat", municipality="0301")
    s1 = solution(
        supplier,
        title="Programløsning",
        origin=Solution.Origin.PROGRAMME,
        decision=decision(utsira, supplier),
        pilot_buyer=utsira,
        pilot_ended=today - timedelta(days=100),
    )
    unverified = solution(supplier, title="Uverifisert", status=Solution.Status.SUBMITTED)
    for org, days in [(utsira, 90), (bergen, 40), (state, 10)]:
        Adoption.objects.create(
            solution=s1,
            organisation=org,
            adopted_on=today - timedelta(days=days),
            scope=Adoption.Scope.WHOLE,
            route=PurchaseRoute.FOLLOW_ON_OPTION,
        )
    Adoption.objects.create(
        solution=unverified,
        organisation=bergen,
        adopted_on=today,
        scope=Adoption.Scope.WHOLE,
        route=PurchaseRoute.NEW_COMPETITION,
    )
    return {"s1": s1, "utsira": utsira, "bergen": bergen}


def test_facts_come_from_verified_solutions_with_places_from_the_register(
    recorded: dict[str, Any],
) -> None:
    facts = load_facts()
    assert [s.id for s in facts.solutions] == [recorded["s1"].pk]
    assert facts.solutions[0].programme is True
    assert facts.solutions[0].pilot_place == Place("11", SMALL)  # Utsira, Rogaland
    by_org = {a.organisation: a for a in facts.adoptions}
    assert by_org[recorded["bergen"].pk].place == Place("46", LARGE)
    assert by_org[recorded["bergen"].pk].municipality == "4601"
    assert [a.municipality for a in facts.adoptions].count(None) == 1  # the state body
    assert len(facts.municipalities) == Municipality.objects.count()


def test_the_indicators_from_the_database(recorded: dict[str, Any]) -> None:
    found = {f["id"]: f for f in spreading_indicators()}
    assert (
        found["adopters_per_solution"]["numerator"],
        found["adopters_per_solution"]["denominator"],
    ) == (3, 1)
    assert found["days_to_second_adopter"]["value"] == 60
    assert found["days_to_fifth_adopter"]["value"] is None
    share = found["municipality_adoption_share"]
    assert (share["numerator"], share["denominator"]) == (2, Municipality.objects.count())


def test_the_spreading_page_has_tables_and_csv(recorded: dict[str, Any]) -> None:
    client = Client()
    html = client.get(reverse("solutions:spreading"), {"by": "county"}).content.decode()
    assert "Rogaland" in html and "Vestland" in html
    response = client.get(reverse("solutions:spreading"), {"by": "county", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    rogaland = [
        r for r in rows if r["indicator"] == "adopters_per_solution" and r["county"] == "11"
    ]
    assert rogaland == [
        {
            "indicator": "adopters_per_solution",
            "county": "11",
            "numerator": "1",
            "denominator": "1",
            "value": "1",
        }
    ]
    assert client.get(reverse("solutions:spreading"), {"by": "nonsense"}).status_code == 404


def test_the_command_prints_the_figures(recorded: dict[str, Any]) -> None:
    out = io.StringIO()
    call_command("spreading", "--by", "year", "--json", stdout=out)
    figures_out = json.loads(out.getvalue())
    year = timezone.localdate().year
    assert {
        "id": "days_to_second_adopter",
        "group": {"year": (timezone.localdate() - timedelta(days=100)).year},
        "numerator": 60,
        "denominator": 1,
        "value": 60.0,
    } in figures_out
    assert any(f["group"] == {"year": year} for f in figures_out)


def test_a_range_of_years_keeps_those_years(recorded: dict[str, Any]) -> None:
    year = timezone.localdate().year
    kept = spreading_indicators(by=["year"], year_from=year + 1)
    assert kept == []
    assert spreading_indicators(by=["year"], year_to=year) == spreading_indicators(by=["year"])
    with pytest.raises(InvalidQuery, match="grouped by year"):
        spreading_indicators(by=["county"], year_from=2020)

"""The indicators on six hand-computed procedures (see indicator_fixture.py), and on real data.

Per procedure (C: competition; lots counted for tenders; awards with a size, SME, with a founding
date, young):

    P1 2023 doffin C innovation  procedural/criteria/none  keyword dialogue  lots 3+1 tenders
       (one single bid)   awards: small (founded 2020: young), large
    P2 2023 doffin C open        indicative/none/reserved  -       -         no results
    P3 2024 ted    C restricted  none/text/none            keyword -         lot 5 tenders; medium
    P4 2023 doffin - neg-wo-call none/none/none            -       -         direct award: not
       counted for tenders; large
    P5 2022 doffin C comp-dial   procedural/declared/declared -    dialogue  no results
    P6 2022 ted    - open        none/none/none            -       -         lot 2 tenders; sme and
       one without size (the modification's 9 tenders and "large" are not read)

Totals: competitions P1 P2 P3 P5 = 4; lots counted P1×2 P3 P6 = 4 with 3+1+5+2 = 11 tenders;
awards with a size P1×2 P3 P4 P6 = 5, of which SME small, medium, sme = 3; founding date known
for 1 award, young.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from indicator_fixture import load

from kjopekraft.insight import indicators
from kjopekraft.insight.indicators import make_query
from kjopekraft.insight.models import IndicatorRollup, LotFact, ProcedureAssessment, ProcedureFact
from kjopekraft.insight.procedure_facts import rebuild_rollups, stale_procedures
from kjopekraft.notices.ingest import ingest
from kjopekraft.notices.models import Procedure

ROOT = Path(__file__).resolve().parents[2]
NOTICES = ROOT / "data" / "notices"

pytestmark = pytest.mark.django_db


@pytest.fixture
def six(db: None) -> None:
    load()


def figures(**params: Any) -> list[dict[str, Any]]:
    query = make_query(
        params.get("by", ()), params.get("year_from"), params.get("year_to"), params.get("source")
    )
    return IndicatorRollup.objects.figures(query)


def table(found: list[dict[str, Any]]) -> dict[tuple[Any, ...], tuple[int, int, float | None]]:
    """{(id, *group values): (numerator, denominator, value)}"""
    return {
        (f["id"], *f["group"].values()): (f["numerator"], f["denominator"], f["value"])
        for f in found
    }


def test_each_indicator_over_everything(six: None) -> None:
    assert table(figures()) == {
        ("innovation_procedure_share",): (2, 4, 0.5),  # P1 innovation, P5 comp-dial
        ("innovation_level_share",): (3, 4, 0.75),  # P1, P2, P5
        ("innovation_keyword_share",): (2, 4, 0.5),  # P1, P3
        ("market_dialogue_share",): (2, 4, 0.5),  # P1, P5
        ("green_share",): (3, 4, 0.75),  # P1 criteria, P3 text, P5 declared
        ("social_share",): (2, 4, 0.5),  # P2 reserved, P5 declared
        ("avg_tenders_received",): (11, 4, 2.75),  # (3 + 1 + 5 + 2) / 4
        ("single_bid_share",): (1, 4, 0.25),  # P1 LOT-0002
        ("sme_winner_share",): (3, 5, 0.6),
        ("young_winner_share",): (1, 1, 1.0),
    }


def test_every_indicator_once_with_an_empty_group_in_a_fixed_order(six: None) -> None:
    found = figures()
    assert [f["id"] for f in found] == [
        "innovation_procedure_share",
        "innovation_level_share",
        "innovation_keyword_share",
        "market_dialogue_share",
        "green_share",
        "social_share",
        "avg_tenders_received",
        "single_bid_share",
        "sme_winner_share",
        "young_winner_share",
    ]
    assert all(f["group"] == {} for f in found)


def test_by_year(six: None) -> None:
    # 2022: P5 (competition), P6. 2023: P1, P2 (competitions), P4. 2024: P3.
    assert table(figures(by=["year"])) == {
        ("innovation_procedure_share", 2022): (1, 1, 1.0),
        ("innovation_procedure_share", 2023): (1, 2, 0.5),
        ("innovation_procedure_share", 2024): (0, 1, 0.0),
        ("innovation_level_share", 2022): (1, 1, 1.0),
        ("innovation_level_share", 2023): (2, 2, 1.0),
        ("innovation_level_share", 2024): (0, 1, 0.0),
        ("innovation_keyword_share", 2022): (0, 1, 0.0),
        ("innovation_keyword_share", 2023): (1, 2, 0.5),
        ("innovation_keyword_share", 2024): (1, 1, 1.0),
        ("market_dialogue_share", 2022): (1, 1, 1.0),
        ("market_dialogue_share", 2023): (1, 2, 0.5),
        ("market_dialogue_share", 2024): (0, 1, 0.0),
        ("green_share", 2022): (1, 1, 1.0),
        ("green_share", 2023): (1, 2, 0.5),
        ("green_share", 2024): (1, 1, 1.0),
        ("social_share", 2022): (1, 1, 1.0),
        ("social_share", 2023): (1, 2, 0.5),
        ("social_share", 2024): (0, 1, 0.0),
        ("avg_tenders_received", 2022): (2, 1, 2.0),  # P6
        ("avg_tenders_received", 2023): (4, 2, 2.0),  # P1; P4 is a direct award
        ("avg_tenders_received", 2024): (5, 1, 5.0),  # P3
        ("single_bid_share", 2022): (0, 1, 0.0),
        ("single_bid_share", 2023): (1, 2, 0.5),
        ("single_bid_share", 2024): (0, 1, 0.0),
        ("sme_winner_share", 2022): (1, 1, 1.0),  # P6: sme; the one without a size left out
        ("sme_winner_share", 2023): (1, 3, 1 / 3),  # P1: small, large; P4: large
        ("sme_winner_share", 2024): (1, 1, 1.0),  # P3: medium
        ("young_winner_share", 2022): (0, 0, None),
        ("young_winner_share", 2023): (1, 1, 1.0),
        ("young_winner_share", 2024): (0, 0, None),
    }
    assert [f["group"] for f in figures(by=["year"])][:3] == [
        {"year": 2022},
        {"year": 2023},
        {"year": 2024},
    ]


def test_by_year_and_level_splits_the_level_shares_only(six: None) -> None:
    found = table(figures(by=["year", "level"]))
    # 2023: P1 procedural, P2 indicative, out of 2 competitions; the shares add up to 1.
    assert [found[("innovation_level_share", 2023, level)] for level in LEVELS["innovation"]] == [
        (0, 2, 0.0),
        (1, 2, 0.5),
        (1, 2, 0.5),
        (0, 2, 0.0),
    ]
    # 2022: P5 green declared, social declared.
    assert found[("green_share", 2022, "declared")] == (1, 1, 1.0)
    assert found[("green_share", 2022, "none")] == (0, 1, 0.0)
    assert found[("social_share", 2023, "reserved")] == (1, 2, 0.5)  # P2
    assert found[("social_share", 2023, "none")] == (1, 2, 0.5)  # P1
    assert found[("green_share", 2024, "text")] == (1, 1, 1.0)  # P3
    # The other indicators are grouped by year only.
    assert found[("innovation_procedure_share", 2023)] == (1, 2, 0.5)
    assert found[("avg_tenders_received", 2024)] == (5, 1, 5.0)
    levels = [f["group"] for f in figures(by=["level", "year"]) if f["id"] == "social_share"]
    assert levels[:4] == [
        {"level": "declared", "year": 2022},
        {"level": "reserved", "year": 2022},
        {"level": "text", "year": 2022},
        {"level": "none", "year": 2022},
    ]


LEVELS = {"innovation": ["declared", "procedural", "indicative", "none"]}


def test_level_alone_breaks_down_over_all_competitions(six: None) -> None:
    found = table(figures(by=["level"]))
    assert found[("innovation_level_share", "procedural")] == (2, 4, 0.5)  # P1, P5
    assert found[("innovation_level_share", "indicative")] == (1, 4, 0.25)  # P2
    assert found[("innovation_level_share", "none")] == (1, 4, 0.25)  # P3
    assert found[("innovation_procedure_share",)] == (2, 4, 0.5)


def test_by_source(six: None) -> None:
    found = table(figures(by=["source"]))
    assert found[("innovation_procedure_share", "doffin")] == (2, 3, 2 / 3)  # P1, P5 of P1 P2 P5
    assert found[("innovation_procedure_share", "ted")] == (0, 1, 0.0)  # P3
    assert found[("sme_winner_share", "doffin")] == (1, 3, 1 / 3)  # P1 small, large; P4 large
    assert found[("sme_winner_share", "ted")] == (2, 2, 1.0)  # P3 medium, P6 sme


def test_by_buyer_kind(six: None) -> None:
    found = table(figures(by=["buyer_kind"]))
    # Municipalities: Stavanger and Utsira by the register, Stockholm by BT-11 (la).
    assert found[("innovation_level_share", "municipality")] == (2, 3, 2 / 3)  # P1, P2 of P1-P3
    assert found[("innovation_level_share", "county")] == (1, 1, 1.0)  # P5 by its name
    assert found[("innovation_level_share", "state")] == (0, 0, None)  # P4 is no competition
    assert found[("sme_winner_share", "state")] == (0, 1, 0.0)  # P4's large winner
    assert found[("sme_winner_share", "public-enterprise")] == (1, 1, 1.0)  # P6: BT-11 body-pl


def test_by_municipality_size_and_county(six: None) -> None:
    sizes = table(figures(by=["municipality_size"]))
    # P1 Stavanger (151 669) and P4 Oslo (placed by the town "OSLO"): 100k-plus.
    assert sizes[("innovation_level_share", "100k-plus")] == (1, 1, 1.0)
    assert sizes[("sme_winner_share", "100k-plus")] == (1, 3, 1 / 3)
    assert sizes[("innovation_level_share", "under-5k")] == (1, 1, 1.0)  # P2 Utsira (219)
    # P5: Vestland from NUTS, but Lysaker is no municipality: the size is unknown.
    assert sizes[("innovation_procedure_share", "unknown")] == (1, 1, 1.0)
    assert sizes[("innovation_procedure_share", "abroad")] == (0, 1, 0.0)  # P3; P6 no competition
    assert [f["group"]["municipality_size"] for f in figures(by=["municipality_size"])][:5] == [
        "100k-plus",
        "under-5k",
        "abroad",
        "unknown",
        "100k-plus",
    ]

    counties = table(figures(by=["county"]))
    assert counties[("innovation_level_share", "11")] == (2, 2, 1.0)  # P1, P2: Rogaland
    assert counties[("innovation_level_share", "03")] == (0, 0, None)  # P4: Oslo, no competition
    assert counties[("sme_winner_share", "03")] == (0, 1, 0.0)
    assert counties[("market_dialogue_share", "46")] == (1, 1, 1.0)  # P5: Vestland (NO0A2)
    assert counties[("avg_tenders_received", "abroad")] == (7, 2, 3.5)  # P3 5, P6 2


def test_by_cpv_division_procedure_type_and_value_band(six: None) -> None:
    cpv = table(figures(by=["cpv_division"]))
    assert cpv[("innovation_procedure_share", "72")] == (1, 1, 1.0)  # P1
    assert cpv[("innovation_procedure_share", "79")] == (1, 1, 1.0)  # P5, from its lots
    assert cpv[("green_share", "33")] == (1, 1, 1.0)  # P3
    assert cpv[("avg_tenders_received", "50")] == (2, 1, 2.0)  # P6

    types = table(figures(by=["procedure_type"]))
    assert types[("innovation_procedure_share", "innovation")] == (1, 1, 1.0)
    assert types[("innovation_procedure_share", "comp-dial")] == (1, 1, 1.0)
    assert types[("innovation_procedure_share", "open")] == (0, 1, 0.0)  # P2; P6 no competition
    assert types[("single_bid_share", "neg-wo-call")] == (0, 0, None)  # the direct award

    bands = table(figures(by=["value_band"]))
    # P1 1 000 000 NOK and P6 505 130 NOK (50 000 EUR awarded, 2022 rate 10.1026).
    assert bands[("avg_tenders_received", "100k-1.3m")] == (6, 3, 2.0)
    # P5: its lots add up to exactly 1 300 000 NOK, the lower bound of the band.
    assert bands[("innovation_procedure_share", "1.3m-2.3m")] == (1, 1, 1.0)
    # P2: 1 000 000 EUR × 11.4248 (2023) = 11 424 800 NOK.
    assert bands[("social_share", "2.3m-57.8m")] == (1, 1, 1.0)
    assert bands[("innovation_keyword_share", "unknown")] == (1, 1, 1.0)  # P3; P4 no competition


def test_facts_of_the_procedures(six: None) -> None:
    fact = ProcedureFact.objects.get(procedure__key="P5")
    assert (fact.year, fact.county, fact.municipality, fact.buyer_kind) == (
        2022,
        "46",
        "",
        "county",
    )
    p4 = ProcedureFact.objects.get(procedure__key="P4")
    assert (p4.county, p4.municipality, p4.municipality_size) == ("03", "0301", "100k-plus")
    p1 = ProcedureFact.objects.get(procedure__key="P1")
    assert (p1.year, p1.municipality, p1.value_nok) == (2023, "1103", 1_000_000)
    lots = LotFact.objects.filter(procedure__key="P6")
    assert [(lot.lot_id, lot.tenders_received, lot.bid_lots) for lot in lots] == [("1", 2, 1)]


def test_years_and_source_filter_and_a_combination_outside_the_rollups(six: None) -> None:
    found = table(figures(year_from=2023, year_to=2023))
    assert found[("innovation_procedure_share",)] == (1, 2, 0.5)
    assert found[("sme_winner_share",)] == (1, 3, 1 / 3)
    assert table(figures(year_from=2024))[("avg_tenders_received",)] == (5, 1, 5.0)
    assert table(figures(source="ted"))[("avg_tenders_received",)] == (7, 2, 3.5)
    # Two breakdowns besides year: answered from the facts, the same rules.
    query = make_query(["county", "cpv_division"])
    assert not IndicatorRollup.objects.covers(query)
    both = table(IndicatorRollup.objects.figures(query))
    assert both[("innovation_procedure_share", "11", "72")] == (1, 1, 1.0)
    assert both[("innovation_procedure_share", "11", "45")] == (0, 1, 0.0)
    assert ("innovation_procedure_share", "11", "79") not in both


def test_nothing_matches(six: None) -> None:
    assert figures(year_from=2030) == []
    assert figures(by=["year"], source="ted", year_to=2021) == []


def test_command_prints_the_json_shape(six: None, capsys: Any) -> None:
    call_command("indicators", "--json", "--by", "year", "level", "--from", "2023", "--to", "2023")
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"indicators"}
    first = out["indicators"][0]
    assert first == {
        "id": "innovation_procedure_share",
        "group": {"year": 2023},
        "numerator": 1,
        "denominator": 2,
        "value": 0.5,
    }
    assert {"id": "innovation_level_share", "group": {"year": 2023, "level": "indicative"},
            "numerator": 1, "denominator": 2, "value": 0.5} in out["indicators"]  # fmt: skip
    call_command("indicators", "--json", "--source", "ted", "--by", "source")
    assert {f["group"]["source"] for f in json.loads(capsys.readouterr().out)["indicators"]} == {
        "ted"
    }
    call_command("indicators")
    assert "avg_tenders_received" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["--by", "colour"],
        ["--by", "year", "colour"],
        ["--from", "twenty"],
        ["--from", "2024", "--to", "2023"],
        ["--source", "mercell"],
        ["--to", "99999"],
    ],
)
def test_command_usage_errors_exit_2(args: list[str]) -> None:
    with pytest.raises(CommandError) as error:
        call_command("indicators", "--json", *args)
    assert error.value.returncode == 2


def test_api_gives_the_same_figures_as_the_command(six: None, client: Client, capsys: Any) -> None:
    call_command("indicators", "--json", "--by", "county", "level", "--source", "doffin")
    command = json.loads(capsys.readouterr().out)
    response = client.get("/api/indicators/?by=county&by=level&source=doffin")
    assert response.status_code == 200
    assert response.json() == command
    assert client.get("/api/indicators/?by=county,level&source=doffin").json() == command
    plain = client.get("/api/indicators/").json()["indicators"]
    assert plain[0] == {
        "id": "innovation_procedure_share",
        "group": {},
        "numerator": 2,
        "denominator": 4,
        "value": 0.5,
    }
    assert client.get("/api/indicators/?from=2023&to=2023").json() == {
        "indicators": figures(year_from=2023, year_to=2023)
    }


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("by=colour", "by"),
        ("by=year,colour", "by"),
        ("from=abc", "from"),
        ("from=2024&to=2023", "to"),
        ("source=mercell", "source"),
    ],
)
def test_api_rejects_bad_parameters(client: Client, query: str, field: str) -> None:
    response = client.get(f"/api/indicators/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert body[field][0]


def test_openapi_documents_the_indicators(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/indicators/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"by", "from", "to", "source"}
    assert set(operation["responses"]) == {"200", "400"}
    assert "Indicators" in schema["components"]["schemas"]


def test_facts_follow_every_ingest_and_the_rollups_stay_exact(db: None) -> None:
    ingest([NOTICES / "doffin-eforms"])
    assert ProcedureFact.objects.count() == Procedure.objects.count() > 0
    ingest([NOTICES / "ted-eforms"])
    assert ProcedureFact.objects.count() == Procedure.objects.count()
    assert stale_procedures() == []
    # Made procedure by procedure, the roll-ups equal those added up from all the facts.
    columns = [f.attname for f in IndicatorRollup._meta.concrete_fields if f.attname != "id"]
    incremental = sorted(IndicatorRollup.objects.values_list(*columns), key=str)
    rebuild_rollups()
    assert sorted(IndicatorRollup.objects.values_list(*columns), key=str) == incremental
    # Every query the roll-ups answer, they answer as the facts would.
    for by in ([], ["year"], ["year", "level"], ["county", "source"], ["buyer_kind", "level"]):
        query = make_query(by)
        assert IndicatorRollup.objects.covers(query)
        from_facts = indicators.figures(ProcedureFact.objects.sums(query), query)
        assert IndicatorRollup.objects.figures(query) == from_facts


def test_build_facts_finds_stale_facts(six: None, capsys: Any) -> None:
    assert stale_procedures() == []
    p2 = Procedure.objects.get(key="P2")
    ProcedureAssessment.objects.filter(procedure=p2).update(innovation="declared")
    ProcedureAssessment.objects.get(procedure=p2).save()  # a new assessment: newer than the facts
    assert stale_procedures() == [p2.pk]
    call_command("build_facts", "--json", "--dry-run")
    assert json.loads(capsys.readouterr().out) == {"selected": 1, "built": 0, "rollups": 0}
    call_command("build_facts", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["selected"] == result["built"] == 1
    assert stale_procedures() == []
    levels = table(figures(by=["level"]))
    assert levels[("innovation_level_share", "declared")] == (1, 4, 0.25)
    call_command("build_facts", "--all", "--json")
    assert json.loads(capsys.readouterr().out)["built"] == 6

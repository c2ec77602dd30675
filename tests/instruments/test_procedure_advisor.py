"""The procedure advisor's rules, scenario by scenario, with the regulation each answer rests on.

Thresholds from 14 March 2024 (NOK excluding VAT): 100 000 (anskaffelsesloven § 2: below it the
rules do not apply), 1 300 000 (national threshold, FOA § 5-1), EEA thresholds (FOA § 5-3)
1 490 000 for central government goods and services, 2 300 000 for other buyers' goods and
services, 57 800 000 for works; utilities (forsyningsforskriften) 4 600 000 for goods and
services and 57 800 000 for works. A value equal to a threshold is at or above it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kjopekraft.instruments import advisor
from kjopekraft.instruments import thresholds as th
from kjopekraft.instruments.advisor import Procedure as P
from kjopekraft.instruments.advisor import Status as S

TODAY = date(2025, 6, 1)
CATALOGUE = Path(advisor.__file__).resolve().parent / "data" / "instruments.json"


@dataclass(frozen=True)
class Scenario:
    name: str
    question: dict[str, str]
    regulation: str
    regime: str
    # procedure code -> (status, basis); only the procedures the scenario is about
    procedures: dict[str, tuple[str, str]] = field(default_factory=dict)
    dialogue_basis: str | None = None
    only: tuple[str, ...] | None = None  # the complete list of procedure codes, when it matters


def q(kind: str, kind_of_purchase: str, value: int | str, **answers: str) -> dict[str, str]:
    return {"buyer_kind": kind, "type": kind_of_purchase, "value": str(value), **answers}


OPEN_ALWAYS = (S.ALLOWED, "FOA § 13-1 (1)")
NEGOTIATION = "FOA § 13-1 (2), § 13-2"
PART_I_FREE = "FOA del I; anskaffelsesloven § 4"

SCENARIOS = [
    # -- which part applies: each threshold, exactly on it and one krone below ------------------
    # anskaffelsesloven § 2: below NOK 100 000 the rules do not apply.
    Scenario(
        "state goods one krone below part I",
        q("state", "goods", 99_999),
        "foa",
        "below-part-i",
        {P.DIRECT: (S.ALLOWED, "anskaffelsesloven § 2")},
        dialogue_basis="anskaffelsesloven § 2",
        only=(P.DIRECT,),
    ),
    # FOA § 5-1: from NOK 100 000 part I applies; the value on the threshold is at it.
    Scenario(
        "state goods exactly on the part I threshold",
        q("state", "goods", 100_000),
        "foa",
        "part-i",
        {P.OPEN: (S.ALLOWED, PART_I_FREE), P.NEG_W_CALL: (S.ALLOWED, PART_I_FREE)},
        dialogue_basis="anskaffelsesloven § 4",
    ),
    # FOA § 5-1: below the national threshold only part I applies.
    Scenario(
        "other services one krone below the national threshold",
        q("other", "services", 1_299_999),
        "foa",
        "part-i",
    ),
    # FOA § 5-1: from the national threshold (1.3 million) part II applies.
    Scenario(
        "other services exactly on the national threshold",
        q("other", "services", 1_300_000),
        "foa",
        "part-ii",
        dialogue_basis="FOA § 9-3",
    ),
    # FOA § 5-3: central government's EEA threshold for goods is 1.49 million.
    Scenario(
        "state goods one krone below the state EEA threshold",
        q("state", "goods", 1_489_999),
        "foa",
        "part-ii",
    ),
    Scenario(
        "state goods exactly on the state EEA threshold",
        q("state", "goods", 1_490_000),
        "foa",
        "part-iii",
        {P.OPEN: OPEN_ALWAYS, P.RESTRICTED: OPEN_ALWAYS},
        dialogue_basis="FOA § 12-2",
    ),
    Scenario(
        "state services exactly on the state EEA threshold",
        q("state", "services", 1_490_000),
        "foa",
        "part-iii",
    ),
    # FOA § 5-3: other buyers' threshold (2.3 million) is higher than central government's.
    Scenario(
        "other goods at the state threshold are still part II",
        q("other", "goods", 1_490_000),
        "foa",
        "part-ii",
    ),
    Scenario(
        "other goods one krone below the other buyers' EEA threshold",
        q("other", "goods", 2_299_999),
        "foa",
        "part-ii",
    ),
    Scenario(
        "other goods exactly on the other buyers' EEA threshold",
        q("other", "goods", 2_300_000),
        "foa",
        "part-iii",
    ),
    # FOA § 5-3: works have one EEA threshold for every public buyer, 57.8 million.
    Scenario(
        "state works one krone below the works threshold",
        q("state", "works", 57_799_999),
        "foa",
        "part-ii",
    ),
    Scenario(
        "state works exactly on the works threshold",
        q("state", "works", 57_800_000),
        "foa",
        "part-iii",
    ),
    Scenario(
        "other works exactly on the works threshold",
        q("other", "works", 57_800_000),
        "foa",
        "part-iii",
    ),
    Scenario(
        "other works at the goods threshold are part II",
        q("other", "works", 2_300_000),
        "foa",
        "part-ii",
    ),
    # Forsyningsforskriften: utilities' EEA threshold for goods and services is 4.6 million.
    Scenario(
        "utility goods one krone below the utilities' threshold",
        q("utility", "goods", 4_599_999),
        "fos",
        "fos-below-eea",
        {P.OPEN: (S.ALLOWED, "anskaffelsesloven § 4")},
    ),
    Scenario(
        "utility goods exactly on the utilities' threshold",
        q("utility", "goods", 4_600_000),
        "fos",
        "fos-above-eea",
        {
            P.OPEN: (S.ALLOWED, "forsyningsforskriften"),
            # Utilities choose freely among the procedures, negotiation included.
            P.NEG_W_CALL: (S.ALLOWED, "forsyningsforskriften"),
            P.COMP_DIAL: (S.ALLOWED, "forsyningsforskriften"),
        },
    ),
    Scenario(
        "utility services exactly on the utilities' threshold",
        q("utility", "services", 4_600_000),
        "fos",
        "fos-above-eea",
    ),
    # Utilities' works threshold: 57.8 million.
    Scenario(
        "utility works one krone below the utilities' works threshold",
        q("utility", "works", 57_799_999),
        "fos",
        "fos-below-eea",
    ),
    Scenario(
        "utility works exactly on the utilities' works threshold",
        q("utility", "works", 57_800_000),
        "fos",
        "fos-above-eea",
    ),
    Scenario(
        "a small utility purchase is below the utilities' threshold",
        q("utility", "goods", 50_000),
        "fos",
        "fos-below-eea",
    ),
    # -- part III: negotiation and dialogue only on the grounds of FOA § 13-2 -------------------
    # A solution exists, needs no adaptation and can be specified: none of the grounds.
    Scenario(
        "part III, off-the-shelf: no negotiation, no innovation partnership",
        q(
            "state",
            "services",
            2_000_000,
            exists_on_market="yes",
            needs_development="no",
            can_specify="yes",
        ),
        "foa",
        "part-iii",
        {
            P.OPEN: OPEN_ALWAYS,
            P.NEG_W_CALL: (S.NOT_ALLOWED, NEGOTIATION),
            P.COMP_DIAL: (S.NOT_ALLOWED, NEGOTIATION),
            # FOA § 13-1 (3): only for a need the market cannot meet with what it has.
            P.INNOVATION: (S.NOT_ALLOWED, "FOA § 13-1 (3)"),
        },
    ),
    # § 13-2: the need cannot be met without adapting readily available solutions.
    Scenario(
        "part III, the solution must be adapted",
        q("state", "services", 2_000_000, needs_development="yes"),
        "foa",
        "part-iii",
        {P.NEG_W_CALL: (S.ALLOWED, NEGOTIATION), P.COMP_DIAL: (S.ALLOWED, NEGOTIATION)},
    ),
    # § 13-2: the technical specifications cannot be set precisely enough.
    Scenario(
        "part III, the need cannot be specified precisely",
        q("other", "goods", 3_000_000, can_specify="no"),
        "foa",
        "part-iii",
        {P.NEG_W_CALL: (S.ALLOWED, NEGOTIATION)},
    ),
    # § 13-2 (innovative solutions) and § 13-1 (3) (the market has nothing that meets the need).
    Scenario(
        "part III, nothing on the market: negotiation and innovation partnership",
        q("other", "services", 3_000_000, exists_on_market="no", needs_development="yes"),
        "foa",
        "part-iii",
        {
            P.NEG_W_CALL: (S.ALLOWED, NEGOTIATION),
            P.INNOVATION: (S.ALLOWED, "FOA § 13-1 (3)"),
        },
    ),
    # Nothing answered: the grounds of § 13-2 and § 13-1 (3) are not settled.
    Scenario(
        "part III, no answers: conditional",
        q("state", "goods", 5_000_000),
        "foa",
        "part-iii",
        {
            P.NEG_W_CALL: (S.CONDITIONAL, NEGOTIATION),
            P.INNOVATION: (S.CONDITIONAL, "FOA § 13-1 (3)"),
            P.PCP: (S.CONDITIONAL, "FOA § 2-5"),
        },
        only=(P.OPEN, P.RESTRICTED, P.NEG_W_CALL, P.COMP_DIAL, P.INNOVATION, P.PCP),
    ),
    Scenario(
        "part III, development needed but the market not known: innovation conditional",
        q("state", "goods", 5_000_000, needs_development="yes"),
        "foa",
        "part-iii",
        {P.INNOVATION: (S.CONDITIONAL, "FOA § 13-1 (3)")},
    ),
    # -- part II: the buyer chooses the procedure; negotiation is not tied to § 13-2 ----------
    Scenario(
        "part II, off-the-shelf: negotiation still allowed",
        q(
            "other",
            "services",
            2_000_000,
            exists_on_market="yes",
            needs_development="no",
            can_specify="yes",
        ),
        "foa",
        "part-ii",
        {
            P.OPEN: (S.ALLOWED, "FOA del II"),
            P.NEG_W_CALL: (S.ALLOWED, "FOA del II"),
            P.COMP_DIAL: (S.ALLOWED, "FOA del II"),
            P.INNOVATION: (S.NOT_ALLOWED, "FOA § 13-1 (3)"),
        },
        dialogue_basis="FOA § 9-3",
    ),
    Scenario(
        "part II, nothing on the market: innovation partnership allowed",
        q("other", "services", 2_000_000, exists_on_market="no"),
        "foa",
        "part-ii",
        {P.INNOVATION: (S.ALLOWED, "FOA § 13-1 (3)")},
    ),
    # -- part I: no procedure rules, only the basic principles (anskaffelsesloven § 4) ---------
    Scenario(
        "part I, the buyer chooses freely",
        q("other", "goods", 500_000, exists_on_market="yes"),
        "foa",
        "part-i",
        {
            P.OPEN: (S.ALLOWED, PART_I_FREE),
            P.RESTRICTED: (S.ALLOWED, PART_I_FREE),
            P.NEG_W_CALL: (S.ALLOWED, PART_I_FREE),
            P.COMP_DIAL: (S.ALLOWED, PART_I_FREE),
            P.INNOVATION: (S.NOT_ALLOWED, "FOA § 13-1 (3)"),
        },
    ),
    # -- the research-and-development exemption, FOA § 2-5 ------------------------------------
    # Mainly R&D and the buyer does not keep all the benefit: exempt.
    Scenario(
        "pre-commercial procurement: mainly R&D, benefit shared",
        q("state", "services", 4_000_000, mainly_rnd="yes", buyer_keeps_benefit="no"),
        "foa",
        "part-iii",
        {P.PCP: (S.ALLOWED, "FOA § 2-5")},
    ),
    # Mainly R&D but the buyer keeps all the benefit: exempt only if it does not pay for all.
    Scenario(
        "pre-commercial procurement: mainly R&D, buyer keeps the benefit",
        q("state", "services", 4_000_000, mainly_rnd="yes", buyer_keeps_benefit="yes"),
        "foa",
        "part-iii",
        {P.PCP: (S.CONDITIONAL, "FOA § 2-5")},
    ),
    # Not mainly R&D: the exemption does not apply.
    Scenario(
        "pre-commercial procurement: not mainly R&D",
        q("other", "services", 1_500_000, mainly_rnd="no", buyer_keeps_benefit="no"),
        "foa",
        "part-ii",
        {P.PCP: (S.NOT_ALLOWED, "FOA § 2-5")},
    ),
    Scenario(
        "pre-commercial procurement: benefit unknown",
        q("other", "services", 1_500_000, mainly_rnd="yes"),
        "foa",
        "part-ii",
        {P.PCP: (S.CONDITIONAL, "FOA § 2-5")},
    ),
    Scenario(
        "pre-commercial procurement by a utility",
        q("utility", "services", 6_000_000, mainly_rnd="yes", buyer_keeps_benefit="no"),
        "fos",
        "fos-above-eea",
        {P.PCP: (S.ALLOWED, "forsyningsforskriften")},
    ),
    # -- utilities and innovation partnership ---------------------------------------------------
    Scenario(
        "utility, the market has a solution: no innovation partnership",
        q("utility", "goods", 6_000_000, exists_on_market="yes"),
        "fos",
        "fos-above-eea",
        {P.INNOVATION: (S.NOT_ALLOWED, "forsyningsforskriften")},
    ),
    Scenario(
        "values written with spaces and a decimal comma",
        q("state", "goods", "1 490 000,00"),
        "foa",
        "part-iii",
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario(scenario: Scenario) -> None:
    advice = advisor.advise(advisor.parse_question(scenario.question, TODAY))
    assert advice.regulation == scenario.regulation
    assert advice.regime == scenario.regime
    for code, (status, basis) in scenario.procedures.items():
        procedure = advice.procedure(advisor.Procedure(code))
        assert procedure is not None, code
        assert (procedure.status, procedure.basis) == (status, basis), code
        assert procedure.why, code
    if scenario.dialogue_basis:
        assert advice.dialogue_basis == scenario.dialogue_basis
    if scenario.only is not None:
        assert tuple(p.code for p in advice.procedures) == scenario.only


def test_there_are_at_least_thirty_scenarios() -> None:
    assert len(SCENARIOS) >= 30


def test_every_threshold_is_tested_exactly_on_its_value() -> None:
    period = th.period_for(TODAY)
    on_threshold = {
        Decimal(s.question["value"].replace(" ", "").replace(",", ".")) for s in SCENARIOS
    }
    assert set(map(Decimal, period.values.values())) <= on_threshold


def test_the_answer_shows_the_period_and_the_threshold_applied() -> None:
    question = advisor.parse_question(q("other", "services", 3_000_000), TODAY)
    document = advisor.advise(question).as_document(str)
    assert document["threshold"]["period_start"] == "2024-03-14"
    assert document["threshold"]["applied"] == "eea_other_goods_services"
    assert document["threshold"]["values"]["eea_other_goods_services"] == 2_300_000
    assert "regjeringen.no" in document["threshold"]["source"]
    assert set(document) >= {"regulation", "regime", "threshold", "procedures", "instruments"}
    for procedure in document["procedures"]:
        assert set(procedure) == {"code", "status", "basis", "why"}


def test_the_grounds_of_section_13_2_are_named() -> None:
    question = advisor.parse_question(
        q("state", "goods", 2_000_000, needs_development="yes", can_specify="no"), TODAY
    )
    negotiation = advisor.advise(question).procedure(P.NEG_W_CALL)
    assert negotiation is not None
    why = advisor.render_all(negotiation.why, str)
    assert "adapting or developing" in why
    assert "specified precisely enough" in why


# -- threshold periods ---------------------------------------------------------------------


def test_the_first_day_of_the_period_belongs_to_it() -> None:
    question = advisor.parse_question(q("state", "goods", 1_490_000, date="2024-03-14"), TODAY)
    assert advisor.advise(question).period.period_start == date(2024, 3, 14)


def test_a_date_before_the_first_period_is_refused() -> None:
    with pytest.raises(advisor.InvalidQuestion) as error:
        advisor.parse_question(q("state", "goods", 1_000_000, date="2024-03-13"), TODAY)
    assert list(error.value.errors) == ["date"]
    assert error.value.errors["date"][0].params == {"start": "2024-03-14"}


def test_the_newest_period_that_has_started_applies() -> None:
    lower = {th.PART_I: 100_000, th.NATIONAL: 500_000}
    document = {
        "periods": [
            {
                "period_start": "2024-03-14",
                "source": "test",
                "values": dict.fromkeys(th.KEYS, 1_000_000) | lower,
            },
            {
                "period_start": "2026-03-14",
                "source": "a later period",
                "values": dict.fromkeys(th.KEYS, 2_000_000) | lower,
            },
        ]
    }
    periods = th.parse_periods(document)
    assert th.period_for(date(2026, 3, 13), periods).source == "test"
    assert th.period_for(date(2026, 3, 14), periods).source == "a later period"
    assert th.period_for(date(2030, 1, 1), periods).source == "a later period"
    question = advisor.parse_question(q("state", "goods", 1_500_000), date(2026, 5, 1), periods)
    # 1.5 million is part III in the first period and part II in the later one.
    assert advisor.advise(question, periods).regime == "part-ii"
    with pytest.raises(th.NoThresholdPeriod):
        th.period_for(date(2024, 1, 1), periods)


@pytest.mark.parametrize(
    "document",
    [
        {"periods": []},
        {"periods": [{"period_start": "2024-03-14", "source": "x", "values": {}}]},
        {"periods": [{"period_start": "not a date", "source": "x", "values": {}}]},
        {
            "periods": [
                {"period_start": "2024-03-14", "source": "", "values": dict.fromkeys(th.KEYS, 1)}
            ]
        },
        {
            "periods": [
                {"period_start": "2024-03-14", "source": "x", "values": dict.fromkeys(th.KEYS, 0)}
            ]
        },
        {
            "periods": [
                {"period_start": "2024-03-14", "source": "x", "values": dict.fromkeys(th.KEYS, 1)},
                {"period_start": "2024-03-14", "source": "y", "values": dict.fromkeys(th.KEYS, 2)},
            ]
        },
    ],
)
def test_a_malformed_thresholds_file_is_refused(document: dict[str, Any]) -> None:
    with pytest.raises(th.ThresholdDataError):
        th.parse_periods(document)


def test_the_shipped_thresholds_are_those_of_14_march_2024() -> None:
    (period,) = th.load_periods()
    assert period.period_start == date(2024, 3, 14)
    assert dict(period.values) == {
        "part_i": 100_000,
        "national": 1_300_000,
        "eea_state_goods_services": 1_490_000,
        "eea_other_goods_services": 2_300_000,
        "eea_works": 57_800_000,
        "fos_goods_services": 4_600_000,
        "fos_works": 57_800_000,
    }


# -- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "fields"),
    [
        (q("state", "goods", -1), ["value"]),
        (q("state", "goods", "a lot"), ["value"]),
        (q("state", "goods", "NaN"), ["value"]),
        (q("state", "goods", ""), ["value"]),
        (q("county", "goods", 1), ["buyer_kind"]),
        (q("state", "software", 1), ["type"]),
        (q("state", "goods", 1, date="14.03.2024"), ["date"]),
        (q("state", "goods", 1, mainly_rnd="maybe"), ["mainly_rnd"]),
        ({}, ["buyer_kind", "type", "value"]),
        (q("nobody", "nothing", -5, date="2020-01-01"), ["buyer_kind", "type", "value", "date"]),
    ],
)
def test_bad_input_is_refused_field_by_field(raw: dict[str, str], fields: list[str]) -> None:
    with pytest.raises(advisor.InvalidQuestion) as error:
        advisor.parse_question(raw, TODAY)
    assert sorted(error.value.errors) == sorted(fields)


def test_blank_answers_mean_not_answered_and_the_date_defaults_to_today() -> None:
    question = advisor.parse_question(
        q("state", "goods", 1, date="", exists_on_market="", can_specify="no"), TODAY
    )
    assert question.day == TODAY
    assert question.exists_on_market is None
    assert question.can_specify is False


# -- instruments -------------------------------------------------------------------------------


def test_every_instrument_the_advisor_can_name_is_in_the_catalogue() -> None:
    catalogue = {entry["code"] for entry in json.loads(CATALOGUE.read_text())["instruments"]}
    assert set(advisor.INSTRUMENT_CODES) <= catalogue


def test_instruments_follow_the_answers() -> None:
    innovative = advisor.advise(
        advisor.parse_question(
            q(
                "other",
                "services",
                3_000_000,
                exists_on_market="no",
                needs_development="yes",
                mainly_rnd="yes",
                buyer_keeps_benefit="no",
            ),
            TODAY,
        )
    )
    assert {
        "dfo-veiledning",
        "leverandorutviklingsprogrammet",
        "innovasjonspartnerskap",
        "forkommersiell-anskaffelse",
        "innovasjonskontrakter",
        "testarenaer",
    } <= set(innovative.instruments)
    assert set(innovative.instruments) <= set(advisor.INSTRUMENT_CODES)
    ordinary = advisor.advise(
        advisor.parse_question(
            q("other", "services", 3_000_000, exists_on_market="yes", can_specify="yes"), TODAY
        )
    )
    assert "innovasjonspartnerskap" not in ordinary.instruments
    assert "forkommersiell-anskaffelse" not in ordinary.instruments
    assert "markedsplass-skytjenester" in ordinary.instruments

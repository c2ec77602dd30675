"""What an effect contract owes and when: the payment rules on table-driven cases.

Every case starts from one contract and changes what it needs: the investor puts in
NOK 1 000 000 and half of it is repaid when both targets are met (NOK 500 000). Indicator A
goes up from 20 to 60 (weight 40 %, measured 30 June 2025 and 2026); indicator B goes down from
30 to 20 (weight 60 %, measured 30 June 2026). Evidence is due 60 days after the measurement
date (29 August 2026), and payment 30 days after the evidence.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from kjopekraft.outcomes.payments import (
    LateEvidence,
    Partial,
    Reading,
    Rounding,
    Settlement,
    Status,
    Target,
    Terms,
    TermsError,
    problems,
    settle,
    track,
)

D = Decimal
TERMS = Terms(investment=D(1_000_000), repayment_percent=D(50))
A = Target("A", D(20), D(60), D(40), (date(2025, 6, 30), date(2026, 6, 30)))
B = Target("B", D(30), D(20), D(60), (date(2026, 6, 30),))
AFTER = date(2026, 12, 31)  # every deadline has passed
BEFORE = date(2026, 7, 15)  # the final values are not all in yet


def a(value: str, reported: date = date(2026, 7, 10), id: int = 1, **kw: Any) -> Reading:
    return Reading(id, "A", date(2026, 6, 30), D(value), reported, **kw)


def b(value: str, reported: date = date(2026, 7, 20), id: int = 2, **kw: Any) -> Reading:
    return Reading(id, "B", date(2026, 6, 30), D(value), reported, **kw)


def summary(s: Settlement) -> tuple[object, ...]:
    return (
        {o.target: o.status.value for o in s.outcomes},
        [(p.due, int(p.amount), p.targets) for p in s.payments],
        int(s.owed),
        s.final,
    )


CASES = [
    pytest.param(
        TERMS,
        [a("60"), b("18")],
        AFTER,
        (
            {"A": "met", "B": "met"},
            [(date(2026, 8, 9), 200_000, ("A",)), (date(2026, 8, 19), 300_000, ("B",))],
            500_000,
            True,
        ),
        id="all targets met: each pays its weight, due 30 days after its evidence",
    ),
    pytest.param(
        TERMS,
        [a("20"), b("31")],
        AFTER,
        ({"A": "not-met", "B": "not-met"}, [], 0, True),
        id="no target met: at the baseline or worse pays nothing",
    ),
    pytest.param(
        TERMS,
        [a("60"), b("25")],
        AFTER,
        (
            {"A": "met", "B": "partly-met"},
            [(date(2026, 8, 9), 200_000, ("A",)), (date(2026, 8, 19), 150_000, ("B",))],
            350_000,
            True,
        ),
        id="some met, pro rata: B covered half the way and earns half its weight",
    ),
    pytest.param(
        replace(TERMS, partial=Partial.ALL_OR_NOTHING),
        [a("60"), b("25")],
        AFTER,
        ({"A": "met", "B": "partly-met"}, [], 0, True),
        id="some met, all or nothing: nothing is owed, and that is final",
    ),
    pytest.param(
        replace(TERMS, partial=Partial.ALL_OR_NOTHING),
        [a("60"), b("18")],
        AFTER,
        ({"A": "met", "B": "met"}, [(date(2026, 8, 19), 500_000, ("A", "B"))], 500_000, True),
        id="all met, all or nothing: the maximum, due when the last evidence is in",
    ),
    pytest.param(
        replace(TERMS, partial=Partial.ALL_OR_NOTHING),
        [a("60")],
        BEFORE,
        ({"A": "met", "B": "awaiting"}, [], 0, False),
        id="all or nothing, one still awaited: nothing yet, not final",
    ),
    pytest.param(
        TERMS,
        [a("80"), b("10")],
        AFTER,
        (
            {"A": "met", "B": "met"},
            [(date(2026, 8, 9), 200_000, ("A",)), (date(2026, 8, 19), 300_000, ("B",))],
            500_000,
            True,
        ),
        id="beyond the target pays no more than the target",
    ),
    pytest.param(
        TERMS,
        [a("60"), b("18", reported=date(2026, 9, 15))],
        AFTER,
        (
            {"A": "met", "B": "met"},
            [(date(2026, 8, 9), 200_000, ("A",)), (date(2026, 10, 15), 300_000, ("B",))],
            500_000,
            True,
        ),
        id="late evidence that counts: paid, but due 30 days after it came",
    ),
    pytest.param(
        replace(TERMS, late_evidence=LateEvidence.FORFEITED),
        [a("60"), b("18", reported=date(2026, 9, 15))],
        AFTER,
        ({"A": "met", "B": "not-met"}, [(date(2026, 8, 9), 200_000, ("A",))], 200_000, True),
        id="late evidence that is forfeited: the target counts as not met",
    ),
    pytest.param(
        TERMS,
        [a("60")],
        AFTER,
        ({"A": "met", "B": "missing"}, [(date(2026, 8, 9), 200_000, ("A",))], 200_000, True),
        id="no evidence when the time has run out: missing, pays nothing",
    ),
    pytest.param(
        TERMS,
        [a("60")],
        BEFORE,
        ({"A": "met", "B": "awaiting"}, [(date(2026, 8, 9), 200_000, ("A",))], 200_000, False),
        id="no evidence yet but still time: awaiting, more may become owed",
    ),
    pytest.param(
        replace(TERMS, late_evidence=LateEvidence.FORFEITED),
        [a("60"), b("25"), b("19", reported=date(2026, 9, 30), id=3, corrects=2)],
        AFTER,
        (
            {"A": "met", "B": "met"},
            [(date(2026, 8, 9), 200_000, ("A",)), (date(2026, 10, 30), 300_000, ("B",))],
            500_000,
            True,
        ),
        id="a corrected measurement: the correction stands, on time as its original, "
        "due from the correction",
    ),
    pytest.param(
        TERMS,
        [
            a("60"),
            b("25"),
            b("19", id=3, corrects=2),
            b("27", reported=date(2026, 8, 1), id=4, corrects=3),
        ],
        AFTER,
        (
            {"A": "met", "B": "partly-met"},
            [(date(2026, 8, 9), 200_000, ("A",)), (date(2026, 8, 31), 90_000, ("B",))],
            290_000,
            True,
        ),
        id="a correction of a correction: the newest stands",
    ),
    pytest.param(
        TERMS,
        [a("60", reported=date(2026, 7, 20)), b("18")],
        AFTER,
        (
            {"A": "met", "B": "met"},
            [(date(2026, 8, 19), 500_000, ("A", "B"))],
            500_000,
            True,
        ),
        id="payments due on the same day are one payment",
    ),
    pytest.param(
        TERMS,
        [Reading(9, "A", date(2025, 6, 30), D(60), date(2025, 7, 1))],
        AFTER,
        ({"A": "missing", "B": "missing"}, [], 0, True),
        id="only the last measurement date decides the payment",
    ),
    pytest.param(
        replace(TERMS, investment=D(101), partial=Partial.ALL_OR_NOTHING),
        [a("60"), b("18")],
        AFTER,
        ({"A": "met", "B": "met"}, [(date(2026, 8, 19), 51, ("A", "B"))], 51, True),
        id="rounding to the nearest krone: 50.50 becomes 51",
    ),
    pytest.param(
        replace(TERMS, investment=D(101), partial=Partial.ALL_OR_NOTHING, rounding=Rounding.DOWN),
        [a("60"), b("18")],
        AFTER,
        ({"A": "met", "B": "met"}, [(date(2026, 8, 19), 50, ("A", "B"))], 50, True),
        id="rounding down: 50.50 becomes 50",
    ),
    pytest.param(
        replace(TERMS, investment=D(101)),
        [a("60"), b("18")],
        AFTER,
        (
            {"A": "met", "B": "met"},
            [(date(2026, 8, 9), 20, ("A",)), (date(2026, 8, 19), 30, ("B",))],
            50,
            True,
        ),
        id="each payment is rounded by itself: 20.20 and 30.30",
    ),
    pytest.param(
        replace(TERMS, investment=D(1_000_003), rounding=Rounding.NEAREST),
        [a("45"), b("20")],
        AFTER,
        (
            {"A": "partly-met", "B": "met"},
            [(date(2026, 8, 9), 125_000, ("A",)), (date(2026, 8, 19), 300_001, ("B",))],
            425_001,
            True,
        ),
        id="pro rata with rounding: 125 000.375 and 300 000.9",
    ),
]


@pytest.mark.parametrize(("terms", "readings", "today", "expected"), CASES)
def test_settlement(
    terms: Terms, readings: list[Reading], today: date, expected: tuple[object, ...]
) -> None:
    assert summary(settle(terms, [A, B], readings, today)) == expected


@pytest.mark.parametrize(
    ("investment", "rounding", "maximum"),
    [(D(101), Rounding.NEAREST, 51), (D(101), Rounding.DOWN, 50), (D(99), Rounding.NEAREST, 50)],
)
def test_maximum_is_rounded_as_the_contract_states(
    investment: Decimal, rounding: Rounding, maximum: int
) -> None:
    terms = replace(TERMS, investment=investment, rounding=rounding)
    assert settle(terms, [A, B], [], BEFORE).maximum == maximum


def test_outcome_details_for_a_late_corrected_value() -> None:
    late = replace(TERMS, late_evidence=LateEvidence.COUNTS)
    readings = [b("25", reported=date(2026, 9, 1)), b("19", date(2026, 9, 10), id=3, corrects=2)]
    outcome = settle(late, [A, B], readings, AFTER).outcome("B")
    assert outcome.late is True  # judged by the original evidence, which came late
    assert outcome.corrected is True
    assert outcome.progress == D("1.1")
    assert outcome.achievement == 1
    assert outcome.reading is not None and outcome.reading.value == 19


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        ([A], "weights must add up to 100"),
        ([A, replace(B, weight_percent=D(50))], "weights must add up to 100"),
        ([replace(A, target=D(20), weight_percent=D(100))], "must differ from the baseline"),
        ([replace(A, dates=(), weight_percent=D(100))], "no measurement date"),
        ([], "no outcome indicator"),
    ],
)
def test_terms_that_cannot_be_applied_are_refused(targets: list[Target], message: str) -> None:
    assert any(message in p for p in problems(TERMS, targets))
    with pytest.raises(TermsError, match=message):
        settle(TERMS, targets, [], AFTER)


def test_two_originals_for_one_date_are_refused() -> None:
    with pytest.raises(TermsError, match="two readings"):
        settle(TERMS, [A, B], [a("60"), a("50", id=5)], AFTER)


def test_track_shows_each_date_with_the_value_that_stands() -> None:
    readings = [
        Reading(1, "A", date(2025, 6, 30), D(30), date(2025, 7, 5)),
        Reading(2, "A", date(2026, 6, 30), D(50), date(2026, 7, 5)),
        Reading(3, "A", date(2026, 6, 30), D(56), date(2026, 7, 9), corrects=2),
    ]
    points = track(A, readings)
    assert [(p.measured_for, p.progress, p.corrected) for p in points] == [
        (date(2025, 6, 30), D("0.25"), False),
        (date(2026, 6, 30), D("0.9"), True),
    ]
    assert track(B, readings)[0].reading is None


def test_statuses_cover_every_outcome() -> None:
    seen = {
        o.status
        for case in CASES
        for o in settle(case.values[0], [A, B], case.values[1], case.values[2]).outcomes
    }
    assert seen == set(Status)

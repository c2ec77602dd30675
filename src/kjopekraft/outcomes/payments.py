"""What an effect contract owes, and when: the payment terms applied to the measurements.

Pure Python with :class:`~decimal.Decimal` arithmetic; the pages, the API and the tests call the
same function. The model follows box 11.8 of Meld. St. 30 (2019–2020): an investor funds a
measure; if the agreed outcomes are reached, the commissioning buyer repays an agreed share of the
investment (and takes the measure over). The contract states:

- the investment and the share of it repaid when every target is met (the *maximum*);
- each outcome indicator's baseline, target, measurement dates and weight (the weights add up to
  100 %); the value measured for the **last** measurement date decides the indicator's payment,
  the earlier dates follow progress;
- whether partial outcomes pay **pro rata** (each indicator pays its weight times the part of the
  way from baseline to target that was covered, capped at the whole) or **all or nothing**
  (nothing unless every target is met, then the maximum);
- the **rounding** of each payment to whole kroner: to the nearest krone (half a krone up) or
  down;
- how many days after the evidence a payment falls due, how long after a measurement date the
  evidence may arrive, and whether evidence that arrives later still counts (the payment then
  falls due later) or is forfeited.

A measurement can be corrected, with a reason: the correction replaces it. A correction is judged
late or on time by the date the original evidence arrived, since it mends evidence already given,
but the payment cannot fall due before the corrected figure is known, so it runs from the
correction's date. Indicators whose last measurement date has no evidence yet are *awaiting*;
once the time for evidence has run out they are *missing* and count as not met.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


class Partial(enum.StrEnum):
    PRO_RATA = "pro-rata"
    ALL_OR_NOTHING = "all-or-nothing"


class Rounding(enum.StrEnum):
    NEAREST = "nearest"  # half a krone up
    DOWN = "down"


class LateEvidence(enum.StrEnum):
    COUNTS = "counts"
    FORFEITED = "forfeited"


class Status(enum.StrEnum):
    MET = "met"
    PARTLY_MET = "partly-met"
    NOT_MET = "not-met"
    AWAITING = "awaiting"  # no evidence yet, and there is still time
    MISSING = "missing"  # no evidence, and the time for it has run out


class TermsError(ValueError):
    """Terms that cannot be applied; the message says which and why (in English)."""


@dataclass(frozen=True)
class Terms:
    investment: Decimal
    repayment_percent: Decimal
    partial: Partial = Partial.PRO_RATA
    rounding: Rounding = Rounding.NEAREST
    payment_days: int = 30
    reporting_days: int = 60
    late_evidence: LateEvidence = LateEvidence.COUNTS

    @property
    def maximum(self) -> Decimal:
        """What the buyer repays when every target is met, before rounding."""
        return self.investment * self.repayment_percent / HUNDRED

    def round(self, amount: Decimal) -> Decimal:
        mode = ROUND_HALF_UP if self.rounding is Rounding.NEAREST else ROUND_DOWN
        return amount.quantize(ONE, rounding=mode)


@dataclass(frozen=True)
class Target:
    """An outcome indicator: from ``baseline`` towards ``target`` (up or down), by ``dates``."""

    key: str
    baseline: Decimal
    target: Decimal
    weight_percent: Decimal
    dates: tuple[date, ...]

    @property
    def assessed_on(self) -> date:
        return max(self.dates)

    def progress(self, value: Decimal) -> Decimal:
        """The part of the way from baseline to target covered: 0 at baseline, 1 at target."""
        return (value - self.baseline) / (self.target - self.baseline)


@dataclass(frozen=True)
class Reading:
    """A measured value for one of a target's dates; ``corrects`` names the reading it replaces."""

    id: int
    target: str
    measured_for: date
    value: Decimal
    reported_on: date
    corrects: int | None = None


@dataclass(frozen=True)
class Point:
    """Progress at one measurement date: the value that stands (after corrections), if any."""

    measured_for: date
    reading: Reading | None
    progress: Decimal | None
    corrected: bool


@dataclass(frozen=True)
class Outcome:
    target: str
    status: Status
    reading: Reading | None
    progress: Decimal | None
    achievement: Decimal  # 0 to 1: the part of the indicator's weight that is earned
    late: bool
    corrected: bool
    amount: Decimal  # whole kroner
    due: date | None


@dataclass(frozen=True)
class Payment:
    due: date
    amount: Decimal
    targets: tuple[str, ...]


@dataclass(frozen=True)
class Settlement:
    maximum: Decimal  # whole kroner
    outcomes: tuple[Outcome, ...]
    payments: tuple[Payment, ...]
    owed: Decimal  # the sum of the payments determined so far
    final: bool  # every indicator decided: nothing more can become owed

    def outcome(self, key: str) -> Outcome:
        return next(o for o in self.outcomes if o.target == key)


def problems(terms: Terms, targets: Sequence[Target]) -> list[str]:
    """What keeps the terms from being applied, in English; empty when they can be."""
    found = []
    if terms.investment < 0:
        found.append("the investment cannot be negative")
    if not ZERO <= terms.repayment_percent <= HUNDRED:
        found.append("the repayment share must be between 0 and 100 %")
    if terms.payment_days < 0 or terms.reporting_days < 0:
        found.append("the numbers of days cannot be negative")
    if not targets:
        found.append("there is no outcome indicator")
    elif sum((t.weight_percent for t in targets), ZERO) != HUNDRED:
        found.append("the indicators' weights must add up to 100 %")
    for t in targets:
        if t.baseline == t.target:
            found.append(f"{t.key}: the target must differ from the baseline")
        if not t.dates:
            found.append(f"{t.key}: there is no measurement date")
        if t.weight_percent <= 0:
            found.append(f"{t.key}: the weight must be above 0")
    keys = [t.key for t in targets]
    if len(set(keys)) != len(keys):
        found.append("two indicators have the same key")
    return found


def standing(readings: Iterable[Reading]) -> dict[tuple[str, date], tuple[Reading, Reading]]:
    """The reading that stands for each (target, date), with the original it descends from.

    A reading that another corrects is replaced by it; a chain of corrections ends in the one
    that stands.
    """
    by_id = {r.id: r for r in readings}
    replaced = {r.corrects for r in by_id.values() if r.corrects is not None}
    out: dict[tuple[str, date], tuple[Reading, Reading]] = {}
    for reading in by_id.values():
        if reading.id in replaced:
            continue
        original = reading
        seen = {reading.id}
        while original.corrects is not None and original.corrects in by_id:
            original = by_id[original.corrects]
            if original.id in seen:
                raise TermsError(f"reading {reading.id}: the corrections go round in a circle")
            seen.add(original.id)
        key = (reading.target, reading.measured_for)
        if key in out:
            raise TermsError(f"{reading.target}: two readings stand for {reading.measured_for}")
        out[key] = (reading, original)
    return out


def track(target: Target, readings: Iterable[Reading]) -> tuple[Point, ...]:
    """The target's progress at each of its measurement dates, in date order."""
    standing_now = standing(r for r in readings if r.target == target.key)
    points = []
    for day in sorted(target.dates):
        found = standing_now.get((target.key, day))
        if found is None:
            points.append(Point(day, None, None, corrected=False))
        else:
            reading, original = found
            points.append(
                Point(day, reading, target.progress(reading.value), reading is not original)
            )
    return tuple(points)


def _assess(
    terms: Terms, target: Target, found: tuple[Reading, Reading] | None, today: date
) -> Outcome:
    deadline = target.assessed_on + timedelta(days=terms.reporting_days)
    if found is None:
        status = Status.MISSING if today > deadline else Status.AWAITING
        return Outcome(target.key, status, None, None, ZERO, False, False, ZERO, None)
    reading, original = found
    corrected = reading is not original
    progress = target.progress(reading.value)
    late = original.reported_on > deadline
    if late and terms.late_evidence is LateEvidence.FORFEITED:
        return Outcome(
            target.key, Status.NOT_MET, reading, progress, ZERO, True, corrected, ZERO, None
        )
    achievement = min(ONE, max(ZERO, progress))
    if achievement == ONE:
        status = Status.MET
    elif achievement > ZERO:
        status = Status.PARTLY_MET
    else:
        status = Status.NOT_MET
    # The payment runs from the day the figure that stands was reported.
    due = reading.reported_on + timedelta(days=terms.payment_days)
    return Outcome(target.key, status, reading, progress, achievement, late, corrected, ZERO, due)


def settle(
    terms: Terms, targets: Sequence[Target], readings: Iterable[Reading], today: date
) -> Settlement:
    """Apply the terms to the readings as they stand on ``today``.

    Raises :class:`TermsError` when the terms cannot be applied (see :func:`problems`).
    """
    found = problems(terms, targets)
    if found:
        raise TermsError("; ".join(found))
    standing_now = standing(readings)
    assessed = [
        (t, _assess(terms, t, standing_now.get((t.key, t.assessed_on)), today)) for t in targets
    ]
    if terms.partial is Partial.PRO_RATA:
        outcomes, payments = _pro_rata(terms, assessed)
        final = all(o.status is not Status.AWAITING for o in outcomes)
    else:
        outcomes, payments = _all_or_nothing(terms, assessed)
        # One target missed settles the contract: nothing more can become owed.
        final = bool(payments) or any(
            o.status in {Status.NOT_MET, Status.PARTLY_MET, Status.MISSING} for o in outcomes
        )
    owed = sum((p.amount for p in payments), ZERO)
    return Settlement(terms.round(terms.maximum), outcomes, payments, owed, final)


def _pro_rata(
    terms: Terms, assessed: Sequence[tuple[Target, Outcome]]
) -> tuple[tuple[Outcome, ...], tuple[Payment, ...]]:
    """Each indicator pays its weight times its achievement, each payment rounded by itself."""
    outcomes = []
    by_due: dict[date, list[Outcome]] = {}
    for target, outcome in assessed:
        amount = terms.round(terms.maximum * target.weight_percent / HUNDRED * outcome.achievement)
        due = outcome.due if amount else None
        outcome = replace(outcome, amount=amount, due=due)
        outcomes.append(outcome)
        if due is not None:
            by_due.setdefault(due, []).append(outcome)
    payments = tuple(
        Payment(due, sum((o.amount for o in group), ZERO), tuple(o.target for o in group))
        for due, group in sorted(by_due.items())
    )
    return tuple(outcomes), payments


def _all_or_nothing(
    terms: Terms, assessed: Sequence[tuple[Target, Outcome]]
) -> tuple[tuple[Outcome, ...], tuple[Payment, ...]]:
    """The maximum once every target is met, due when the last evidence has come; else nothing.

    The amount is not split over the indicators: it is earned by all of them together.
    """
    outcomes = tuple(replace(o, due=None) for _, o in assessed)
    if not all(o.status is Status.MET for _, o in assessed):
        return outcomes, ()
    due = max(o.due for _, o in assessed if o.due is not None)
    keys = tuple(o.target for o in outcomes)
    return outcomes, (Payment(due, terms.round(terms.maximum), keys),)

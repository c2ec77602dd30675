"""Procurement thresholds as dated data: which amounts apply on which day.

The figures live in ``data/thresholds.json``, one entry per period with the day it starts and
its source, so that a new period is a reviewed change to a data file rather than to code. The
newest period that has started on a day applies; a day before the first period has no answer.

Pure Python: no Django, so the advisor can be used and tested anywhere.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "thresholds.json"

# The keys of a period's values (NOK excluding VAT).
PART_I = "part_i"  # below this, the procurement rules do not apply (anskaffelsesloven § 2)
NATIONAL = "national"  # from this, FOA part II (below the EEA thresholds)
EEA_STATE_GOODS_SERVICES = "eea_state_goods_services"  # central government, goods and services
EEA_OTHER_GOODS_SERVICES = "eea_other_goods_services"  # other public buyers, goods and services
EEA_WORKS = "eea_works"  # works, every public buyer
FOS_GOODS_SERVICES = "fos_goods_services"  # utilities (forsyningsforskriften), goods and services
FOS_WORKS = "fos_works"  # utilities, works

KEYS = (
    PART_I,
    NATIONAL,
    EEA_STATE_GOODS_SERVICES,
    EEA_OTHER_GOODS_SERVICES,
    EEA_WORKS,
    FOS_GOODS_SERVICES,
    FOS_WORKS,
)


class ThresholdDataError(ValueError):
    """The thresholds file is malformed: a missing key, a bad date, a non-positive amount."""


class NoThresholdPeriod(LookupError):
    """The day is before the first period for which thresholds are recorded."""

    def __init__(self, day: date, first_start: date) -> None:
        super().__init__(f"No thresholds are recorded before {first_start.isoformat()}")
        self.day = day
        self.first_start = first_start


@dataclass(frozen=True)
class ThresholdPeriod:
    period_start: date
    source: str
    notes: str
    values: Mapping[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "period_start": self.period_start.isoformat(),
            "source": self.source,
            "values": dict(self.values),
        }


def _period(raw: Mapping[str, Any]) -> ThresholdPeriod:
    try:
        start = date.fromisoformat(str(raw["period_start"]))
        source = str(raw["source"]).strip()
        values = raw["values"]
    except (KeyError, ValueError, TypeError) as exc:
        raise ThresholdDataError(f"A period is incomplete: {exc}") from exc
    if not source:
        raise ThresholdDataError(f"The period from {start} has no source")
    missing = [key for key in KEYS if key not in values]
    if missing:
        raise ThresholdDataError(f"The period from {start} lacks {', '.join(missing)}")
    amounts: dict[str, int] = {}
    for key in KEYS:
        amount = values[key]
        # bool is an int in Python; a threshold of True is a typo, not one krone.
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise ThresholdDataError(f"{key} in the period from {start} is not a positive integer")
        amounts[key] = amount
    return ThresholdPeriod(
        period_start=start,
        source=source,
        notes=str(raw.get("notes", "")).strip(),
        values=MappingProxyType(amounts),
    )


def parse_periods(document: Mapping[str, Any]) -> tuple[ThresholdPeriod, ...]:
    """The periods of a thresholds document, oldest first; two periods may not share a start."""
    periods = sorted((_period(raw) for raw in document.get("periods", [])), key=_start)
    if not periods:
        raise ThresholdDataError("No threshold periods are recorded")
    starts = [p.period_start for p in periods]
    if len(set(starts)) != len(starts):
        raise ThresholdDataError("Two threshold periods start on the same day")
    return tuple(periods)


def _start(period: ThresholdPeriod) -> date:
    return period.period_start


@functools.cache
def load_periods(path: Path = DATA_FILE) -> tuple[ThresholdPeriod, ...]:
    with path.open(encoding="utf-8") as handle:
        return parse_periods(json.load(handle))


def period_for(day: date, periods: Sequence[ThresholdPeriod] | None = None) -> ThresholdPeriod:
    """The newest period that has started on ``day``; the start day itself belongs to it."""
    known = periods if periods is not None else load_periods()
    started = [p for p in known if p.period_start <= day]
    if not started:
        raise NoThresholdPeriod(day, min(p.period_start for p in known))
    return max(started, key=_start)


def first_start(periods: Sequence[ThresholdPeriod] | None = None) -> date:
    known = periods if periods is not None else load_periods()
    return min(p.period_start for p in known)

"""The climate-and-environment rule of FOA § 7-9, as dated data.

Each period starts on a date and holds until the next one starts; the rule in force on the
notice's date applies. Environmental award criteria of Norwegian notices are weighed against it
and the evidence says whether the weight meets the minimum.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class ClimateRule:
    starts: dt.date
    # The least share (percent) of the award criteria that climate and environment must weigh;
    # None when the rule sets no minimum.
    minimum_share: Decimal | None
    # When the buyer ranks criteria instead of weighing them: the environment must be among the
    # first this many. None when ranking does not satisfy the rule.
    top_priority: int | None
    source: str


CLIMATE_RULES: tuple[ClimateRule, ...] = (
    ClimateRule(
        dt.date(2017, 1, 1),
        None,
        None,
        "FOA 2016 § 7-9: environmental requirements or criteria where relevant, no minimum weight",
    ),
    ClimateRule(
        dt.date(2024, 1, 1),
        Decimal(30),
        None,
        "FOA § 7-9 (2) as amended, in force 1 January 2024: at least 30 % weight, or climate and "
        "environment requirements in the specification (4), unless negligible (5)",
    ),
    ClimateRule(
        dt.date(2026, 7, 1),
        Decimal(30),
        3,
        "FOA § 7-9 (2) as revised from 1 July 2026 (DFØ codelist award-criterion-type 2.0.0): at "
        "least 30 % weight or among the three most important criteria",
    ),
)


def rule_on(day: dt.date | None) -> ClimateRule | None:
    """The rule in force on ``day`` (None for a date before FOA 2016 or no date)."""
    if day is None:
        return None
    in_force = [rule for rule in CLIMATE_RULES if rule.starts <= day]
    return in_force[-1] if in_force else None

"""Amounts in NOK: other currencies converted with the yearly average rate of the year.

Pure Python. The rates are ECB reference rates averaged per year (see data/SOURCE.md); a year
outside the table uses the nearest year that has rates, and says so.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

# Value bands in NOK, excluding VAT, with the lower bound included. The edges follow the Norwegian
# thresholds in force from 14 March 2024 (FOA part I 100 000, the national threshold 1.3 M, the
# EEA thresholds 2.3 M for most buyers and 57.8 M for works).
VALUE_BANDS: tuple[tuple[str, Decimal], ...] = (
    ("under-100k", Decimal(0)),
    ("100k-1.3m", Decimal(100_000)),
    ("1.3m-2.3m", Decimal(1_300_000)),
    ("2.3m-57.8m", Decimal(2_300_000)),
    ("57.8m-plus", Decimal(57_800_000)),
)
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Rates:
    year: int
    per_unit: dict[str, Decimal]  # NOK for one unit of the currency
    complete: bool


@cache
def rates() -> dict[int, Rates]:
    table: dict[int, Rates] = {}
    text = (
        resources.files("kjopekraft.insight")
        .joinpath("data")
        .joinpath("ecb-derived-nok-annual-average-2014-2026.csv")
    )
    with text.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            table[int(row["year"])] = Rates(
                year=int(row["year"]),
                per_unit={
                    "NOK": Decimal(1),
                    "EUR": Decimal(row["NOK_per_EUR"]),
                    "USD": Decimal(row["NOK_per_USD"]),
                    "SEK": Decimal(row["NOK_per_100SEK"]) / 100,
                    "DKK": Decimal(row["NOK_per_100DKK"]) / 100,
                    "GBP": Decimal(row["NOK_per_GBP"]),
                },
                complete=row["complete_year"] == "True",
            )
    return table


def to_nok(amount: Decimal | None, currency: str | None, year: int | None) -> Decimal | None:
    """The amount in NOK, or None when the amount, the currency or a rate is missing."""
    if amount is None:
        return None
    code = (currency or "NOK").upper()
    if code == "NOK":
        return amount
    table = rates()
    if year is None:
        return None
    nearest = min(table, key=lambda y: abs(y - year))
    rate = table[nearest].per_unit.get(code)
    return amount * rate if rate is not None else None


def value_band(nok: Decimal | None) -> str:
    if nok is None or nok < 0:
        return UNKNOWN
    band = VALUE_BANDS[0][0]
    for name, lower in VALUE_BANDS:
        if nok >= lower:
            band = name
    return band

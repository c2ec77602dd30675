"""Template filters for effect contracts: amounts in kroner and measured values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

from kjopekraft.core import amounts

register = template.Library()


# Whole kroner, as contracts state their payments.
register.filter("kroner", amounts.nok)


@register.filter
def measured(value: Any) -> str:
    """A measured value without needless decimals: 12.50 → 12,5, 30.00 → 30."""
    if value is None or value == "":
        return "–"
    number = Decimal(value).normalize()
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    return number_format(number, force_grouping=True)

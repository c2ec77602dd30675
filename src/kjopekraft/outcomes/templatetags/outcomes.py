"""Template filters for effect contracts: amounts in kroner and measured values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def kroner(value: Any) -> str:
    """A whole-krone amount with thousands grouped: “NOK 1 200 000”."""
    if value is None or value == "":
        return "–"
    return "NOK " + number_format(int(value), decimal_pos=0, force_grouping=True)


@register.filter
def measured(value: Any) -> str:
    """A measured value without needless decimals: 12.50 → 12,5, 30.00 → 30."""
    if value is None or value == "":
        return "–"
    number = Decimal(value).normalize()
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    return number_format(number, force_grouping=True)

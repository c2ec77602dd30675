from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from kjopekraft.instruments.advisor import nok as format_nok

register = template.Library()


@register.filter
def nok(value: object) -> str:
    """Whole kroner grouped by thousands: 1 490 000."""
    try:
        return format_nok(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)

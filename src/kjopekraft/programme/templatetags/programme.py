"""Template helpers: ask the programme's predicates, and show money and effect values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

from kjopekraft.core import amounts
from kjopekraft.programme import predicates

register = template.Library()


@register.simple_tag
def allowed(name: str, user: Any, *objects: Any) -> bool:
    """``{% allowed "can_edit_need" user need as may_edit %}``: one rule, in predicates.py."""
    if not (name.startswith("can_") or name.startswith("is_") or name == "must_declare"):
        raise template.TemplateSyntaxError(f"{name} is not a programme predicate")
    return bool(getattr(predicates, name)(user, *objects))


register.filter("nok", amounts.nok)


@register.simple_tag
def budget_range(low: Any, high: Any) -> str:
    """A budget range in words: “NOK 500 000 – NOK 2 000 000”, “up to NOK 1 500 000”."""
    from django.utils.translation import gettext

    if low and high:
        return f"{amounts.nok(low)} – {amounts.nok(high)}"
    if high:
        return gettext("up to %(amount)s") % {"amount": amounts.nok(high)}
    if low:
        return gettext("from %(amount)s") % {"amount": amounts.nok(low)}
    return "–"


@register.filter
def plain_number(value: Any) -> str:
    """A measured value without needless decimals: 12.50 → 12.5, 30.00 → 30."""
    if value is None or value == "":
        return "–"
    number = Decimal(value).normalize()
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    return number_format(number, force_grouping=True)


@register.filter
def percent(value: Any) -> str:
    if value is None:
        return "–"
    return number_format(round(float(value) * 100), decimal_pos=0) + " %"

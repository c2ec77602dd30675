"""Amounts as the pages show them, shared by every app's template filters."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format


def nok(value: Any) -> str:
    """Whole Norwegian kroner with thousands grouped: “NOK 1 500 000”; a dash for no value."""
    if value is None or value == "":
        return "–"
    return "NOK " + number_format(int(value), decimal_pos=0, force_grouping=True)

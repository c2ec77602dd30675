"""Reading eForms value types: dates, times, amounts and counts.

eForms writes a date with its offset (``2022-08-25+02:00``, ``2024-01-17Z``) and a time with
its own (``12:00:00+01:00``). Each function raises :class:`ValueError` with a plain message
when the text is not what it should be; the parser turns that into a warning on the notice.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation

_OFFSET = r"(?P<offset>Z|[+-]\d{2}:\d{2})?"
_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})" + _OFFSET)
_MIDNIGHT = dt.time(0, 0)
_TIME = re.compile(
    r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d+))?)?" + _OFFSET
)


def parse_date(raw: str) -> tuple[dt.date, dt.tzinfo | None]:
    """A date and the offset written with it (None when there is none)."""
    match = _DATE.fullmatch(raw.strip())
    if match is None:
        raise ValueError(f"{raw!r} is not a date (YYYY-MM-DD with an optional offset)")
    year, month, day, offset = match.groups()
    try:
        return dt.date(int(year), int(month), int(day)), _offset(offset)
    except ValueError as error:
        raise ValueError(f"{raw!r} is not a valid date: {error}") from None


def parse_time(raw: str) -> dt.time:
    """A time of day, aware when the text has an offset."""
    match = _TIME.fullmatch(raw.strip())
    if match is None:
        raise ValueError(f"{raw!r} is not a time (hh:mm:ss with an optional offset)")
    hour, minute, second, fraction, offset = match.groups()
    try:
        return dt.time(
            int(hour),
            int(minute),
            int(second or 0),
            int(fraction[:6].ljust(6, "0")) if fraction else 0,
            tzinfo=_offset(offset),
        )
    except ValueError as error:
        raise ValueError(f"{raw!r} is not a valid time: {error}") from None


def combine(date: dt.date, date_offset: dt.tzinfo | None, time: dt.time | None) -> dt.datetime:
    """One aware moment from a date and a time that each may carry an offset.

    The time's own offset wins, then the date's. Without a time the moment is the start
    of the day (00:00) at the date's offset. Without any offset the moment is taken as UTC;
    eForms always writes one, so that only happens with damaged notices.
    """
    if time is None:
        return dt.datetime.combine(date, _MIDNIGHT, tzinfo=date_offset or dt.UTC)
    # The zone given to combine() replaces the time's own.
    return dt.datetime.combine(date, time, tzinfo=time.tzinfo or date_offset or dt.UTC)


def parse_amount(raw: str) -> Decimal:
    """A money amount or other decimal number, as written (no rounding)."""
    try:
        amount = Decimal(raw.strip())
    except InvalidOperation:
        raise ValueError(f"{raw!r} is not a number") from None
    if not amount.is_finite():
        raise ValueError(f"{raw!r} is not a finite number")
    return amount


def parse_count(raw: str) -> int:
    """A whole number of things (tenders received, ...), never negative."""
    number = parse_amount(raw)
    if number != number.to_integral_value() or number < 0:
        raise ValueError(f"{raw!r} is not a count (a whole number, zero or more)")
    return int(number)


def is_not_available(value: str) -> bool:
    """Doffin writes "n.a." where an identifier is not known; that is the same as no value."""
    return value.strip().lower() in {"n.a.", "n/a", "na", "-"}


# Notices use a handful of offsets over and over; the zone objects are immutable, so one per
# offset is shared instead of being made for every date and time. The bound keeps odd input
# (any Unicode digits match \d) from growing it.
@functools.lru_cache(maxsize=256)
def _offset(text: str | None) -> dt.tzinfo | None:
    if not text:
        return None
    if text == "Z":
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    hours, minutes = int(text[1:3]), int(text[4:6])
    if hours > 14 or minutes > 59:
        raise ValueError(f"offset {text} is out of range")
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))

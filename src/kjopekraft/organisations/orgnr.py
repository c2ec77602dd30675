"""The Norwegian organisasjonsnummer: nine digits, the last a MOD11 check digit.

Pure Python, used by forms, the register import and the notice ingest alike.
"""

from __future__ import annotations

_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


class InvalidOrgnr(ValueError):
    """The number is not a valid organisasjonsnummer; the message says why, in English."""

    def __init__(self, value: str, reason: str) -> None:
        super().__init__(f"{value!r}: {reason}")
        self.value = value
        self.reason = reason


def normalise(value: str) -> str:
    """Strip the spaces, dots and the ``NO``/``MVA`` decoration people write around the number."""
    cleaned = value.strip().upper()
    if cleaned.startswith("NO"):
        cleaned = cleaned[2:]
    if cleaned.endswith("MVA"):
        cleaned = cleaned[:-3]
    return "".join(ch for ch in cleaned if ch not in " .\u00a0-")


def check_digit(first_eight: str) -> int | None:
    """The MOD11 check digit for eight digits; ``None`` when no digit fits (remainder 1)."""
    total = sum(int(d) * w for d, w in zip(first_eight, _WEIGHTS, strict=True))
    remainder = total % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def validate(value: str) -> str:
    """The normalised number, or :class:`InvalidOrgnr` with the reason."""
    number = normalise(value)
    if not number:
        raise InvalidOrgnr(value, "empty")
    if not number.isascii() or not number.isdigit():
        raise InvalidOrgnr(value, "must contain only digits")
    if len(number) != 9:
        raise InvalidOrgnr(value, f"must have 9 digits, has {len(number)}")
    if number[0] not in "89":
        raise InvalidOrgnr(value, "must start with 8 or 9")
    expected = check_digit(number[:8])
    if expected is None or expected != int(number[8]):
        raise InvalidOrgnr(value, "check digit does not match (MOD11)")
    return number


def is_valid(value: str) -> bool:
    try:
        validate(value)
    except InvalidOrgnr:
        return False
    return True

"""What the readers of one notice share: its language, its warnings and typed value reading."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from lxml import etree

from kjopekraft.notices.eforms import values
from kjopekraft.notices.model import Money, Text

# Texts without a languageID take the notice language; this is the key when even that is missing.
UNDETERMINED_LANGUAGE = "und"


class NoticeContext:
    """Reads typed values from one notice and records what could not be read.

    A bad value never stops the parse: the value becomes None and a warning names the
    business term, the part of the notice and the text that was there.
    """

    def __init__(self, language: str | None = None) -> None:
        self.language = language
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def text(self, elements: Iterable[etree._Element]) -> Text:
        """Multilingual text keyed by the lower-cased languageID; one language's parts joined."""
        result: Text = {}
        for element in elements:
            text = (element.text or "").strip()
            if not text:
                continue
            language = (element.get("languageID") or self.language or UNDETERMINED_LANGUAGE).lower()
            result[language] = f"{result[language]}\n\n{text}" if language in result else text
        return result

    def one_text(self, elements: Iterable[etree._Element]) -> str:
        """One text for a field the model keeps in one language: the notice's language first."""
        texts = self.text(elements)
        if self.language and self.language in texts:
            return texts[self.language]
        return next(iter(texts.values()), "")

    def money(self, element: etree._Element | None, term: str) -> Money | None:
        if element is None or not (raw := (element.text or "").strip()):
            return None
        try:
            amount = values.parse_amount(raw)
        except ValueError as error:
            self.warn(f"{term}: {error}; the amount was left out.")
            return None
        return Money(amount, element.get("currencyID") or None)

    def decimal(self, raw: str | None, term: str) -> Decimal | None:
        if raw is None:
            return None
        try:
            return values.parse_amount(raw)
        except ValueError as error:
            self.warn(f"{term}: {error}; the number was left out.")
            return None

    def count(self, raw: str | None, term: str) -> int | None:
        if raw is None:
            return None
        try:
            return values.parse_count(raw)
        except ValueError as error:
            self.warn(f"{term}: {error}; the count was left out.")
            return None

    def date(self, raw: str | None, term: str) -> dt.date | None:
        if raw is None:
            return None
        try:
            return values.parse_date(raw)[0]
        except ValueError as error:
            self.warn(f"{term}: {error}; the date was left out.")
            return None

    def moment(self, date_raw: str | None, time_raw: str | None, term: str) -> dt.datetime | None:
        """An aware date and time; see :func:`values.combine` for a missing time or offset."""
        if date_raw is None:
            if time_raw is not None:
                self.warn(f"{term}: a time ({time_raw!r}) without a date; it was left out.")
            return None
        try:
            date, offset = values.parse_date(date_raw)
            time = values.parse_time(time_raw) if time_raw is not None else None
        except ValueError as error:
            self.warn(f"{term}: {error}; the date and time were left out.")
            return None
        return values.combine(date, offset, time)

"""What the readers of one legacy TED notice share: its warnings, its time zone and typed values.

A bad value never stops the parse: it becomes None and a warning names the field, the part of
the notice and the text that was there.

Dates and times. TED writes dates as ``2022-05-10`` in the forms and ``20220510`` in the coded
section, and deadlines as a local time without an offset (``23:59``). A deadline is taken in
the time zone of the buyer's country (of the notice's country when no buyer gives one); when
that country's zone is not known, the time is taken as UTC and the notice says so in a warning.
A deadline without a time is taken at 00:00, as the eForms parser does; ``24:00`` is the end of
its day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from lxml import etree

from kjopekraft.notices.eforms.values import parse_amount, parse_count
from kjopekraft.notices.model import Money, Organisation, Text
from kjopekraft.notices.tedxml import codes
from kjopekraft.notices.tedxml.paths import Paths

_DATE = re.compile(r"(?P<year>\d{4})-?(?P<month>\d{2})-?(?P<day>\d{2})")
_TIME = re.compile(r"(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?::(?P<second>\d{2}))?")
# A weighting is free text: "40", "40 %", "0,4", "40/100", "40 points", "40 βαθμοί".
_WEIGHT = re.compile(
    r"(?P<number>\d+(?:[.,]\d+)?)\s*(?:(?P<percent>%)|/\s*100|[^\W\d_][^\W\d_]*)?\.?",
)
_PERCENT = "per-exa"


@dataclass(frozen=True, slots=True)
class Version:
    """One language version of the form: the original first, then the translations."""

    language: str
    form: etree._Element


class Parties:
    """Every organisation a notice names, each once.

    The same organisation is often named several times (a winner of several contracts, a
    buyer that also appears as a contractor). It is one :class:`Organisation` wherever it
    appears, recognised by its name (ignoring case), identifier and country.
    """

    def __init__(self) -> None:
        self.all: list[Organisation] = []
        self._by_key: dict[tuple[str, str | None, str | None], Organisation] = {}

    def add(self, organisation: Organisation) -> Organisation:
        if not organisation.name and organisation.identifier is None:
            self.all.append(organisation)
            return organisation
        key = (organisation.name.casefold(), organisation.identifier, organisation.country)
        known = self._by_key.get(key)
        if known is None:
            self._by_key[key] = organisation
            self.all.append(organisation)
            return organisation
        for attribute in ("nuts", "city", "url", "legal_type", "activity", "size"):
            if getattr(known, attribute) is None:
                setattr(known, attribute, getattr(organisation, attribute))
        return known


class Reader:
    """Reads typed values from one notice and records what could not be read."""

    def __init__(self, paths: Paths) -> None:
        self.paths = paths
        self.warnings: list[str] = []
        self.parties = Parties()
        self.country: str | None = None
        self._zone: dt.tzinfo | None = None
        self._zone_known = False

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def code(
        self, value: str | None, table: Mapping[str, str], other: etree._Element | None
    ) -> str | None:
        """A legacy code in its eForms spelling (kept as written when the table lacks it), or,
        when the notice has no code, the free text it gives instead (CA_TYPE_OTHER, ...)."""
        if value is not None:
            return table.get(value, value)
        return self.text(other) or None

    def buyers(self, candidates: list[Organisation]) -> list[Organisation]:
        """The buyers, each once; the first buyer's country sets the notice's time zone."""
        buyers: list[Organisation] = []
        for candidate in candidates:
            buyer = self.parties.add(candidate)
            if all(buyer is not known for known in buyers):
                buyers.append(buyer)
        if buyers and buyers[0].country:
            self.country = buyers[0].country
        return buyers

    def organisation(self, address: etree._Element) -> Organisation:
        """An R2.0.9 address (ADDRESS_CONTRACTING_BODY, ADDRESS_CONTRACTOR, ADDRESS_WINNER)."""
        p = self.paths
        return Organisation(
            name=self.text(p.official_name.first(address)),
            identifier=p.national_id.text(address),
            country=p.country_code.text(address),
            nuts=p.nuts.text(address),
            city=p.town.text(address),
            url=p.url.text(address),
        )

    # Text

    def text(self, element: etree._Element | None) -> str:
        """The text of an element: its paragraphs (``<P>``) one to a line.

        Runs of white space inside a paragraph become one space, since TED's files are often
        pretty-printed with line breaks and indentation in the middle of a sentence.
        """
        if element is None:
            return ""
        paragraphs = self.paths.paragraphs.all(element)
        if not paragraphs:
            return " ".join(_inner_text(element).split())
        return "\n".join(text for p in paragraphs if (text := " ".join(_inner_text(p).split())))

    def texts(self, versions: list[tuple[str, etree._Element | None]]) -> Text:
        """Multilingual text from the same element in each language version of the form."""
        result: Text = {}
        for language, element in versions:
            if language not in result and (text := self.text(element)):
                result[language] = text
        return result

    # Numbers

    def money(self, element: etree._Element | None, term: str) -> Money | None:
        """An amount written as the element's text, with its currency in @CURRENCY."""
        if element is None:
            return None
        raw = _inner_text(element).strip()
        if not raw:
            return None
        amount = self.amount(raw, term)
        return Money(amount, element.get("CURRENCY") or None) if amount is not None else None

    def cost(self, element: etree._Element | None, term: str) -> Money | None:
        """An R2.0.8 amount: VALUE_COST in a COSTS_RANGE_AND_CURRENCY element.

        The text is written the local way (``4 789 000,00``); @FMTVAL, when there, is the
        same number written plainly, and is preferred.
        """
        if element is None:
            return None
        value = self.paths.value_cost.first(element)
        if value is None:
            return None
        raw = value.get("FMTVAL") or (value.text or "").replace(" ", "").replace("\xa0", "")
        if "," in raw and "." not in raw:
            raw = raw.replace(",", ".")
        if not raw.strip():
            return None
        amount = self.amount(raw, term)
        return Money(amount, element.get("CURRENCY") or None) if amount is not None else None

    def amount(self, raw: str, term: str) -> Decimal | None:
        try:
            return parse_amount(raw)
        except ValueError as error:
            self.warn(f"{term}: {error}; the amount was left out.")
            return None

    def count(self, raw: str | None, term: str) -> int | None:
        if raw is None:
            return None
        try:
            return parse_count(raw)
        except ValueError as error:
            self.warn(f"{term}: {error}; the count was left out.")
            return None

    def weight(self, raw: str | None, term: str) -> tuple[Decimal | None, str | None]:
        """The number of a free-text weighting, and ``per-exa`` when it is a percentage."""
        if raw is None:
            return None, None
        match = _WEIGHT.fullmatch(raw.strip())
        if match is None:
            self.warn(f"{term}: the weighting {raw!r} is not a number; it was left out.")
            return None, None
        number = Decimal(match["number"].replace(",", "."))
        return number, _PERCENT if match["percent"] else None

    # Dates and times

    def date(self, raw: str | None, term: str) -> dt.date | None:
        if raw is None:
            return None
        match = _DATE.fullmatch(raw.strip())
        try:
            if match is None:
                raise ValueError("not a date")
            return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            self.warn(f"{term}: {raw!r} is not a date; it was left out.")
            return None

    def moment(self, date_raw: str | None, time_raw: str | None, term: str) -> dt.datetime | None:
        """A deadline as an aware moment in the buyer's time zone (see the module docstring)."""
        date = self.date(date_raw, term)
        if date is None:
            return None
        hour = minute = second = 0
        if time_raw:
            match = _TIME.fullmatch(time_raw.strip())
            if match is None:
                self.warn(f"{term}: {time_raw!r} is not a time; 00:00 was taken.")
            else:
                hour, minute = int(match["hour"]), int(match["minute"])
                second = int(match["second"] or 0)
        if (hour, minute, second) == (24, 0, 0):
            date, hour = date + dt.timedelta(days=1), 0
        try:
            clock = dt.time(hour, minute, second)
        except ValueError:
            self.warn(f"{term}: {time_raw!r} is not a valid time; 00:00 was taken.")
            clock = dt.time(0, 0)
        return dt.datetime.combine(date, clock, tzinfo=self.zone())

    def day_month_year(self, element: etree._Element | None) -> tuple[str | None, str | None]:
        """An R2.0.8 date (DAY, MONTH, YEAR and maybe TIME) as ``YYYY-MM-DD`` and the time."""
        if element is None:
            return None, None
        p = self.paths
        day, month, year = p.day.text(element), p.month.text(element), p.year.text(element)
        if day is None or month is None or year is None:
            return None, None
        return f"{year}-{month.zfill(2)}-{day.zfill(2)}", p.time.text(element)

    def zone(self) -> dt.tzinfo:
        if not self._zone_known:
            self._zone_known = True
            self._zone = codes.time_zone(self.country)
            if self._zone is None:
                self.warn(
                    f"The time zone of country {self.country!r} is not known, so the times in "
                    "the notice are taken as UTC."
                )
        return self._zone or dt.UTC


def _inner_text(element: etree._Element) -> str:
    """All the text inside an element (its children's too, as in ``<P>a <FT>b</FT></P>``)."""
    return "".join(str(text) for text in element.itertext())

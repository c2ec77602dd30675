"""Award sections → one :class:`LotResult` per lot, and references to earlier notices.

A legacy award notice has one award section per contract (AWARD_CONTRACT, AWARD_OF_CONTRACT_DEFENCE,
AWARDED_PRIZE), and a lot with several contracts (a framework agreement with several suppliers,
say) has several. They are gathered into one result per lot, as in eForms:

- the lot is selected (``selec-w``) when any of its sections awards a contract, and closed
  without a winner (``clos-nw``) when all of them say no contract was awarded;
- the winners are every contractor of every contract, each once;
- the tender value is the sum of the contract values when they share a currency;
- each count of tenders received is the largest the sections give, since each contract
  repeats the count for the lot.

The lot a section belongs to is found from the lot number it gives (see :class:`LotMatcher`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from kjopekraft.notices.eforms.parser import normalise_ted_publication_number
from kjopekraft.notices.model import Lot, LotResult, Money, NoticeReference, Organisation
from kjopekraft.notices.tedxml import codes
from kjopekraft.notices.tedxml.reader import Reader

_DIGITS = re.compile(r"\d+")
# The OJ S reference of a notice: "2014/S 147-265351" is notice 265351 of 2014.
_OJS_REFERENCE = re.compile(r"(?P<year>\d{4})\s*/\s*S\s*(?P<issue>\d+)\s*-\s*(?P<number>\d+)")


def clean(text: str | None) -> str | None:
    """Text with its runs of white space made single spaces; None when nothing is left."""
    if text is None:
        return None
    return " ".join(text.split()) or None


def unique_lot_ids(lots: list[Lot], reader: Reader) -> list[Lot]:
    """The lots, with a repeated lot number told apart by its position: the second "1" of three
    lots becomes ``1#2``. Buyers do repeat a lot number by mistake."""
    seen: set[str] = set()
    for position, lot in enumerate(lots, start=1):
        if lot.lot_id in seen:
            renamed = f"{lot.lot_id}#{position}"
            reader.warn(f"Lot number {lot.lot_id!r} is given twice; lot {position} is {renamed!r}.")
            lot.lot_id = renamed
        seen.add(lot.lot_id)
    return lots


class LotMatcher:
    """Finds the lot an award section is about from the lot number it writes.

    Lot numbers are free text and the award section does not always write the number the
    way the lot description does ("02" for lot "2", "Lotto 1" for "1"). In order:

    1. the number as written;
    2. the one number in it (``Lot 3 — Cleaning`` is lot 3), when that picks one lot;
    3. the only lot, when the notice describes one;
    4. else the number as written, with a warning, since the notice does not describe that lot.

    A section without a lot number belongs to the only lot, or to the one lot whose title it
    repeats; else it is kept apart as ``#<position>``. Both kinds of gap are reported once per
    notice by :meth:`report`.
    """

    def __init__(self, lots: list[Lot], reader: Reader) -> None:
        self.reader = reader
        self.ids = [lot.lot_id for lot in lots]
        self.known = set(self.ids)
        by_number: dict[str, list[str]] = {}
        for lot_id in self.ids:
            if (key := _number_key(lot_id)) is not None:
                by_number.setdefault(key, []).append(lot_id)
        self.by_number = {key: ids[0] for key, ids in by_number.items() if len(ids) == 1}
        by_title: dict[str, list[str]] = {}
        for lot in lots:
            if title := next(iter(lot.title.values()), ""):
                by_title.setdefault(title.casefold(), []).append(lot.lot_id)
        self.by_title = {title: ids[0] for title, ids in by_title.items() if len(ids) == 1}
        self._unnamed: list[str] = []
        self._unknown: dict[str, None] = {}

    def lot_for(self, number: str | None, position: int, title: str = "") -> str:
        if number is None:
            if len(self.ids) == 1:
                return self.ids[0]
            if title and (lot_id := self.by_title.get(title.casefold())) is not None:
                return lot_id
            self._unnamed.append(f"#{position}")
            return f"#{position}"
        if number in self.known:
            return number
        key = _number_key(number)
        if key is not None and key in self.by_number:
            return self.by_number[key]
        if len(self.ids) == 1:
            return self.ids[0]
        self._unknown[number] = None
        return number

    def report(self) -> None:
        if self._unnamed:
            self.reader.warn(
                f"Award sections without a lot number ({len(self._unnamed)}) in a notice with "
                f"{len(self.ids)} lots are kept as lots {_listed(self._unnamed)}."
            )
        if self._unknown:
            self.reader.warn(
                "Award sections are for lots the notice does not describe: "
                f"{_listed(list(self._unknown))}."
            )


def _listed(items: list[str], most: int = 5) -> str:
    shown = ", ".join(repr(item) for item in items[:most])
    return shown if len(items) <= most else f"{shown} and {len(items) - most} more"


def _number_key(text: str) -> str | None:
    numbers = _DIGITS.findall(text)
    return str(int(numbers[0])) if len(numbers) == 1 else None


class ResultBuilder:
    """Gathers the award sections of a notice into one result per lot (see the module docstring)."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self._results: dict[str, LotResult] = {}
        self._awarded: set[str] = set()
        self._values: dict[str, list[Money]] = {}

    def section(self, lot_id: str, contract_id: str | None = None) -> LotResult:
        result = self._results.get(lot_id)
        if result is None:
            result = self._results[lot_id] = LotResult(lot_id=lot_id)
        if contract_id is not None and contract_id not in result.contract_ids:
            result.contract_ids.append(contract_id)
        return result

    def awarded(
        self,
        result: LotResult,
        winners: list[Organisation],
        received: dict[str, int],
        value: Money | None,
    ) -> None:
        self._awarded.add(result.lot_id)
        result.status = codes.SELECTED
        for winner in winners:
            if all(winner is not known for known in result.winners):
                result.winners.append(winner)
        for kind, count in received.items():
            result.received[kind] = max(count, result.received.get(kind, count))
        if value is not None:
            self._values.setdefault(result.lot_id, []).append(value)

    def not_awarded(self, result: LotResult) -> None:
        if result.lot_id not in self._awarded:
            result.status = codes.CLOSED_WITHOUT_WINNER

    def results(self) -> list[LotResult]:
        for lot_id, values in self._values.items():
            self._results[lot_id].tender_value = self._total(lot_id, values)
        return list(self._results.values())

    def _total(self, lot_id: str, values: list[Money]) -> Money | None:
        currencies = {value.currency for value in values}
        if len(currencies) > 1:
            self.reader.warn(
                f"Lot {lot_id}: the contracts are in several currencies "
                f"({', '.join(sorted(c or '?' for c in currencies))}), so they are not added up."
            )
            return None
        total = sum((value.amount for value in values), Decimal(0))
        return Money(total, next(iter(currencies)))


class References:
    """References to earlier notices, each notice once, by its TED number (``265351-2014``).

    TED writes the number of an earlier notice as its OJ S reference (``2014/S 147-265351``);
    it is kept in the same form as this notice's own identifier so that the two can be joined.
    """

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.all: list[NoticeReference] = []
        self._seen: set[str] = set()

    def add(self, raw: str, kind: str) -> None:
        notice_id = notice_number(raw)
        if notice_id is None:
            notice_id = clean(raw) or raw
            self.reader.warn(
                f"The earlier notice {raw!r} is not written as an OJ S reference "
                "(YYYY/S NNN-NNNNNN); it is kept as written."
            )
        if notice_id not in self._seen:
            self._seen.add(notice_id)
            self.all.append(NoticeReference(notice_id, kind=kind))


def notice_number(text: str) -> str | None:
    """``2014/S 147-265351`` or ``265351-2014`` → ``265351-2014``; None for anything else."""
    match = _OJS_REFERENCE.fullmatch(text.strip())
    if match is not None:
        return f"{int(match['number'])}-{match['year']}"
    return normalise_ted_publication_number(text)


def oj_issue(text: str) -> str | None:
    """The OJ S issue of a reference as eForms writes it: ``2014/S 147-265351`` → ``147/2014``."""
    match = _OJS_REFERENCE.fullmatch(text.strip())
    return f"{int(match['issue'])}/{match['year']}" if match is not None else None

"""Results of a notice (efac:NoticeResult): per lot, the winners, tenders received and value.

The parts of a result point at each other by technical identifiers::

    LotResult (RES-0001) -> LotTender (TEN-0001) -> TenderingParty (TPA-0001)
        -> Tenderer -> Organization (ORG-0002)
    SettledContract (CON-0001) -> LotTender (TEN-0001)

A lot result may list tenders that did not win (with their rank, say), and real notices link
the parts inconsistently, so the winning tenders of a lot result are, in this order:

1. its tenders that its own settled contracts point at;
2. else its tenders that any settled contract of the notice points at;
3. else all its tenders, when it lists only one or the notice links no contract to any tender;
4. else none, with a warning.

A lot result whose status (BT-142) says that nobody won has no winners.
"""

from __future__ import annotations

from decimal import Decimal

from kjopekraft.notices.eforms import xpaths as xp
from kjopekraft.notices.eforms.context import NoticeContext
from kjopekraft.notices.eforms.organisations import Organisations
from kjopekraft.notices.model import LotResult, Money, Organisation

# BT-142 codes saying that no tender won: closed without a winner, still open.
NO_WINNER = frozenset({"clos-nw", "open-nw"})
TENDERS_RECEIVED = "tenders"  # the BT-760 code for all tenders received


def read_results(
    notice: xp.Found, context: NoticeContext, organisations: Organisations
) -> tuple[list[LotResult], Money | None]:
    """The lot results and the notice total (BT-161), from what :data:`xp.NOTICE` found."""
    notice_result = notice.first(xp.NOTICE_RESULT)
    if notice_result is None:
        return [], None
    found = xp.RESULTS.read(notice_result)
    reader = _ResultReader(found, context, organisations)
    results = [
        reader.lot_result(xp.LOT_RESULT.read(element), position)
        for position, element in enumerate(found.all(xp.LOT_RESULTS), start=1)
    ]
    return results, context.money(found.first(xp.TOTAL_AMOUNT), "BT-161")


class _ResultReader:
    def __init__(
        self, notice_result: xp.Found, context: NoticeContext, organisations: Organisations
    ) -> None:
        self.context = context
        self.organisations = organisations
        self.tenders: dict[str, xp.Found] = {}
        for element in notice_result.all(xp.LOT_TENDERS):
            tender = xp.TENDER.read(element)
            if (tender_id := tender.text(xp.TENDER_ID)) is not None:
                self.tenders[tender_id] = tender
        self.parties: dict[str, list[str]] = {}
        for element in notice_result.all(xp.TENDERING_PARTIES):
            party = xp.PARTY.read(element)
            if (party_id := party.text(xp.PARTY_ID)) is not None:
                self.parties[party_id] = party.texts(xp.PARTY_TENDERERS)
        self.contract_tenders: dict[str, list[str]] = {}
        for element in notice_result.all(xp.SETTLED_CONTRACTS):
            contract = xp.CONTRACT.read(element)
            if (contract_id := contract.text(xp.CONTRACT_ID)) is not None:
                self.contract_tenders[contract_id] = contract.texts(xp.CONTRACT_TENDERS)
        self.contracted = {t for tenders in self.contract_tenders.values() for t in tenders}

    def lot_result(self, found: xp.Found, position: int) -> LotResult:
        result_id = found.text(xp.RESULT_ID)
        name = result_id or f"lot result {position}"
        lot_id = found.text(xp.RESULT_LOT)
        if lot_id is None:
            lot_id = f"#{position}"
            self.context.warn(f"{name} names no lot (BT-13713); it is kept under {lot_id!r}.")
        result = LotResult(
            lot_id=lot_id,
            result_id=result_id,
            status=found.text(xp.RESULT_STATUS),
            contract_ids=found.texts(xp.RESULT_CONTRACTS),
        )
        self._read_received(result, found, name)
        won = self._winning_tenders(result, found.texts(xp.RESULT_TENDERS), name)
        values: list[Money] = []
        for tender_id in won:
            tender = self.tenders.get(tender_id)
            if tender is None:
                self.context.warn(f"{name} refers to tender {tender_id}, which is not described.")
                continue
            for winner in self._tenderers(tender, tender_id):
                if all(winner is not known for known in result.winners):
                    result.winners.append(winner)
            value = self.context.money(tender.first(xp.TENDER_VALUE), f"BT-720 {tender_id}")
            if value is not None:
                values.append(value)
        result.tender_value = self._total(values, name)
        return result

    def _read_received(self, result: LotResult, found: xp.Found, name: str) -> None:
        for statistics in found.all(xp.RECEIVED):
            kind = xp.RECEIVED_TYPE.text(statistics)
            count = self.context.count(xp.RECEIVED_COUNT.text(statistics), f"BT-759 {name}")
            if count is None:
                continue
            if kind is None:
                # Some TED notices give the count alone; it can only be the tenders received.
                kind = TENDERS_RECEIVED
                self.context.warn(
                    f"{name}: {count} submissions without a type (BT-760), taken as {kind!r}."
                )
            if kind in result.received and result.received[kind] != count:
                self.context.warn(
                    f"{name}: two counts for {kind!r} submissions "
                    f"({result.received[kind]} and {count}); the first is kept."
                )
                continue
            result.received[kind] = count

    def _winning_tenders(self, result: LotResult, tender_ids: list[str], name: str) -> list[str]:
        if result.status in NO_WINNER or not tender_ids:
            return []
        own = {
            tender_id
            for contract_id in result.contract_ids
            for tender_id in self.contract_tenders.get(contract_id, [])
        }
        for linked in (own, self.contracted):
            won = [tender_id for tender_id in tender_ids if tender_id in linked]
            if won:
                return won
        if len(tender_ids) == 1 or not self.contracted:
            return tender_ids
        self.context.warn(
            f"{name} lists tenders {', '.join(tender_ids)} but no contract refers to any "
            "of them, so no winner is recorded."
        )
        return []

    def _tenderers(self, tender: xp.Found, tender_id: str) -> list[Organisation]:
        party_id = tender.text(xp.TENDER_PARTY)
        if party_id is None:
            self.context.warn(f"Tender {tender_id} names no tendering party (OPT-310).")
            return []
        organisation_ids = self.parties.get(party_id)
        if organisation_ids is None:
            self.context.warn(f"Tender {tender_id} refers to {party_id}, which is not described.")
            return []
        return [self.organisations.get(org_id, "tenderer") for org_id in organisation_ids]

    def _total(self, values: list[Money], name: str) -> Money | None:
        if not values:
            return None
        currencies = {value.currency for value in values if value.currency is not None}
        if len(currencies) > 1:
            self.context.warn(
                f"{name}: the winning tenders are in several currencies "
                f"({', '.join(sorted(currencies))}), so they are not added up."
            )
            return None
        total = sum((value.amount for value in values), Decimal(0))
        return Money(total, next(iter(currencies), None))

"""Organisations (efac:Organizations) and the buyers that point at them (cac:ContractingParty)."""

from __future__ import annotations

from kjopekraft.notices.eforms import xpaths as xp
from kjopekraft.notices.eforms.context import NoticeContext
from kjopekraft.notices.model import Organisation


class Organisations:
    """Every organisation of a notice, found by its technical identifier (OPT-200, ORG-0001).

    Buyers, winners and tenderers are the same :class:`Organisation` objects as in the list,
    so a buyer's legal type or a winner's size is seen wherever the organisation appears.
    """

    def __init__(self, notice: xp.Found, context: NoticeContext) -> None:
        """The organisations of the notice, from what :data:`xp.NOTICE` found in its root."""
        self.context = context
        self.all: list[Organisation] = []
        self._by_id: dict[str, Organisation] = {}
        for position, element in enumerate(notice.all(xp.ORGANIZATIONS), start=1):
            company = xp.ORGANIZATION.read(element).read_first(xp.COMPANY)
            if company is None:
                context.warn(f"Organisation {position} has no efac:Company; it was left out.")
                continue
            organisation = Organisation(
                local_id=company.text(xp.ORG_ID),
                name=context.one_text(company.all(xp.ORG_NAME)),
                identifier=company.text(xp.ORG_IDENTIFIER),
                country=company.text(xp.ORG_COUNTRY),
                nuts=company.text(xp.ORG_NUTS),
                city=company.text(xp.ORG_CITY),
                size=company.text(xp.ORG_SIZE),
                url=company.text(xp.ORG_URL),
            )
            self.all.append(organisation)
            if organisation.local_id is None:
                context.warn(f"Organisation {position} ({organisation.name!r}) has no OPT-200.")
            elif organisation.local_id in self._by_id:
                context.warn(f"Organisation {organisation.local_id} is described twice.")
            else:
                self._by_id[organisation.local_id] = organisation

    def get(self, local_id: str, role: str) -> Organisation:
        """The organisation with this identifier; a reference to nothing is kept with a warning."""
        found = self._by_id.get(local_id)
        if found is None:
            self.context.warn(
                f"The {role} refers to organisation {local_id}, which the notice does not "
                "describe; it was kept with its identifier only."
            )
            found = Organisation(local_id=local_id)
            self._by_id[local_id] = found
            self.all.append(found)
        return found

    def buyers(self, notice: xp.Found) -> list[Organisation]:
        """The buyers (cac:ContractingParty) with their legal type (BT-11) and activity (BT-10)."""
        buyers: list[Organisation] = []
        for element in notice.all(xp.CONTRACTING_PARTIES):
            party = xp.BUYER.read(element)
            reference = party.text(xp.BUYER_REF)
            if reference is None:
                self.context.warn("A buyer has no organisation reference (OPT-300).")
                buyer = Organisation()
                self.all.append(buyer)
            else:
                buyer = self.get(reference, "buyer")
            buyer.legal_type = party.text(xp.BUYER_LEGAL_TYPE) or buyer.legal_type
            buyer.activity = party.text(xp.BUYER_ACTIVITY) or buyer.activity
            if all(buyer is not known for known in buyers):
                buyers.append(buyer)
        return buyers

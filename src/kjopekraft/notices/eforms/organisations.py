"""Organisations (efac:Organizations) and the buyers that point at them (cac:ContractingParty)."""

from __future__ import annotations

from lxml import etree

from kjopekraft.notices.eforms import xpaths as xp
from kjopekraft.notices.eforms.context import NoticeContext
from kjopekraft.notices.model import Organisation


class Organisations:
    """Every organisation of a notice, found by its technical identifier (OPT-200, ORG-0001).

    Buyers, winners and tenderers are the same :class:`Organisation` objects as in the list,
    so a buyer's legal type or a winner's size is seen wherever the organisation appears.
    """

    def __init__(self, root: etree._Element, context: NoticeContext) -> None:
        self.context = context
        self.all: list[Organisation] = []
        self._by_id: dict[str, Organisation] = {}
        for position, element in enumerate(xp.ORGANIZATIONS.all(root), start=1):
            company = xp.COMPANY.first(element)
            if company is None:
                context.warn(f"Organisation {position} has no efac:Company; it was left out.")
                continue
            organisation = Organisation(
                local_id=xp.ORG_ID.text(company),
                name=context.one_text(xp.ORG_NAME.all(company)),
                identifier=xp.ORG_IDENTIFIER.text(company),
                country=xp.ORG_COUNTRY.text(company),
                nuts=xp.ORG_NUTS.text(company),
                city=xp.ORG_CITY.text(company),
                size=xp.ORG_SIZE.text(company),
                url=xp.ORG_URL.text(company),
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

    def buyers(self, root: etree._Element) -> list[Organisation]:
        """The buyers (cac:ContractingParty) with their legal type (BT-11) and activity (BT-10)."""
        buyers: list[Organisation] = []
        for party in xp.CONTRACTING_PARTIES.all(root):
            reference = xp.BUYER_REF.text(party)
            if reference is None:
                self.context.warn("A buyer has no organisation reference (OPT-300).")
                buyer = Organisation()
                self.all.append(buyer)
            else:
                buyer = self.get(reference, "buyer")
            buyer.legal_type = xp.BUYER_LEGAL_TYPE.text(party) or buyer.legal_type
            buyer.activity = xp.BUYER_ACTIVITY.text(party) or buyer.activity
            if all(buyer is not known for known in buyers):
                buyers.append(buyer)
        return buyers

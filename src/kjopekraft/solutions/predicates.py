"""Who may see and do what in the catalogue: every rule of the solutions app is here.

Each predicate takes the person first and answers ``False`` for anonymous visitors unless the
thing is public.
"""

from __future__ import annotations

from typing import Any

from kjopekraft.accounts import predicates as roles
from kjopekraft.accounts.models import Membership, Role
from kjopekraft.organisations.models import Organisation
from kjopekraft.solutions.models import CatalogueEntry

is_adviser = roles.is_adviser
is_buyer = roles.is_buyer
is_supplier = roles.is_supplier


def organisations(user: Any, role: str) -> list[Organisation]:
    """The organisations in which the person has an approved membership with the role."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return list(
        Organisation.objects.filter(
            memberships__user=user,
            memberships__role=role,
            memberships__status=Membership.Status.APPROVED,
        ).order_by("name")
    )


def speaks_for_supplier(user: Any, entry: CatalogueEntry) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return (
        Membership.objects.approved()
        .filter(user=user, role=Role.SUPPLIER, organisation_id=entry.supplier_id)
        .exists()
    )


def can_view_entry(user: Any, entry: CatalogueEntry) -> bool:
    """Verified entries are public; the rest only for their supplier and the advisers."""
    return entry.is_public or speaks_for_supplier(user, entry) or is_adviser(user)


def can_see_buyer_only_fields(user: Any, entry: CatalogueEntry) -> bool:
    """Signed-in buyers see every field; so do the advisers who verify the entry and the
    supplier who wrote it. Other suppliers and the public see only the public fields."""
    return is_buyer(user) or is_adviser(user) or speaks_for_supplier(user, entry)


def can_register_entry(user: Any) -> bool:
    return is_supplier(user) or is_adviser(user)


def can_register_for(user: Any, number: str) -> bool:
    """Suppliers register entries for their own organisation; advisers for any supplier."""
    if is_adviser(user):
        return True
    return number in {o.orgnr for o in organisations(user, Role.SUPPLIER)}


def can_edit_entry(user: Any, entry: CatalogueEntry) -> bool:
    return speaks_for_supplier(user, entry) or is_adviser(user)


def can_review_entry(user: Any, entry: CatalogueEntry) -> bool:
    return is_adviser(user) and entry.status == CatalogueEntry.Status.SUBMITTED


def can_express_interest(user: Any, entry: CatalogueEntry) -> bool:
    return entry.is_public and is_buyer(user)


def can_record_adoption(user: Any, entry: CatalogueEntry) -> bool:
    return entry.is_public and is_buyer(user)


def can_create_from_decision(user: Any, decision: Any) -> bool:
    """An adviser, or a buyer of the challenge that decided to buy and scale."""
    if is_adviser(user):
        return True
    buyer_ids = {b.pk for b in decision.challenge.buyers()}
    return any(o.pk in buyer_ids for o in organisations(user, Role.BUYER))

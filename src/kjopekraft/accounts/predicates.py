"""Who may do what: every role check of the platform is a predicate here.

Views and templates ask these questions rather than looking at memberships themselves, so that
the rules stay in one place.
"""

from __future__ import annotations

from typing import Any

from kjopekraft.accounts.models import Membership, Role


def _approved(user: Any, role: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return Membership.objects.approved().filter(user=user, role=role).exists()


def is_site_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def is_adviser(user: Any) -> bool:
    """Programme advisers, and site administrators, who can do what advisers do."""
    return is_site_admin(user) or _approved(user, Role.ADVISER)


def is_buyer(user: Any) -> bool:
    """A person with an approved membership in a public body; a pending buyer is not one yet."""
    return _approved(user, Role.BUYER)


def is_supplier(user: Any) -> bool:
    return _approved(user, Role.SUPPLIER)


def can_decide_membership(user: Any, membership: Membership) -> bool:
    """Advisers decide buyer and supplier memberships; only site administrators make advisers."""
    if membership.role == Role.ADVISER:
        return is_site_admin(user)
    return is_adviser(user) and membership.user_id != user.pk

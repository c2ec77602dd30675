"""Who may see and change an effect contract: every rule of the outcomes app is here.

Signed contracts are public: the white paper's point is that public money is paid only for
outcomes reached, and anyone may follow whether they are. Drafts are for the parties and the
programme's advisers.
"""

from __future__ import annotations

from typing import Any

from kjopekraft.accounts import predicates as roles
from kjopekraft.accounts.models import Membership, Role
from kjopekraft.outcomes.models import EffectContract

is_adviser = roles.is_adviser


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_commissioner(user: Any, contract: EffectContract) -> bool:
    """A buyer in the commissioning organisation."""
    if not _signed_in(user):
        return False
    return (
        Membership.objects.approved()
        .filter(user=user, role=Role.BUYER, organisation_id=contract.commissioner_id)
        .exists()
    )


def is_party(user: Any, contract: EffectContract) -> bool:
    """Someone acting for the commissioning buyer, the investor or the provider."""
    if not _signed_in(user):
        return False
    parties = [contract.commissioner_id, contract.investor_id, contract.provider_id]
    return Membership.objects.approved().filter(user=user, organisation_id__in=parties).exists()


def is_provider(user: Any, contract: EffectContract) -> bool:
    if not _signed_in(user):
        return False
    return (
        Membership.objects.approved()
        .filter(user=user, organisation_id=contract.provider_id)
        .exists()
    )


def can_view_contract(user: Any, contract: EffectContract) -> bool:
    return not contract.is_draft or is_party(user, contract) or is_adviser(user)


def can_create_contract(user: Any) -> bool:
    return roles.is_buyer(user) or is_adviser(user)


def can_commission_for(user: Any, organisation: Any) -> bool:
    """A buyer drafts contracts for its own public body; an adviser for any."""
    if is_adviser(user):
        return True
    return (
        _signed_in(user)
        and Membership.objects.approved()
        .filter(user=user, role=Role.BUYER, organisation=organisation)
        .exists()
    )


def can_edit_contract(user: Any, contract: EffectContract) -> bool:
    """The terms change only in the draft, by the commissioning buyer or an adviser."""
    return contract.is_draft and (is_commissioner(user, contract) or is_adviser(user))


def can_sign_contract(user: Any, contract: EffectContract) -> bool:
    return can_edit_contract(user, contract)


def can_record_measurement(user: Any, contract: EffectContract) -> bool:
    """The commissioning buyer and the provider report outcomes, and advisers help them."""
    if contract.is_draft:
        return False
    return is_commissioner(user, contract) or is_provider(user, contract) or is_adviser(user)


def can_see_change_log(user: Any, contract: EffectContract) -> bool:
    """The log names people, so it is for the parties and the advisers."""
    return is_party(user, contract) or is_adviser(user)

"""Writes that span several models: each one atomic."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from kjopekraft.accounts.models import Membership, Role, User
from kjopekraft.organisations.models import Organisation


class MembershipError(Exception):
    """A membership request that cannot be made; the message is for the person."""


def _organisation_for(number: str, name: str, role: str) -> Organisation:
    organisation = Organisation.objects.filter(orgnr=number).first()
    if organisation is not None:
        return organisation
    if not name.strip():
        raise MembershipError(
            _("Organisation %(orgnr)s is not known yet: give its name as well.") % {"orgnr": number}
        )
    kind = Organisation.Kind.COMPANY if role == Role.SUPPLIER else Organisation.Kind.OTHER
    return Organisation.objects.create(orgnr=number, name=name.strip(), kind=kind)


@transaction.atomic
def request_membership(user: User, *, role: str, number: str, name: str = "") -> Membership:
    """Ask for a role in an organisation.

    Suppliers speak for their own company and are approved at once; a buyer acts for a public
    body, so an adviser must approve the membership first.
    """
    organisation = _organisation_for(number, name, role)
    if role == Role.BUYER and organisation.kind in {
        Organisation.Kind.COMPANY,
        Organisation.Kind.ASSOCIATION,
        Organisation.Kind.FOUNDATION,
    }:
        raise MembershipError(
            _("%(name)s is not a public body, so it cannot be a buyer.")
            % {"name": organisation.name}
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    if not created and membership.status != Membership.Status.REJECTED:
        raise MembershipError(
            _("You already have this role in %(name)s.") % {"name": organisation.name}
        )
    membership.status = (
        Membership.Status.APPROVED if role == Role.SUPPLIER else Membership.Status.PENDING
    )
    membership.save(update_fields=["status"])
    return membership


@transaction.atomic
def sign_up(
    *, email: str, password: str, full_name: str, role: str, number: str, organisation_name: str
) -> User:
    """Create a person and their first membership together, or neither."""
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    request_membership(user, role=role, number=number, name=organisation_name)
    return user


@transaction.atomic
def delete_account(user: User) -> None:
    """Delete the person and everything that is theirs alone.

    Records that others depend on point to the person with ``SET_NULL`` and stay, without the
    person's name.
    """
    User.objects.filter(pk=user.pk).delete()


@transaction.atomic
def decide_membership(
    membership: Membership, *, by: User, approve: bool, comment: str = ""
) -> None:
    """Approve or reject a membership request and tell the person by e-mail."""
    if approve:
        membership.approve(by=by)
        subject = _("Your role in %(organisation)s is approved")
        body = _("You now act as %(role)s for %(organisation)s on Kjøpekraft.")
    else:
        membership.reject(by=by, comment=comment)
        subject = _("Your request for a role in %(organisation)s was not approved")
        body = _("Your request to act as %(role)s for %(organisation)s was not approved.")
    params = {"organisation": membership.organisation.name, "role": membership.get_role_display()}
    text = body % params
    if comment:
        text += "\n\n" + comment
    text += "\n\n" + settings.SITE_URL + reverse("accounts:profile")
    recipient = membership.user.email
    transaction.on_commit(
        lambda: send_mail(subject % params, text, None, [recipient], fail_silently=True)
    )

"""Catalogue writes that span several models or tell people: each one atomic.

E-mails go out only when the transaction commits, so nobody hears of an interest or a review
that did not happen.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kjopekraft.accounts.models import Membership, Role, User
from kjopekraft.organisations import orgnr
from kjopekraft.organisations.models import Organisation
from kjopekraft.programme.models import Decision
from kjopekraft.solutions.models import (
    Adoption,
    CloudService,
    CpvCode,
    Interest,
    PurchaseRoute,
    Reference,
    Solution,
)

Entry = Solution | CloudService


class CatalogueError(Exception):
    """A catalogue write that cannot be made; the message is for the person."""


def _mail(messages: Iterable[tuple[str, str, list[str]]]) -> None:
    """One message per address, sent once the transaction has committed."""
    batch = [
        (subject, body, None, [address])
        for subject, body, addresses in messages
        for address in sorted(set(addresses))
        if address
    ]
    if batch:
        transaction.on_commit(lambda: send_mass_mail(batch, fail_silently=True))


def _emails(organisation_ids: Iterable[int | None], role: str) -> list[str]:
    return list(
        Membership.objects.approved()
        .filter(organisation_id__in=[i for i in organisation_ids if i], role=role)
        .values_list("user__email", flat=True)
    )


def _link(entry: Entry) -> str:
    return settings.SITE_URL + entry.get_absolute_url()


def organisation_for(number: str, name: str, kind: str) -> Organisation:
    """The organisation with this organisasjonsnummer, registered with ``name`` if it is new.

    The number is checked with MOD11 first, so no organisation enters with a wrong number.
    """
    try:
        number = orgnr.validate(number)
    except orgnr.InvalidOrgnr as exc:
        raise CatalogueError(
            _("%(value)s is not a valid organisation number: %(reason)s")
            % {"value": number, "reason": exc.reason}
        ) from exc
    organisation = Organisation.objects.filter(orgnr=number).first()
    if organisation is not None:
        return organisation
    if not name.strip():
        raise CatalogueError(
            _("Organisation %(orgnr)s is not known yet: give its name as well.") % {"orgnr": number}
        )
    return Organisation.objects.create(orgnr=number, name=name.strip(), kind=kind)


def _set_cpv(solution: Solution, codes: Iterable[str]) -> None:
    wanted = sorted(set(codes))
    solution.cpv_codes.exclude(code__in=wanted).delete()
    for code in wanted:
        CpvCode.objects.get_or_create(solution=solution, code=code)


def _set_supplier(entry: Entry, supplier: tuple[str, str] | None) -> None:
    if supplier is not None:
        entry.supplier = organisation_for(*supplier, Organisation.Kind.COMPANY)


@transaction.atomic
def register_entry(
    entry: Entry,
    *,
    by: User,
    supplier: tuple[str, str] | None = None,
    cpv_codes: Iterable[str] = (),
) -> Entry:
    """Add a supplier's solution or cloud service to the catalogue.

    ``supplier`` is the (organisasjonsnummer, name) of a supplier that may be new; it is
    registered in the same transaction, so a failed registration leaves nothing behind. An
    adviser's entry is verified at once, since advisers are the ones who verify; a supplier's
    waits for an adviser, and the advisers are told.
    """
    from kjopekraft.solutions import predicates

    _set_supplier(entry, supplier)
    entry.created_by = by
    entry.full_clean()
    entry.save()
    if isinstance(entry, Solution):
        _set_cpv(entry, cpv_codes)
    if predicates.is_adviser(by):
        entry.review(by, verify=True)
    else:
        _mail(
            [
                (
                    _("New in the catalogue, awaiting verification: %(name)s")
                    % {"name": entry.title},
                    _link(entry),
                    _emails_of_advisers(),
                )
            ]
        )
    return entry


def _emails_of_advisers() -> list[str]:
    return list(
        Membership.objects.approved()
        .filter(role=Role.ADVISER)
        .values_list("user__email", flat=True)
    )


@transaction.atomic
def save_entry(
    entry: Entry,
    *,
    by: User,
    supplier: tuple[str, str] | None = None,
    cpv_codes: Iterable[str] | None = None,
) -> Entry:
    """Save changes; an entry that was not verified goes back to the advisers."""
    _set_supplier(entry, supplier)
    entry.full_clean()
    entry.save()
    if isinstance(entry, Solution) and cpv_codes is not None:
        _set_cpv(entry, cpv_codes)
    entry.resubmit()
    return entry


@transaction.atomic
def review_entry(entry: Entry, *, by: User, verify: bool, comment: str = "") -> None:
    """An adviser verifies an entry, which makes it public, or says why not; the supplier is
    told either way."""
    entry.review(by, verify=verify, comment=comment)
    if verify:
        subject = _("“%(name)s” is verified and public in the catalogue")
    else:
        subject = _("“%(name)s” was not verified")
    body = (comment.strip() + "\n\n" if comment.strip() else "") + _link(entry)
    recipients = [*_emails([entry.supplier_id], Role.SUPPLIER), entry.contact_email]
    _mail([(subject % {"name": entry.title}, body, recipients)])


@transaction.atomic
def create_solution_from_decision(
    decision: Decision, solution: Solution, *, by: User, cpv_codes: Iterable[str] = ()
) -> Solution:
    """Put the solution a programme pilot proved into the catalogue.

    The supplier is the one whose proposal was piloted; the challenge's buyers become the
    reference customers, and, having decided to buy and scale, its first adopters. The entry is
    verified: the programme's advisers followed the pilot.
    """
    if decision.outcome != Decision.Outcome.BUY_AND_SCALE:
        raise CatalogueError(
            _("Only a decision to buy and scale puts a solution in the catalogue.")
        )
    if Solution.objects.filter(decision=decision).exists():
        raise CatalogueError(_("This decision's solution is already in the catalogue."))
    challenge = decision.challenge
    pilot = challenge.pilots.select_related("proposal__supplier").order_by("starts").first()
    if pilot is None:
        raise CatalogueError(_("The challenge has no pilot to take the solution from."))
    solution.origin = Solution.Origin.PROGRAMME
    solution.decision = decision
    solution.supplier = pilot.proposal.supplier
    solution.pilot_buyer = challenge.lead_buyer
    solution.pilot_ended = pilot.ends
    solution.created_by = by
    solution.full_clean()
    solution.save()
    _set_cpv(solution, cpv_codes)
    decided_on = timezone.localdate(decision.decided)
    for buyer in challenge.buyers():
        Reference.objects.get_or_create(solution=solution, organisation=buyer)
        Adoption.objects.get_or_create(
            solution=solution,
            organisation=buyer,
            defaults={
                "adopted_on": decided_on,
                "scope": Adoption.Scope.PART,
                "scope_details": _("Piloted, then decided to buy and scale"),
                "route": PurchaseRoute.ORIGINAL_CONTRACT,
                "recorded_by": by,
            },
        )
    solution.review(by, verify=True)
    return solution


def _buyer_organisation(user: User, organisation: Organisation) -> None:
    acts = (
        Membership.objects.approved()
        .filter(user=user, organisation=organisation, role=Role.BUYER)
        .exists()
    )
    if not acts:
        raise CatalogueError(
            _("You do not act as a buyer for %(name)s.") % {"name": organisation.name}
        )


@transaction.atomic
def express_interest(
    entry: Entry, *, by: User, organisation: Organisation, message: str = ""
) -> Interest:
    """A buyer's interest reaches the supplier and a reference customer who uses the entry.

    The supplier hears who is asking so it can answer; the reference customer is asked to share
    its experience with the buyer. Each gets a message of its own.
    """
    if not entry.is_public:
        raise CatalogueError(_("Only a verified entry can receive interest."))
    _buyer_organisation(by, organisation)
    message = message.strip()
    supplier = [*_emails([entry.supplier_id], Role.SUPPLIER), entry.contact_email]
    supplier = sorted({a for a in supplier if a})
    reference = entry.reference_contact(excluding=organisation)
    params = {"buyer": organisation.name, "name": entry.title, "person": by.full_name}
    asker = f"{by.full_name} <{by.email}>"
    note = ("\n\n" + message) if message else ""
    mails = [
        (
            _("%(buyer)s is interested in %(name)s") % params,
            _("%(person)s at %(buyer)s is interested in %(name)s and would like to hear from you.")
            % params
            + "\n\n"
            + asker
            + note
            + "\n\n"
            + _link(entry),
            supplier,
        )
    ]
    if reference and reference not in supplier:
        mails.append(
            (
                _("%(buyer)s would like to hear about your experience with %(name)s") % params,
                _(
                    "%(person)s at %(buyer)s is considering %(name)s. You are a reference "
                    "customer: would you share your experience?"
                )
                % params
                + "\n\n"
                + asker
                + note
                + "\n\n"
                + _link(entry),
                [reference],
            )
        )
    notified = [*supplier, *([reference] if reference and reference not in supplier else [])]
    interest = Interest.objects.create(
        **Interest.of(entry),
        organisation=organisation,
        person=by,
        message=message,
        notified=notified,
    )
    _mail(mails)
    return interest


@transaction.atomic
def record_adoption(
    entry: Entry,
    *,
    by: User,
    organisation: Organisation,
    adopted_on: date,
    scope: str,
    route: str,
    scope_details: str = "",
    is_reference: bool = False,
    contact_email: str = "",
) -> Adoption:
    """A buyer records that it took the entry into use; the entry then lists it as a user."""
    if not entry.is_public:
        raise CatalogueError(_("Only a verified entry can be adopted."))
    _buyer_organisation(by, organisation)
    if adopted_on > timezone.localdate():
        raise CatalogueError(_("The date it was taken into use cannot be in the future."))
    fields: dict[str, Any] = {
        "organisation": organisation,
        "adopted_on": adopted_on,
        "scope": scope,
        "scope_details": scope_details.strip(),
        "route": route,
        "is_reference": is_reference,
        "contact_email": contact_email.strip() if is_reference else "",
        "recorded_by": by,
    }
    try:
        with transaction.atomic():
            adoption = Adoption.objects.create(**Adoption.of(entry), **fields)
    except IntegrityError as exc:
        raise CatalogueError(
            _("%(name)s has already recorded that it uses this.") % {"name": organisation.name}
        ) from exc
    return adoption

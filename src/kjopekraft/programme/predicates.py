"""Who may do what in the programme, and when: every phase- and role-dependent rule is here.

Views ask these questions before they act, and templates ask them (through the ``allowed`` tag)
before they offer a button, so that a rule is written once. Each predicate takes the person
first and the object second, and answers ``False`` for anonymous visitors unless the thing is
public.
"""

from __future__ import annotations

from typing import Any

from kjopekraft.accounts import predicates as roles
from kjopekraft.accounts.models import Membership, Role
from kjopekraft.organisations.models import Organisation
from kjopekraft.programme.models import (
    Challenge,
    Evaluator,
    Need,
    Pilot,
    Proposal,
    SupplierProfile,
)

is_adviser = roles.is_adviser
is_buyer = roles.is_buyer
is_supplier = roles.is_supplier


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def organisations(user: Any, role: str) -> list[Organisation]:
    """The organisations in which the person has an approved membership with the role."""
    if not _signed_in(user):
        return []
    return list(
        Organisation.objects.filter(
            memberships__user=user,
            memberships__role=role,
            memberships__status=Membership.Status.APPROVED,
        ).order_by("name")
    )


def _acts_for(user: Any, role: str, organisation_id: int | None) -> bool:
    if not _signed_in(user) or organisation_id is None:
        return False
    return (
        Membership.objects.approved()
        .filter(user=user, role=role, organisation_id=organisation_id)
        .exists()
    )


def evaluator_of(user: Any, challenge: Challenge) -> Evaluator | None:
    if not _signed_in(user):
        return None
    return Evaluator.objects.filter(challenge=challenge, user=user).first()


# --- Needs -------------------------------------------------------------------------------------


def can_write_need(user: Any) -> bool:
    return is_buyer(user)


def is_need_owner(user: Any, need: Need) -> bool:
    """A buyer in the organisation that has the need: colleagues work on needs together."""
    return _acts_for(user, Role.BUYER, need.organisation_id)


def can_view_need(user: Any, need: Need) -> bool:
    """Needs are not public. Their buyers and advisers see them; other buyers see the ones past
    the draft, which is what lets them find a partner with the same need."""
    if is_need_owner(user, need) or is_adviser(user):
        return True
    return is_buyer(user) and need.status not in {Need.Status.DRAFT, Need.Status.ARCHIVED}


def can_edit_need(user: Any, need: Need) -> bool:
    return need.is_editable and is_need_owner(user, need)


def can_submit_need(user: Any, need: Need) -> bool:
    return need.can_move(Need.Status.SUBMITTED) and is_need_owner(user, need)


def can_decide_need(user: Any, need: Need) -> bool:
    """An adviser accepts a submitted need or returns it with comments."""
    return need.status == Need.Status.SUBMITTED and is_adviser(user)


def can_archive_need(user: Any, need: Need) -> bool:
    return need.can_move(Need.Status.ARCHIVED) and (is_need_owner(user, need) or is_adviser(user))


def can_propose_joint(user: Any, need: Need, other: Need) -> bool:
    """A buyer proposes to meet the market together with another buyer's similar need."""
    return (
        need.organisation_id != other.organisation_id
        and need.status not in {Need.Status.IN_CHALLENGE, Need.Status.ARCHIVED}
        and other.status in {Need.Status.SUBMITTED, Need.Status.ACCEPTED, Need.Status.RETURNED}
        and is_need_owner(user, need)
    )


def can_merge_needs(user: Any) -> bool:
    return is_adviser(user)


# --- Challenges --------------------------------------------------------------------------------


def is_challenge_author(user: Any, challenge: Challenge) -> bool:
    """The adviser who made it, and the buyers who lead it or take part."""
    if not _signed_in(user):
        return False
    if challenge.created_by_id == user.pk:
        return True
    buyer_ids = {
        challenge.lead_buyer_id,
        *challenge.participating_buyers.values_list("pk", flat=True),
    }
    return (
        Membership.objects.approved()
        .filter(user=user, role=Role.BUYER, organisation_id__in=buyer_ids)
        .exists()
    )


def is_challenge_buyer(user: Any, challenge: Challenge) -> bool:
    return is_challenge_author(user, challenge) and is_buyer(user)


def can_view_challenge(user: Any, challenge: Challenge) -> bool:
    """Every status but draft is public; a draft only for its authors and advisers."""
    if challenge.status != Challenge.Status.DRAFT:
        return True
    return is_adviser(user) or is_challenge_author(user, challenge)


def can_create_challenge(user: Any) -> bool:
    return is_adviser(user)


def can_edit_challenge(user: Any, challenge: Challenge) -> bool:
    """Advisers and the challenge's buyers shape the draft; once published, it stands."""
    return challenge.status == Challenge.Status.DRAFT and (
        is_adviser(user) or is_challenge_buyer(user, challenge)
    )


def can_publish_challenge(user: Any, challenge: Challenge) -> bool:
    return challenge.status == Challenge.Status.DRAFT and is_adviser(user)


def can_close_challenge(user: Any, challenge: Challenge) -> bool:
    return (
        challenge.status == Challenge.Status.PUBLISHED
        and challenge.deadline_passed
        and is_adviser(user)
    )


def can_start_evaluation(user: Any, challenge: Challenge) -> bool:
    return challenge.status == Challenge.Status.CLOSED and is_adviser(user)


def can_cancel_challenge(user: Any, challenge: Challenge) -> bool:
    return challenge.can_move(Challenge.Status.CANCELLED) and is_adviser(user)


def can_follow_journey(user: Any, challenge: Challenge) -> bool:
    return can_view_challenge(user, challenge)


# --- Questions ---------------------------------------------------------------------------------


def can_ask_question(user: Any, challenge: Challenge) -> bool:
    """Signed-in suppliers, while the challenge is published and before the question deadline."""
    return challenge.questions_open and is_supplier(user)


def can_answer_question(user: Any, challenge: Challenge) -> bool:
    """Answers come from the programme or the challenge's buyers, while the dialogue is open.

    The dialogue freezes when proposals close, so that every supplier proposes on the same
    information.
    """
    return challenge.status == Challenge.Status.PUBLISHED and (
        is_adviser(user) or is_challenge_buyer(user, challenge)
    )


def can_see_asker(user: Any) -> bool:
    """Only advisers may learn who asked; the view that shows it writes to the audit log."""
    return is_adviser(user)


# --- Suppliers and proposals -------------------------------------------------------------------


def supplier_organisation(user: Any) -> Organisation | None:
    found = organisations(user, Role.SUPPLIER)
    return found[0] if found else None


def can_edit_supplier_profile(user: Any) -> bool:
    return is_supplier(user)


def has_supplier_profile(user: Any) -> bool:
    organisation = supplier_organisation(user)
    return (
        organisation is not None
        and SupplierProfile.objects.filter(organisation=organisation).exists()
    )


def is_proposal_owner(user: Any, proposal: Proposal) -> bool:
    return _acts_for(user, Role.SUPPLIER, proposal.supplier_id)


def can_submit_proposal(user: Any, challenge: Challenge) -> bool:
    return challenge.proposals_open and is_supplier(user)


def can_edit_proposal(user: Any, proposal: Proposal) -> bool:
    """The supplier, until the deadline (Europe/Oslo), while the proposal is not withdrawn."""
    return (
        proposal.status == Proposal.Status.SUBMITTED
        and proposal.challenge.proposals_open
        and is_proposal_owner(user, proposal)
    )


def can_withdraw_proposal(user: Any, proposal: Proposal) -> bool:
    return can_edit_proposal(user, proposal)


def can_resubmit_proposal(user: Any, proposal: Proposal) -> bool:
    return (
        proposal.status == Proposal.Status.WITHDRAWN
        and proposal.challenge.proposals_open
        and is_proposal_owner(user, proposal)
    )


REVIEW_PHASES = {
    Challenge.Status.CLOSED,
    Challenge.Status.EVALUATION,
    Challenge.Status.PILOT,
    Challenge.Status.DECISION,
    Challenge.Status.DONE,
}


def is_cleared_evaluator(user: Any, challenge: Challenge) -> bool:
    """Assigned, and declared no conflict of interest."""
    evaluator = evaluator_of(user, challenge)
    return evaluator is not None and evaluator.is_cleared


def can_view_proposal(user: Any, proposal: Proposal) -> bool:
    """The supplier always sees its own. Nobody else sees any proposal before the deadline.

    After the deadline: advisers, and evaluators who declared no conflict. A recused evaluator
    sees nothing. The challenge's buyers see the proposals selected for the pilot.
    """
    if is_proposal_owner(user, proposal):
        return True
    challenge = proposal.challenge
    if not challenge.deadline_passed or challenge.status not in REVIEW_PHASES:
        return False
    if proposal.status == Proposal.Status.WITHDRAWN:
        return False
    if is_adviser(user) or is_cleared_evaluator(user, challenge):
        return True
    return proposal.status == Proposal.Status.SELECTED and is_challenge_buyer(user, challenge)


def can_list_proposals(user: Any, challenge: Challenge) -> bool:
    """Who may see the list of proposals (and so that there are proposals at all)."""
    if not challenge.deadline_passed or challenge.status not in REVIEW_PHASES:
        return False
    return is_adviser(user) or is_cleared_evaluator(user, challenge)


# --- Evaluation --------------------------------------------------------------------------------


def can_assign_evaluators(user: Any, challenge: Challenge) -> bool:
    return is_adviser(user) and challenge.status in {
        Challenge.Status.DRAFT,
        Challenge.Status.PUBLISHED,
        Challenge.Status.CLOSED,
        Challenge.Status.EVALUATION,
    }


def must_declare(user: Any, challenge: Challenge) -> bool:
    """An assigned evaluator who has not yet declared, and is asked to before seeing anything."""
    evaluator = evaluator_of(user, challenge)
    return evaluator is not None and evaluator.declared is None


def can_score(user: Any, challenge: Challenge) -> bool:
    return challenge.status == Challenge.Status.EVALUATION and is_cleared_evaluator(user, challenge)


def can_view_evaluation(user: Any, challenge: Challenge) -> bool:
    """The evaluation page: advisers, and every assigned evaluator (to declare, or to score)."""
    return is_adviser(user) or evaluator_of(user, challenge) is not None


def can_see_ranking(user: Any, challenge: Challenge) -> bool:
    return challenge.status in REVIEW_PHASES and (
        is_adviser(user) or is_cleared_evaluator(user, challenge)
    )


def can_select_proposals(user: Any, challenge: Challenge) -> bool:
    return challenge.status == Challenge.Status.EVALUATION and is_adviser(user)


# --- Pilot and decision ------------------------------------------------------------------------


def can_view_pilot(user: Any, challenge: Challenge) -> bool:
    """Pilots are public in outline (milestones, effect); reports are for those involved."""
    return can_view_challenge(user, challenge) and challenge.pilots.exists()


def is_pilot_party(user: Any, pilot: Pilot) -> bool:
    return (
        is_adviser(user)
        or is_challenge_buyer(user, pilot.challenge)
        or _acts_for(user, Role.SUPPLIER, pilot.proposal.supplier_id)
    )


def can_report_on_pilot(user: Any, pilot: Pilot) -> bool:
    return pilot.challenge.status == Challenge.Status.PILOT and is_pilot_party(user, pilot)


def can_read_pilot_reports(user: Any, pilot: Pilot) -> bool:
    return is_pilot_party(user, pilot)


def can_measure_effect(user: Any, pilot: Pilot) -> bool:
    """The buyers measure the effect; the supplier reports, but does not grade itself."""
    return pilot.challenge.status == Challenge.Status.PILOT and (
        is_adviser(user) or is_challenge_buyer(user, pilot.challenge)
    )


def can_end_pilot(user: Any, challenge: Challenge) -> bool:
    return challenge.status == Challenge.Status.PILOT and (
        is_adviser(user) or is_challenge_buyer(user, challenge)
    )


def can_decide(user: Any, challenge: Challenge) -> bool:
    """The buyers decide what comes after the pilot, with the adviser."""
    return challenge.status == Challenge.Status.DECISION and (
        is_adviser(user) or is_challenge_buyer(user, challenge)
    )


# --- Following topics and the audit log --------------------------------------------------------


def can_follow_topics(user: Any) -> bool:
    return _signed_in(user)


def can_read_audit_log(user: Any) -> bool:
    return is_adviser(user)


def can_use_adviser_desk(user: Any) -> bool:
    return is_adviser(user)

"""Programme writes that span several models or tell people: each one atomic.

E-mails go out only when the transaction commits, so nobody is told of a change that did not
happen. Answers and selections are sent one message per person, so no supplier learns who else
takes part.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kjopekraft.accounts.models import Membership, Role, User
from kjopekraft.organisations.models import Organisation
from kjopekraft.programme import attachments
from kjopekraft.programme.models import (
    Answer,
    AuditLog,
    Challenge,
    Criterion,
    Decision,
    Evaluator,
    JointNeedProposal,
    Need,
    Pilot,
    Proposal,
    ProposalAttachment,
    Question,
    Score,
    SupplierProfile,
    TopicSubscription,
    TransitionError,
)

# A starting point for the adviser, translated when the challenge is made.
DEFAULT_CRITERIA = [
    (gettext_noop("Expected effect on the need"), 40),
    (gettext_noop("Quality and feasibility of the solution"), 35),
    (gettext_noop("Price"), 25),
]


# --- E-mail ------------------------------------------------------------------------------------


def _link(name: str, *args: Any) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _mail(recipients: Iterable[str], subject: str, body: str) -> None:
    addresses = sorted({a for a in recipients if a})
    if not addresses:
        return
    messages = [(subject, body, None, [address]) for address in addresses]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))


def _emails_of_role(organisation_ids: Iterable[int | None], role: str) -> list[str]:
    return list(
        Membership.objects.approved()
        .filter(organisation_id__in=[i for i in organisation_ids if i], role=role)
        .values_list("user__email", flat=True)
    )


def _adviser_emails() -> list[str]:
    return list(
        Membership.objects.approved()
        .filter(role=Role.ADVISER)
        .values_list("user__email", flat=True)
    )


def participants(challenge: Challenge) -> list[str]:
    """Everyone taking part in a challenge: its buyers, the suppliers that proposed, evaluators."""
    buyer_ids = [b.pk for b in challenge.buyers()]
    supplier_ids = challenge.proposals.active().values_list("supplier_id", flat=True)
    evaluators = challenge.evaluators.exclude(user=None).values_list("user__email", flat=True)
    return [
        *_emails_of_role(buyer_ids, Role.BUYER),
        *_emails_of_role(supplier_ids, Role.SUPPLIER),
        *evaluators,
    ]


# --- Needs -------------------------------------------------------------------------------------


@transaction.atomic
def save_need(need: Need, *, by: User) -> Need:
    """Create or change a need; its text vector follows on save (see signals)."""
    created = need.pk is None
    if not created and not need.is_editable:
        raise TransitionError(_("Only a draft or a returned need can be changed."))
    if created:
        need.author = by
    need.save()
    AuditLog.record(by, AuditLog.Action.CREATED if created else AuditLog.Action.EDITED, need)
    return need


@transaction.atomic
def submit_need(need: Need, *, by: User) -> None:
    need.submit(by)
    _mail(
        _adviser_emails(),
        _("New need from %(buyer)s: %(title)s")
        % {"buyer": need.organisation.name, "title": need.title},
        _("A need is waiting for an adviser:") + "\n\n" + _link("programme:need", need.pk),
    )


@transaction.atomic
def decide_need(need: Need, *, by: User, accept: bool, comment: str = "") -> None:
    """An adviser accepts a need for the programme, or returns it with comments."""
    if accept:
        need.accept(by, comment)
        subject = _("Your need “%(title)s” is accepted")
    else:
        need.return_with_comments(by, comment)
        subject = _("Your need “%(title)s” is returned with comments")
    body = (comment + "\n\n" if comment else "") + _link("programme:need", need.pk)
    _mail(
        _emails_of_role([need.organisation_id], Role.BUYER), subject % {"title": need.title}, body
    )


@transaction.atomic
def propose_joint_need(
    need: Need, other: Need, *, by: User, message: str = ""
) -> JointNeedProposal:
    """Ask to meet the market together; the other buyer and the advisers are told."""
    proposal, created = JointNeedProposal.objects.get_or_create(
        need=need, other=other, defaults={"proposed_by": by, "message": message}
    )
    if not created:
        raise TransitionError(_("You have already proposed to join these needs."))
    AuditLog.record(by, AuditLog.Action.CREATED, proposal, need=need.pk, other=other.pk)
    _mail(
        [*_emails_of_role([other.organisation_id], Role.BUYER), *_adviser_emails()],
        _("%(buyer)s proposes to join needs with “%(title)s”")
        % {"buyer": need.organisation.name, "title": other.title},
        (message + "\n\n" if message else "") + _link("programme:need", other.pk),
    )
    return proposal


@transaction.atomic
def merge_needs(needs: Sequence[Need], *, lead: Need, by: User) -> Challenge:
    """Join accepted needs into one draft challenge: the lead need's buyer leads it.

    The problem and the effect come from the lead need, and the other needs' texts are added
    so that nothing a buyer wrote is lost; the adviser edits the draft from there.
    """
    if lead not in needs:
        raise TransitionError(_("The lead need must be one of the needs merged."))
    not_ready = [n for n in needs if n.status != Need.Status.ACCEPTED]
    if not_ready:
        raise TransitionError(
            _("Only accepted needs can be merged: %(titles)s")
            % {"titles": ", ".join(n.title for n in not_ready)}
        )
    others = [n for n in needs if n.pk != lead.pk]
    problem = lead.problem
    effect = lead.desired_effect
    for other in others:
        problem += f"\n\n{other.organisation.name}: {other.problem}"
        effect += f"\n\n{other.organisation.name}: {other.desired_effect}"
    challenge = Challenge.objects.create(
        title=lead.title,
        topic=lead.topic,
        problem=problem,
        desired_effect=effect,
        effect_indicator=lead.effect_indicator,
        effect_unit=lead.effect_unit,
        effect_baseline=lead.effect_baseline,
        effect_target=lead.effect_target,
        pilot_budget=sum(n.budget_max or 0 for n in needs) or None,
        lead_buyer=lead.organisation,
        created_by=by,
    )
    challenge.participating_buyers.set(
        {n.organisation for n in others if n.organisation_id != lead.organisation_id}
    )
    for order, (name, weight) in enumerate(DEFAULT_CRITERIA):
        Criterion.objects.create(challenge=challenge, name=_(name), weight=weight, order=order)
    AuditLog.record(by, AuditLog.Action.CREATED, challenge, needs=[n.pk for n in needs])
    for need in needs:
        need.join_challenge(challenge, by)
    ids = [n.pk for n in needs]
    JointNeedProposal.objects.filter(need__in=ids, other__in=ids).update(
        status=JointNeedProposal.Status.MERGED
    )
    AuditLog.record(by, AuditLog.Action.NEEDS_MERGED, challenge, needs=ids)
    _mail(
        _emails_of_role([n.organisation_id for n in needs], Role.BUYER),
        _("Your need is now part of the challenge “%(title)s”") % {"title": challenge.title},
        _link("programme:challenge", challenge.pk),
    )
    return challenge


# --- Challenges --------------------------------------------------------------------------------


@transaction.atomic
def save_challenge(challenge: Challenge, *, by: User, buyers: Iterable[Organisation]) -> Challenge:
    created = challenge.pk is None
    if created:
        challenge.created_by = by
    challenge.save()
    challenge.participating_buyers.set([b for b in buyers if b.pk != challenge.lead_buyer_id])
    AuditLog.record(by, AuditLog.Action.CREATED if created else AuditLog.Action.EDITED, challenge)
    return challenge


@transaction.atomic
def publish_challenge(challenge: Challenge, *, by: User) -> None:
    """Publish, and tell everyone who follows the challenge's topic."""
    challenge.publish(by)
    followers = TopicSubscription.objects.filter(topic=challenge.topic).values_list(
        "user__email", flat=True
    )
    deadline = timezone.localtime(challenge.proposal_deadline)
    _mail(
        followers,
        _("New challenge: %(title)s") % {"title": challenge.title},
        _("A challenge on a topic you follow is open for proposals until %(deadline)s.")
        % {"deadline": deadline.strftime("%d.%m.%Y %H:%M")}
        + "\n\n"
        + challenge.problem[:600]
        + "\n\n"
        + _link("programme:challenge", challenge.pk),
    )


@transaction.atomic
def change_challenge_status(challenge: Challenge, *, by: User, to: str, reason: str = "") -> None:
    """The plain steps of a challenge: close, evaluate, decide, cancel; participants hear of it."""
    steps = {
        Challenge.Status.CLOSED: challenge.close,
        Challenge.Status.EVALUATION: challenge.start_evaluation,
        Challenge.Status.DECISION: challenge.await_decision,
    }
    if to == Challenge.Status.CANCELLED:
        challenge.cancel(by, reason)
        _mail(
            participants(challenge),
            _("The challenge “%(title)s” is cancelled") % {"title": challenge.title},
            challenge.cancel_reason + "\n\n" + _link("programme:challenge", challenge.pk),
        )
        return
    if to not in steps:
        raise TransitionError(_("That step is not possible here."))
    steps[to](by)


def close_due_challenges() -> list[Challenge]:
    """Close every published challenge whose proposal deadline has passed (for a scheduled job)."""
    closed = []
    for challenge in Challenge.objects.past_proposal_deadline():
        with transaction.atomic():
            challenge.close(None)
        closed.append(challenge)
    return closed


# --- Questions and answers ---------------------------------------------------------------------


@transaction.atomic
def ask_question(
    challenge: Challenge, *, by: User, organisation: Organisation | None, text: str
) -> Question:
    if not challenge.questions_open:
        raise TransitionError(_("The deadline for questions has passed."))
    question = Question.objects.create(
        challenge=challenge, asker=by, asker_organisation=organisation, text=text.strip()
    )
    _mail(
        _adviser_emails(),
        _("New question on “%(title)s”") % {"title": challenge.title},
        question.text + "\n\n" + _link("programme:challenge", challenge.pk),
    )
    return question


def answer_recipients(challenge: Challenge) -> list[str]:
    """Everyone the answer must reach: suppliers who asked or proposed, and topic followers."""
    askers = challenge.questions.exclude(asker=None).values_list("asker__email", flat=True)
    proposers = _emails_of_role(
        challenge.proposals.active().values_list("supplier_id", flat=True), Role.SUPPLIER
    )
    followers = TopicSubscription.objects.filter(topic=challenge.topic).values_list(
        "user__email", flat=True
    )
    return [*askers, *proposers, *followers]


@transaction.atomic
def answer_question(question: Question, *, by: User, text: str) -> Answer:
    """Publish the answer to all, with the question and without the asker's identity."""
    if question.is_answered:
        raise TransitionError(_("The question is already answered."))
    answer = Answer.objects.create(question=question, text=text.strip(), answered_by=by)
    AuditLog.record(by, AuditLog.Action.ANSWERED, question, challenge=question.challenge_id)
    challenge = question.challenge
    _mail(
        answer_recipients(challenge),
        _("New answer on “%(title)s”") % {"title": challenge.title},
        _("Question:")
        + "\n"
        + question.text
        + "\n\n"
        + _("Answer:")
        + "\n"
        + answer.text
        + "\n\n"
        + _link("programme:challenge", challenge.pk),
    )
    return answer


def reveal_asker(question: Question, *, by: User) -> tuple[User | None, Organisation | None]:
    """Who asked: for advisers only (the view checks), and every look is written down."""
    AuditLog.record(by, AuditLog.Action.ASKER_VIEWED, question, challenge=question.challenge_id)
    return question.asker, question.asker_organisation


# --- Suppliers and proposals -------------------------------------------------------------------


@transaction.atomic
def save_supplier_profile(
    organisation: Organisation,
    *,
    by: User,
    kind: str,
    description: str,
    employees: int | None,
    founding_date: date | None,
) -> SupplierProfile:
    organisation.founding_date = founding_date
    organisation.save(update_fields=["founding_date", "updated"])
    profile, created = SupplierProfile.objects.update_or_create(
        organisation=organisation,
        defaults={"kind": kind, "description": description, "employees": employees},
    )
    AuditLog.record(by, AuditLog.Action.CREATED if created else AuditLog.Action.EDITED, profile)
    return profile


def _store_attachments(proposal: Proposal, uploads: list[Any]) -> None:
    checked = attachments.check_all(uploads, existing=proposal.attachments.count())
    for upload, info in zip(uploads, checked, strict=True):
        upload.seek(0)
        attachment = ProposalAttachment(
            proposal=proposal,
            original_name=info.name,
            content_type=info.content_type,
            size=info.size,
            sha256=info.sha256,
        )
        attachment.file.save(info.name, ContentFile(upload.read()), save=False)
        attachment.save()


@transaction.atomic
def submit_proposal(
    challenge: Challenge,
    *,
    by: User,
    supplier: Organisation,
    fields: dict[str, Any],
    uploads: list[Any],
) -> Proposal:
    """Submit a proposal, or submit a withdrawn one again, with its attachments checked."""
    if not challenge.proposals_open:
        raise TransitionError(_("The deadline for proposals has passed."))
    if not SupplierProfile.objects.filter(organisation=supplier).exists():
        raise TransitionError(_("Fill in your supplier profile before you propose."))
    proposal = Proposal.objects.filter(challenge=challenge, supplier=supplier).first()
    if proposal is not None and proposal.status != Proposal.Status.WITHDRAWN:
        raise TransitionError(_("Your organisation has already proposed; change that proposal."))
    if proposal is None:
        proposal = Proposal.objects.create(
            challenge=challenge, supplier=supplier, submitted_by=by, **fields
        )
        AuditLog.record(by, AuditLog.Action.CREATED, proposal)
    else:
        for name, value in fields.items():
            setattr(proposal, name, value)
        proposal.submitted_by = by
        proposal.save()
        proposal.resubmit(by)
    _store_attachments(proposal, uploads)
    return proposal


@transaction.atomic
def update_proposal(
    proposal: Proposal,
    *,
    by: User,
    fields: dict[str, Any],
    uploads: list[Any],
    remove: Iterable[int] = (),
) -> Proposal:
    # Lock the row and read the deadline again: a save that starts a second before the deadline
    # and ends after it must still be refused.
    proposal = Proposal.objects.select_for_update().select_related("challenge").get(pk=proposal.pk)
    if not proposal.challenge.proposals_open or proposal.status != Proposal.Status.SUBMITTED:
        raise TransitionError(
            _("The deadline for proposals has passed; the proposal can no longer be changed.")
        )
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.save()
    for attachment in proposal.attachments.filter(pk__in=list(remove)):
        attachment.file.delete(save=False)
        attachment.delete()
    _store_attachments(proposal, uploads)
    AuditLog.record(by, AuditLog.Action.EDITED, proposal)
    return proposal


def withdraw_proposal(proposal: Proposal, *, by: User) -> None:
    proposal.withdraw(by)


def record_proposal_view(
    proposal: Proposal, *, by: User, attachment: ProposalAttachment | None = None
) -> None:
    """Every look at a proposal or one of its files is written to the audit log."""
    if attachment is None:
        AuditLog.record(by, AuditLog.Action.PROPOSAL_VIEWED, proposal)
    else:
        AuditLog.record(
            by,
            AuditLog.Action.ATTACHMENT_DOWNLOADED,
            proposal,
            attachment=attachment.pk,
            file=attachment.original_name,
        )


# --- Evaluation --------------------------------------------------------------------------------


@transaction.atomic
def assign_evaluator(challenge: Challenge, *, user: User, by: User) -> Evaluator:
    if Evaluator.objects.filter(challenge=challenge, user=user).exists():
        raise TransitionError(_("%(person)s is already an evaluator here.") % {"person": user})
    if Membership.objects.approved().filter(user=user, role=Role.SUPPLIER).exists():
        raise TransitionError(_("A supplier cannot evaluate proposals."))
    evaluator = Evaluator.objects.create(challenge=challenge, user=user, assigned_by=by)
    AuditLog.record(by, AuditLog.Action.EVALUATOR_ASSIGNED, evaluator, evaluator=user.email)
    _mail(
        [user.email],
        _("You are asked to evaluate “%(title)s”") % {"title": challenge.title},
        _(
            "Before you see any proposal, declare whether you have a conflict of interest "
            "with any of the suppliers."
        )
        + "\n\n"
        + _link("programme:evaluation", challenge.pk),
    )
    return evaluator


@transaction.atomic
def save_scores(
    evaluator: Evaluator,
    proposal: Proposal,
    *,
    by: User,
    scores: dict[int, tuple[int, str]],
) -> None:
    """Store one evaluator's scores (criterion id → value and justification) for one proposal."""
    if not evaluator.is_cleared or proposal.challenge_id != evaluator.challenge_id:
        raise TransitionError(_("You cannot score this proposal."))
    if evaluator.challenge.status != Challenge.Status.EVALUATION:
        raise TransitionError(_("Scores can be given only during the evaluation."))
    criteria = {c.pk: c for c in evaluator.challenge.criteria.all()}
    for criterion_id, (value, justification) in scores.items():
        Score.objects.update_or_create(
            evaluator=evaluator,
            proposal=proposal,
            criterion=criteria[criterion_id],
            defaults={"value": value, "justification": justification.strip()},
        )
    AuditLog.record(by, AuditLog.Action.SCORED, proposal)


@transaction.atomic
def select_proposals(
    challenge: Challenge,
    *,
    by: User,
    selected: Sequence[Proposal],
    reasons: str,
    starts: date,
    ends: date,
) -> list[Pilot]:
    """Choose the proposals for the pilot, start it, and tell every participant why."""
    if not selected:
        raise TransitionError(_("Select at least one proposal."))
    if not reasons.strip():
        raise TransitionError(_("Give the reasons for the selection; every participant gets them."))
    candidates = list(challenge.proposals.filter(status=Proposal.Status.SUBMITTED))
    chosen = {p.pk for p in selected}
    if not chosen <= {p.pk for p in candidates}:
        raise TransitionError(_("Only submitted proposals can be selected."))
    pilots = []
    for proposal in candidates:
        if proposal.pk in chosen:
            proposal.select(by)
            pilots.append(
                Pilot.objects.create(
                    challenge=challenge, proposal=proposal, starts=starts, ends=ends
                )
            )
        else:
            proposal.reject(by)
    challenge.selection_reasons = reasons.strip()
    challenge.save(update_fields=["selection_reasons", "updated"])
    challenge.start_pilot(by)
    names = ", ".join(p.supplier.name for p in candidates if p.pk in chosen)
    _mail(
        participants(challenge),
        _("Selection for “%(title)s”") % {"title": challenge.title},
        _("Selected for the pilot: %(names)s") % {"names": names}
        + "\n\n"
        + _("Reasons:")
        + "\n"
        + challenge.selection_reasons
        + "\n\n"
        + _link("programme:challenge", challenge.pk),
    )
    return pilots


# --- Pilot and decision ------------------------------------------------------------------------


@transaction.atomic
def record_decision(
    challenge: Challenge,
    *,
    by: User,
    outcome: str,
    reason: str,
    purchase_route: str = "",
    route_reasoning: str = "",
    follow_on_allowed: bool = False,
    follow_on_terms: str = "",
    extended_until: date | None = None,
) -> Decision:
    """Record what comes after the pilot. Extending returns the challenge to the pilot phase."""
    if challenge.status != Challenge.Status.DECISION:
        raise TransitionError(_("A decision is made when the pilot has ended."))
    if outcome == Decision.Outcome.BUY_AND_SCALE and not purchase_route:
        raise TransitionError(_("Choose the route to purchase."))
    if outcome == Decision.Outcome.EXTEND and extended_until is None:
        raise TransitionError(_("Say until when the pilot is extended."))
    decision = Decision.objects.create(
        challenge=challenge,
        outcome=outcome,
        reason=reason.strip(),
        purchase_route=purchase_route,
        route_reasoning=route_reasoning.strip(),
        follow_on_allowed=follow_on_allowed,
        follow_on_terms=follow_on_terms.strip(),
        extended_until=extended_until if outcome == Decision.Outcome.EXTEND else None,
        decided_by=by,
    )
    AuditLog.record(by, AuditLog.Action.CREATED, decision, outcome=outcome)
    if outcome == Decision.Outcome.EXTEND:
        challenge.pilots.update(ends=extended_until)
        challenge.start_pilot(by)
    else:
        challenge.finish(by)
    _mail(
        participants(challenge),
        _("Decision on “%(title)s”: %(outcome)s")
        % {"title": challenge.title, "outcome": decision.get_outcome_display()},
        decision.reason + "\n\n" + _link("programme:journey", challenge.pk),
    )
    return decision


def effect_summary(challenge: Challenge) -> dict[str, Decimal | float | None]:
    """Baseline, target and the latest measured value of the challenge's effect indicator."""
    pilot = challenge.pilots.first()
    latest = pilot.latest_measurement() if pilot else None
    return {
        "baseline": challenge.effect_baseline,
        "target": challenge.effect_target,
        "latest": latest.value if latest else None,
        "progress": pilot.effect_progress() if pilot else None,
    }

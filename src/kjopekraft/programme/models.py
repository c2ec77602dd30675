"""The programme for innovation purchases: from a buyer's need to a decision to buy and scale.

The journey follows figure 11.4 of Meld. St. 30 (2019–2020): a buyer describes a need as a
problem and a desired effect; advisers join similar needs into one challenge; suppliers ask
questions and propose; evaluators score; a pilot is followed to a decision. Every state change
is a method on the model that records who made it in the audit log, so no change of state can
happen without a trace.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from kjopekraft.organisations.models import Organisation


class TransitionError(Exception):
    """A state change that is not allowed from the current state; the message is for people."""


class Topic(models.TextChoices):
    """What a need or a challenge is about; suppliers follow topics to hear of new challenges."""

    HEALTH_CARE = "health-care", _("Health and care")
    WELFARE_TECHNOLOGY = "welfare-technology", _("Welfare technology")
    EDUCATION = "education", _("Education and competence")
    WORK_INCLUSION = "work-inclusion", _("Work and social inclusion")
    MOBILITY = "mobility", _("Mobility and transport")
    ENVIRONMENT = "environment", _("Environment and climate")
    WATER_WASTE = "water-waste", _("Water, sewage and waste")
    BUILDINGS_ENERGY = "buildings-energy", _("Buildings and energy")
    DIGITAL_SERVICES = "digital-services", _("Digital services and administration")
    SAFETY = "safety", _("Safety and emergency preparedness")
    WORKPLACE = "workplace", _("Workplace and operations")


class ProcedureRoute(models.TextChoices):
    """How a purchase can be made: the eForms procedure codes (BT-105), and the R&D exemption.

    Pre-commercial procurement has no eForms procedure code; it is bought under the exemption
    for research and development services (FOA § 2-5).
    """

    INNOVATION = "innovation", _("Innovation partnership")
    COMPETITIVE_DIALOGUE = "comp-dial", _("Competitive dialogue")
    NEGOTIATED_WITH_CALL = "neg-w-call", _("Competitive procedure with negotiation")
    OPEN = "open", _("Open procedure")
    RESTRICTED = "restricted", _("Restricted procedure")
    NEGOTIATED_WITHOUT_CALL = "neg-wo-call", _("Negotiated without prior publication")
    OTHER_SINGLE = "oth-single", _("Other single-stage procedure")
    OTHER_MULTIPLE = "oth-mult", _("Other multiple-stage procedure")
    PRE_COMMERCIAL = "pcp", _("Pre-commercial procurement (R&D exemption)")


def default_route_is_notice_required(route: str) -> bool:
    """Whether a route is announced on Doffin: every one except those without publication."""
    return route not in {ProcedureRoute.NEGOTIATED_WITHOUT_CALL, ProcedureRoute.PRE_COMMERCIAL}


class StateMachine(models.Model):
    """A model whose ``status`` moves only along ``TRANSITIONS``, each move audited."""

    TRANSITIONS: dict[str, set[str]] = {}

    class Meta:
        abstract = True

    def can_move(self, to: str) -> bool:
        return to in self.TRANSITIONS.get(self.status, set())

    def _move(self, to: str, by: Any, *, fields: tuple[str, ...] = (), **detail: Any) -> None:
        if not self.can_move(to):
            raise TransitionError(
                _("%(object)s cannot go from “%(from)s” to “%(to)s”.")
                % {
                    "object": self._meta.verbose_name,
                    "from": self.get_status_display(),
                    "to": self.Status(to).label,
                }
            )
        previous = self.status
        self.status = to
        with transaction.atomic():
            self.save(update_fields=["status", "updated", *fields])
            AuditLog.record(
                by, AuditLog.Action.STATE_CHANGE, self, previous=previous, status=to, **detail
            )


# --- Needs -------------------------------------------------------------------------------------


class NeedQuerySet(models.QuerySet["Need"]):
    def of_organisations(self, organisations: Any) -> NeedQuerySet:
        return self.filter(organisation__in=organisations)

    def shared(self) -> NeedQuerySet:
        """Needs that other buyers may see as similar: everything past the draft."""
        return self.exclude(status__in=[Need.Status.DRAFT, Need.Status.ARCHIVED])

    def awaiting_adviser(self) -> NeedQuerySet:
        return self.filter(status=Need.Status.SUBMITTED)

    def ready_to_merge(self) -> NeedQuerySet:
        return self.filter(status=Need.Status.ACCEPTED)


class Need(StateMachine):
    """A buyer's problem and the effect it wants, not the solution it imagines.

    Draft → submitted → accepted by an adviser, or returned with comments (and then submitted
    again) → in a challenge; or archived.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned with comments")
        IN_CHALLENGE = "in-challenge", _("In a challenge")
        ARCHIVED = "archived", _("Archived")

    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED, Status.ARCHIVED},
        Status.SUBMITTED: {Status.ACCEPTED, Status.RETURNED, Status.ARCHIVED},
        Status.RETURNED: {Status.SUBMITTED, Status.ARCHIVED},
        Status.ACCEPTED: {Status.IN_CHALLENGE, Status.ARCHIVED},
        Status.IN_CHALLENGE: set(),
        Status.ARCHIVED: set(),
    }

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programme_needs",
        verbose_name=_("buyer"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_needs",
        verbose_name=_("written by"),
    )
    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    problem = models.TextField(
        _("the problem"),
        help_text=_(
            "What does not work today, and why it matters. Describe the problem, not a solution."
        ),
    )
    affected = models.TextField(
        _("who has the problem"),
        help_text=_("The people or services that live with the problem, and how many they are."),
    )
    current_practice = models.TextField(
        _("today's practice"), help_text=_("How the problem is handled now, and what it costs.")
    )
    desired_effect = models.TextField(
        _("desired effect"),
        help_text=_("What should be better when the problem is solved, for whom."),
    )
    effect_indicator = models.CharField(
        _("how the effect is measured"),
        max_length=200,
        help_text=_("One indicator, for example “minutes of physical activity per patient a day”."),
    )
    effect_unit = models.CharField(_("unit"), max_length=40, blank=True)
    effect_baseline = models.DecimalField(
        _("value today"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    effect_target = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_min = models.PositiveBigIntegerField(_("budget from (NOK)"), null=True, blank=True)
    budget_max = models.PositiveBigIntegerField(_("budget up to (NOK)"), null=True, blank=True)
    wanted_by = models.DateField(
        _("wanted in use by"),
        null=True,
        blank=True,
        help_text=_("When a solution should be in use."),
    )
    timeline = models.CharField(
        _("timeline"),
        max_length=300,
        blank=True,
        help_text=_("Milestones that matter: budget decisions, contracts that run out."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    adviser_comment = models.TextField(_("adviser's comments"), blank=True)
    challenge = models.ForeignKey(
        "Challenge",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("challenge"),
    )
    embedding = models.BinaryField(null=True, editable=False)
    embedding_key = models.CharField(max_length=64, blank=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["-updated"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_min__lte=models.F("budget_max")),
                name="need_budget_range_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(adviser_comment=""),
                name="need_returned_has_comment",
            ),
            models.CheckConstraint(
                condition=~Q(status="in-challenge") | Q(challenge__isnull=False),
                name="need_in_challenge_has_challenge",
            ),
        ]
        indexes = [models.Index(fields=["status", "organisation"], name="need_status_org_idx")]

    def __str__(self) -> str:
        return self.title

    def embedding_text(self) -> str:
        """The text that similarity is computed on: what the need is about, not its budget."""
        return "\n".join([self.title, self.problem, self.affected, self.desired_effect])

    @property
    def is_editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}

    def submit(self, by: Any) -> None:
        self._move(self.Status.SUBMITTED, by)

    def accept(self, by: Any, comment: str = "") -> None:
        self.adviser_comment = comment
        self._move(self.Status.ACCEPTED, by, fields=("adviser_comment",))

    def return_with_comments(self, by: Any, comment: str) -> None:
        if not comment.strip():
            raise TransitionError(_("Say what the buyer should change before returning a need."))
        self.adviser_comment = comment.strip()
        self._move(self.Status.RETURNED, by, fields=("adviser_comment",))

    def archive(self, by: Any) -> None:
        self._move(self.Status.ARCHIVED, by)

    def join_challenge(self, challenge: Challenge, by: Any) -> None:
        self.challenge = challenge
        self._move(self.Status.IN_CHALLENGE, by, fields=("challenge",), challenge=challenge.pk)


class JointNeedProposal(models.Model):
    """A buyer's proposal to meet the market together with another buyer who has a similar need.

    An adviser decides: merging the needs into one challenge accepts the proposal.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        MERGED = "merged", _("Merged into a challenge")
        DECLINED = "declined", _("Declined")

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="join_proposals", verbose_name=_("need")
    )
    other = models.ForeignKey(
        Need,
        on_delete=models.CASCADE,
        related_name="join_proposals_received",
        verbose_name=_("similar need"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    created = models.DateTimeField(_("proposed"), auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("proposal to join needs")
        verbose_name_plural = _("proposals to join needs")
        constraints = [
            models.UniqueConstraint(fields=["need", "other"], name="uniq_joint_need_pair"),
            models.CheckConstraint(
                condition=~Q(need=models.F("other")), name="joint_need_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.need} + {self.other}"


# --- Challenges --------------------------------------------------------------------------------


class ChallengeQuerySet(models.QuerySet["Challenge"]):
    def public(self) -> ChallengeQuerySet:
        """Every challenge but drafts: the public may follow the whole journey."""
        return self.exclude(status=Challenge.Status.DRAFT)

    def open_for_proposals(self) -> ChallengeQuerySet:
        return self.filter(status=Challenge.Status.PUBLISHED, proposal_deadline__gt=timezone.now())

    def past_proposal_deadline(self) -> ChallengeQuerySet:
        return self.filter(status=Challenge.Status.PUBLISHED, proposal_deadline__lte=timezone.now())


class Challenge(StateMachine):
    """A problem put to the market, on behalf of one lead buyer and any participating buyers.

    Draft → published → closed → evaluation → pilot → decision → done, or cancelled with a
    reason from any phase before done. A decision to extend the pilot returns to the pilot.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Open for proposals")
        CLOSED = "closed", _("Closed")
        EVALUATION = "evaluation", _("Evaluation")
        PILOT = "pilot", _("Pilot")
        DECISION = "decision", _("Decision")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        Status.DRAFT: {Status.PUBLISHED, Status.CANCELLED},
        Status.PUBLISHED: {Status.CLOSED, Status.CANCELLED},
        Status.CLOSED: {Status.EVALUATION, Status.CANCELLED},
        Status.EVALUATION: {Status.PILOT, Status.CANCELLED},
        Status.PILOT: {Status.DECISION, Status.CANCELLED},
        Status.DECISION: {Status.DONE, Status.PILOT, Status.CANCELLED},
        Status.DONE: set(),
        Status.CANCELLED: set(),
    }

    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    problem = models.TextField(_("the problem"))
    desired_effect = models.TextField(_("desired effect"))
    effect_indicator = models.CharField(_("how the effect is measured"), max_length=200)
    effect_unit = models.CharField(_("unit"), max_length=40, blank=True)
    effect_baseline = models.DecimalField(
        _("value today"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    effect_target = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    pilot_budget = models.PositiveBigIntegerField(
        _("pilot budget (NOK, excl. VAT)"), null=True, blank=True
    )
    pilot_months = models.PositiveSmallIntegerField(
        _("pilot period (months)"), null=True, blank=True
    )
    offer = models.TextField(
        _("what is offered"),
        blank=True,
        help_text=_("What the selected supplier gets: a paid pilot, test users, data, follow-up."),
    )
    eligibility = models.TextField(
        _("who may propose"),
        blank=True,
        help_text=_("For example startups, social entrepreneurs and small and medium enterprises."),
    )
    question_deadline = models.DateTimeField(_("deadline for questions"), null=True, blank=True)
    proposal_deadline = models.DateTimeField(_("deadline for proposals"), null=True, blank=True)
    procurement_route = models.CharField(
        _("procurement route"), max_length=20, choices=ProcedureRoute.choices, blank=True
    )
    route_reasoning = models.TextField(_("why this route"), blank=True)
    doffin_notice_required = models.BooleanField(_("a notice on Doffin is required"), default=True)
    doffin_reference = models.CharField(_("Doffin reference"), max_length=40, blank=True)
    lead_buyer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programme_challenges_led",
        verbose_name=_("lead buyer"),
    )
    participating_buyers = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="programme_challenges_joined",
        verbose_name=_("participating buyers"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    cancel_reason = models.TextField(_("why it was cancelled"), blank=True)
    selection_reasons = models.TextField(_("reasons for the selection"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        constraints = [
            models.CheckConstraint(
                condition=Q(question_deadline__isnull=True)
                | Q(proposal_deadline__isnull=True)
                | Q(question_deadline__lte=models.F("proposal_deadline")),
                name="challenge_questions_close_first",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="challenge_cancelled_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(status="cancelled")
                | (Q(proposal_deadline__isnull=False) & Q(question_deadline__isnull=False)),
                name="challenge_published_has_deadlines",
            ),
        ]
        indexes = [models.Index(fields=["status", "topic"], name="challenge_status_topic_idx")]

    def __str__(self) -> str:
        return self.title

    # What the phase allows depends on the clock as well as the status: the predicates use these.

    @property
    def questions_open(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.question_deadline is not None
            and timezone.now() < self.question_deadline
        )

    @property
    def proposals_open(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.proposal_deadline is not None
            and timezone.now() < self.proposal_deadline
        )

    @property
    def deadline_passed(self) -> bool:
        return self.proposal_deadline is not None and timezone.now() >= self.proposal_deadline

    def buyers(self) -> list[Organisation]:
        return [self.lead_buyer, *self.participating_buyers.exclude(pk=self.lead_buyer_id)]

    @cached_property
    def criteria_weight_total(self) -> int:
        return sum(c.weight for c in self.criteria.all())

    def publication_problems(self) -> list[str]:
        """What stops the challenge from being published, in words for the adviser."""
        problems = []
        now = timezone.now()
        if not self.question_deadline or not self.proposal_deadline:
            problems.append(_("Set the deadlines for questions and proposals."))
        elif self.proposal_deadline <= now:
            problems.append(_("The deadline for proposals must be in the future."))
        elif self.question_deadline > self.proposal_deadline:
            problems.append(_("Questions must close before proposals do."))
        if not self.criteria.exists():
            problems.append(_("Add the evaluation criteria."))
        elif self.criteria_weight_total != 100:
            problems.append(
                _("The criteria weights add up to %(total)s; they must add up to 100.")
                % {"total": self.criteria_weight_total}
            )
        if not self.procurement_route:
            problems.append(_("Choose the procurement route."))
        return problems

    def publish(self, by: Any) -> None:
        problems = self.publication_problems()
        if problems:
            raise TransitionError(" ".join(str(p) for p in problems))
        self.published_at = timezone.now()
        self._move(self.Status.PUBLISHED, by, fields=("published_at",))

    def close(self, by: Any) -> None:
        if not self.deadline_passed:
            raise TransitionError(
                _("A challenge closes only when the proposal deadline has passed.")
            )
        self._move(self.Status.CLOSED, by)

    def start_evaluation(self, by: Any) -> None:
        if not self.evaluators.exists():
            raise TransitionError(_("Assign evaluators before the evaluation starts."))
        self._move(self.Status.EVALUATION, by)

    def start_pilot(self, by: Any) -> None:
        self._move(self.Status.PILOT, by)

    def await_decision(self, by: Any) -> None:
        self._move(self.Status.DECISION, by)

    def finish(self, by: Any) -> None:
        self._move(self.Status.DONE, by)

    def cancel(self, by: Any, reason: str) -> None:
        if not reason.strip():
            raise TransitionError(_("Give the reason for cancelling; participants are told."))
        self.cancel_reason = reason.strip()
        self._move(self.Status.CANCELLED, by, fields=("cancel_reason",))


class Criterion(models.Model):
    """An evaluation criterion with its weight in per cent; a challenge's weights add up to 100."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("challenge")
    )
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("what is assessed"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "name"], name="uniq_criterion_name"),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=100), name="criterion_weight_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight} %)"


# --- Questions and answers ---------------------------------------------------------------------


class Question(models.Model):
    """A supplier's question about a challenge.

    The answer is published to everyone without the asker's identity (equal treatment,
    FOA §§ 9-3 and 12-2); only advisers can see who asked, and each look is audited.
    """

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="questions", verbose_name=_("challenge")
    )
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="programme_questions",
        verbose_name=_("asked by"),
    )
    asker_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("asked on behalf of"),
    )
    text = models.TextField(_("question"))
    created = models.DateTimeField(_("asked"), auto_now_add=True)

    class Meta:
        ordering = ["created"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_answered(self) -> bool:
        return hasattr(self, "answer")


class Answer(models.Model):
    """The published answer to a question, visible to all, with the question but not the asker."""

    question = models.OneToOneField(
        Question, on_delete=models.CASCADE, related_name="answer", verbose_name=_("question")
    )
    text = models.TextField(_("answer"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    published = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        ordering = ["published"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.text[:80]


# --- Suppliers and proposals -------------------------------------------------------------------


class SupplierProfile(models.Model):
    """What the programme knows about a supplier: the register facts and what kind it is.

    The organisation number and founding date live on the organisation, where the register
    import keeps them up to date.
    """

    class Kind(models.TextChoices):
        STARTUP = "startup", _("Startup")
        SOCIAL_ENTERPRISE = "social-enterprise", _("Social enterprise")
        SME = "sme", _("Small or medium enterprise")
        OTHER = "other", _("Other")

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="supplier_profile",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind of supplier"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("what the company does"), blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("supplier profile")
        verbose_name_plural = _("supplier profiles")

    def __str__(self) -> str:
        return f"{self.organisation.name} ({self.get_kind_display()})"

    @property
    def orgnr(self) -> str | None:
        return self.organisation.orgnr

    @property
    def founding_date(self) -> date | None:
        return self.organisation.founding_date


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def active(self) -> ProposalQuerySet:
        return self.exclude(status=Proposal.Status.WITHDRAWN)


class Proposal(StateMachine):
    """A supplier's proposed solution to a challenge.

    Confidential: until the proposal deadline nobody but the supplier sees it; afterwards
    advisers and the evaluators who declared no conflict of interest. The supplier may edit or
    withdraw it until the deadline (Europe/Oslo time).
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not-selected", _("Not selected")

    TRANSITIONS = {
        Status.SUBMITTED: {Status.WITHDRAWN, Status.SELECTED, Status.NOT_SELECTED},
        Status.WITHDRAWN: {Status.SUBMITTED},
        Status.SELECTED: set(),
        Status.NOT_SELECTED: set(),
    }

    challenge = models.ForeignKey(
        Challenge, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("challenge")
    )
    supplier = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programme_proposals",
        verbose_name=_("supplier"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="programme_proposals",
        verbose_name=_("submitted by"),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    approach = models.TextField(
        _("how it solves the problem"),
        help_text=_(
            "What you will build or deliver, and how the buyer's staff and users take part."
        ),
    )
    expected_effect = models.TextField(
        _("expected effect"), help_text=_("The effect you expect, measured as the challenge asks.")
    )
    price = models.PositiveBigIntegerField(_("price for the pilot (NOK, excl. VAT)"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    created = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["created"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "supplier"], name="uniq_proposal_per_supplier"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def _require_open(self) -> None:
        if not self.challenge.proposals_open:
            raise TransitionError(
                _("The deadline for proposals has passed; the proposal can no longer be changed.")
            )

    def withdraw(self, by: Any) -> None:
        self._require_open()
        self._move(self.Status.WITHDRAWN, by)

    def resubmit(self, by: Any) -> None:
        self._require_open()
        self._move(self.Status.SUBMITTED, by)

    def select(self, by: Any) -> None:
        self._move(self.Status.SELECTED, by)

    def reject(self, by: Any) -> None:
        self._move(self.Status.NOT_SELECTED, by)


class PrivateStorage(FileSystemStorage):
    """Files never served from a public address: only a permission-checked view reads them.

    They live in ``MEDIA_ROOT/private``, read from the settings each time they change, so a
    test or a deployment that moves ``MEDIA_ROOT`` moves them too.
    """

    @cached_property
    def base_location(self) -> str:
        return str(Path(settings.MEDIA_ROOT) / "private")

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Private files have no public address.")


def attachment_path(instance: ProposalAttachment, filename: str) -> str:
    # A random name: the uploaded name is kept only as data, never as a path on disk.
    return f"proposals/{uuid.uuid4().hex}"


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("proposal")
    )
    file = models.FileField(upload_to=attachment_path, storage=PrivateStorage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


# --- Evaluation --------------------------------------------------------------------------------


class Evaluator(models.Model):
    """A person an adviser has asked to evaluate a challenge's proposals.

    Before seeing any proposal the evaluator declares whether there is a conflict of interest;
    a declared conflict recuses the evaluator, who then sees nothing.
    """

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="evaluators", verbose_name=_("challenge")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="programme_evaluations",
        verbose_name=_("evaluator"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned = models.DateTimeField(_("assigned"), auto_now_add=True)
    declared = models.DateTimeField(_("declared"), null=True, blank=True)
    has_conflict = models.BooleanField(_("has a conflict of interest"), null=True)
    declaration = models.TextField(_("declaration"), blank=True)

    class Meta:
        ordering = ["assigned"]
        verbose_name = _("evaluator")
        verbose_name_plural = _("evaluators")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user"], name="uniq_evaluator"),
            models.CheckConstraint(
                condition=Q(declared__isnull=True, has_conflict__isnull=True)
                | Q(declared__isnull=False, has_conflict__isnull=False),
                name="evaluator_declared_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.challenge}"

    @property
    def is_cleared(self) -> bool:
        return self.declared is not None and self.has_conflict is False

    @property
    def is_recused(self) -> bool:
        return bool(self.has_conflict)

    def declare(self, *, conflict: bool, statement: str, by: Any) -> None:
        if self.declared is not None:
            raise TransitionError(_("The declaration is already made."))
        self.has_conflict = conflict
        self.declaration = statement.strip()
        self.declared = timezone.now()
        with transaction.atomic():
            self.save(update_fields=["has_conflict", "declaration", "declared"])
            AuditLog.record(
                by,
                AuditLog.Action.CONFLICT_DECLARED,
                self,
                challenge=self.challenge_id,
                conflict=conflict,
            )


class Score(models.Model):
    """One evaluator's score for one criterion of one proposal, 0 to 10, with the reason."""

    MAX = 10

    evaluator = models.ForeignKey(
        Evaluator, on_delete=models.CASCADE, related_name="scores", verbose_name=_("evaluator")
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="scores", verbose_name=_("proposal")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    value = models.PositiveSmallIntegerField(_("score (0–10)"))
    justification = models.TextField(_("justification"))
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluator", "proposal", "criterion"], name="uniq_score"
            ),
            models.CheckConstraint(condition=Q(value__lte=10), name="score_at_most_ten"),
            models.CheckConstraint(condition=~Q(justification=""), name="score_is_justified"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} / {self.criterion}: {self.value}"


# --- Pilot and decision ------------------------------------------------------------------------


class Pilot(models.Model):
    """The selected supplier and the buyers trying the solution out, and what it achieved."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="pilots", verbose_name=_("challenge")
    )
    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, related_name="pilot", verbose_name=_("proposal")
    )
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts"]
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gte=models.F("starts")), name="pilot_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.challenge}: {self.proposal.supplier.name}"

    def latest_measurement(self) -> EffectMeasurement | None:
        return self.measurements.order_by("-measured_on", "-pk").first()

    def effect_progress(self) -> float | None:
        """How far the latest measurement has come from baseline to target, 0–1 and beyond."""
        latest = self.latest_measurement()
        base, target = self.challenge.effect_baseline, self.challenge.effect_target
        if latest is None or base is None or target is None or target == base:
            return None
        return float((latest.value - base) / (target - base))


class Milestone(models.Model):
    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("pilot")
    )
    title = models.CharField(_("milestone"), max_length=200)
    due = models.DateField(_("due"))
    completed = models.DateField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        return self.completed is None and self.due < timezone.localdate()


class StatusReport(models.Model):
    class Health(models.TextChoices):
        ON_TRACK = "on-track", _("On track")
        AT_RISK = "at-risk", _("At risk")
        OFF_TRACK = "off-track", _("Off track")

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="reports", verbose_name=_("pilot")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    health = models.CharField(_("state of the pilot"), max_length=10, choices=Health.choices)
    text = models.TextField(_("report"))
    created = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")

    def __str__(self) -> str:
        return f"{self.pilot} {self.created:%Y-%m-%d}"


class EffectMeasurement(models.Model):
    """A measured value of the challenge's effect indicator during the pilot."""

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("pilot")
    )
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("measured value"), max_digits=14, decimal_places=2)
    note = models.TextField(_("how it was measured"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["measured_on", "pk"]
        verbose_name = _("effect measurement")
        verbose_name_plural = _("effect measurements")

    def __str__(self) -> str:
        return f"{self.measured_on}: {self.value}"


class Decision(models.Model):
    """What the buyers decide after the pilot: buy and scale, extend the pilot, or stop."""

    class Outcome(models.TextChoices):
        BUY_AND_SCALE = "buy-and-scale", _("Buy and scale")
        EXTEND = "extend", _("Extend the pilot")
        STOP = "stop", _("Stop")

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("challenge")
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("reason"))
    purchase_route = models.CharField(
        _("route to purchase"), max_length=20, choices=ProcedureRoute.choices, blank=True
    )
    route_reasoning = models.TextField(_("why this route"), blank=True)
    follow_on_allowed = models.BooleanField(_("other buyers may follow on"), default=False)
    follow_on_terms = models.TextField(_("terms for follow-on buyers"), blank=True)
    extended_until = models.DateField(_("pilot extended until"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        ordering = ["decided"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="buy-and-scale") | ~Q(purchase_route=""),
                name="decision_buy_has_route",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="extend") | Q(extended_until__isnull=False),
                name="decision_extend_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.challenge}: {self.get_outcome_display()}"


# --- Following topics, embeddings of notices, and the audit log --------------------------------


class TopicSubscription(models.Model):
    """A person who wants an e-mail when a challenge on this topic is published."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="programme_topics",
        verbose_name=_("person"),
    )
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("topic subscription")
        verbose_name_plural = _("topic subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="uniq_topic_subscription")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_topic_display()}"


class NoticeEmbedding(models.Model):
    """The text vector of a notice, kept beside the notice so the notices app stays unaware."""

    notice = models.OneToOneField(
        "notices.Notice", on_delete=models.CASCADE, related_name="programme_embedding"
    )
    key = models.CharField(max_length=64, help_text="Hash of the model name and the text embedded")
    vector = models.BinaryField()
    created = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notice embedding")
        verbose_name_plural = _("notice embeddings")

    def __str__(self) -> str:
        return str(self.notice)


class AuditLog(models.Model):
    """Who did what, when, to which object: every state change and every look at confidential data.

    Entries are only ever added. The actor's name is kept as written at the time, so the log
    still reads when the person's account is gone.
    """

    class Action(models.TextChoices):
        STATE_CHANGE = "state-change", _("Changed status")
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        PROPOSAL_VIEWED = "proposal-viewed", _("Viewed a proposal")
        ATTACHMENT_DOWNLOADED = "attachment-downloaded", _("Downloaded an attachment")
        ASKER_VIEWED = "asker-viewed", _("Saw who asked a question")
        EVALUATOR_ASSIGNED = "evaluator-assigned", _("Assigned an evaluator")
        CONFLICT_DECLARED = "conflict-declared", _("Declared conflicts of interest")
        SCORED = "scored", _("Scored a proposal")
        NEEDS_MERGED = "needs-merged", _("Merged needs into a challenge")
        ANSWERED = "answered", _("Answered a question")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_name = models.CharField(_("who"), max_length=300, blank=True)
    action = models.CharField(_("what"), max_length=30, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(_("object"), max_length=300)
    challenge = models.ForeignKey(
        Challenge,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("challenge"),
    )
    detail = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["action", "created"], name="audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    @classmethod
    def record(cls, actor: Any, action: str, obj: models.Model, **detail: Any) -> AuditLog:
        authenticated = getattr(actor, "is_authenticated", False)
        challenge_id = detail.pop("challenge", None)
        if challenge_id is None:
            challenge_id = _challenge_id_of(obj)
        return cls.objects.create(
            actor=actor if authenticated else None,
            actor_name=(str(actor.full_name or actor.email) if authenticated else ""),
            action=action,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            object_repr=str(obj)[:300],
            challenge_id=challenge_id,
            detail={k: v for k, v in detail.items() if v is not None},
        )

    def status_label(self) -> str:
        """The status the object moved to, in words, for the journey's history."""
        model = self.content_type.model_class()
        status = self.detail.get("status")
        if model is None or status is None or not hasattr(model, "Status"):
            return ""
        try:
            return str(model.Status(status).label)
        except ValueError:
            return status


def _challenge_id_of(obj: models.Model) -> int | None:
    if isinstance(obj, Challenge):
        return obj.pk
    for attribute in ("challenge_id",):
        value = getattr(obj, attribute, None)
        if value is not None:
            return int(value)
    proposal = getattr(obj, "proposal", None)
    if isinstance(proposal, Proposal):
        return proposal.challenge_id
    question = getattr(obj, "question", None)
    if isinstance(question, Question):
        return question.challenge_id
    return None

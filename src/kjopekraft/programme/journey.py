"""The service journey of figure 11.4: where a case is, what comes next, who acts, and help.

A case starts as a need and becomes a challenge. Each phase has a competence package for
buyers and one for suppliers (task 5 of the programme in 11.3.2): short, practical guidance
kept here as data, in the platform's languages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kjopekraft.programme.models import AuditLog, Challenge, Need


@dataclass(frozen=True)
class Package:
    title: Promise
    points: tuple[Promise, ...]


@dataclass(frozen=True)
class Phase:
    key: str
    name: Promise
    summary: Promise
    buyers: Package
    suppliers: Package


PHASES = (
    Phase(
        "need",
        _("Need"),
        _("A buyer describes the problem and the effect it wants, not a solution."),
        Package(
            _("Describe the problem, not the solution"),
            (
                _("Write what does not work today and who lives with it, in their words."),
                _(
                    "Say which effect would show that the problem is solved, and how you will "
                    "measure it."
                ),
                _(
                    "Leave the solution open: a specification closes the door on what you do not "
                    "know exists."
                ),
                _(
                    "Give a budget range and a timeline, so suppliers can judge whether to take "
                    "part."
                ),
            ),
        ),
        Package(
            _("Get to know the public sector"),
            (
                _("Follow the topics you work on to hear when a challenge is published."),
                _("Public buyers must treat all suppliers equally: what one learns, all learn."),
            ),
        ),
    ),
    Phase(
        "joint",
        _("Joint needs"),
        _("Buyers with the same need find each other and meet the market together."),
        Package(
            _("Join forces with other buyers"),
            (
                _("Look at similar needs of other buyers and propose to join them."),
                _(
                    "Look at similar past purchases and the suppliers that won them, to learn the "
                    "market."
                ),
                _(
                    "A joint challenge gives suppliers a larger market and shares the cost of the "
                    "pilot."
                ),
                _("Agree early who leads and how follow-on buyers can use the result."),
            ),
        ),
        Package(
            _("A larger market"),
            (_("Joint challenges mean that one solution can be sold to several buyers."),),
        ),
    ),
    Phase(
        "challenge",
        _("Challenge"),
        _("The adviser and the buyers publish the challenge with criteria, deadlines and route."),
        Package(
            _("Adapt the procedure to new suppliers"),
            (
                _("Ask for a short proposal: a few pages and a price for the pilot."),
                _("Choose criteria that reward the effect on the need, and publish their weights."),
                _("Give time: at least three weeks for questions and proposals."),
                _(
                    "Choose the route from the procedure advisor and publish a notice on Doffin "
                    "when required."
                ),
            ),
        ),
        Package(
            _("Read a challenge"),
            (
                _(
                    "Read the problem and the desired effect first: that is what you are assessed "
                    "on."
                ),
                _("Check the eligibility and the deadlines, which are in Norwegian time."),
            ),
        ),
    ),
    Phase(
        "dialogue",
        _("Questions and proposals"),
        _("Suppliers ask questions and propose; answers are published to everyone."),
        Package(
            _("Answer to all"),
            (
                _(
                    "Answer every question publicly, without saying who asked (FOA §§ 9-3 and "
                    "12-2)."
                ),
                _("Do not meet one supplier alone about the challenge while it is open."),
            ),
        ),
        Package(
            _("Write a good proposal"),
            (
                _(
                    "Ask before the question deadline; the answer is published to all without "
                    "your name."
                ),
                _("Show how your solution gives the desired effect, and how it can be measured."),
                _("You can change or withdraw your proposal until the deadline."),
                _("Nobody but your organisation sees the proposal before the deadline."),
            ),
        ),
    ),
    Phase(
        "evaluation",
        _("Evaluation"),
        _(
            "Evaluators without conflicts score each proposal; the adviser selects and gives "
            "reasons."
        ),
        Package(
            _("Evaluate fairly"),
            (
                _(
                    "Declare any conflict of interest before you see the proposals; a conflict "
                    "means you step aside."
                ),
                _(
                    "Score each criterion and justify the score: the reasons are sent to every "
                    "participant."
                ),
                _("Discuss the criteria where evaluators disagree before the selection."),
            ),
        ),
        Package(
            _("While you wait"),
            (
                _("Every participant gets the selection and its reasons."),
                _("Ask the programme for feedback on your proposal: it helps the next one."),
            ),
        ),
    ),
    Phase(
        "pilot",
        _("Pilot"),
        _("The supplier and the buyers try the solution out and measure the effect."),
        Package(
            _("Run the pilot"),
            (
                _("Agree milestones and meet at each one."),
                _("Measure the effect the same way as the baseline was measured."),
                _("Involve the staff and users who have the problem."),
            ),
        ),
        Package(
            _("Deliver the pilot"),
            (
                _("Report status honestly: an early warning is worth more than a late surprise."),
                _("Ask Innovation Norway and others about support for growth and scaling."),
            ),
        ),
    ),
    Phase(
        "decision",
        _("Decision"),
        _("The buyers decide: buy and scale, extend the pilot, or stop."),
        Package(
            _("From experiment to purchase"),
            (
                _("Decide on the measured effect against the desired effect."),
                _(
                    "Use the procedure advisor for the route to purchase; an innovation "
                    "partnership can include the purchase."
                ),
                _("Let other buyers follow on where the contract allows it."),
            ),
        ),
        Package(
            _("Scaling"),
            (
                _("A decision to stop is a result too: the reasons help you and the buyers."),
                _("Reference customers make the next sale easier: ask the buyers to be one."),
            ),
        ),
    ),
)
PHASE_BY_KEY = {p.key: p for p in PHASES}

CHALLENGE_PHASE = {
    Challenge.Status.DRAFT: "challenge",
    Challenge.Status.PUBLISHED: "dialogue",
    Challenge.Status.CLOSED: "evaluation",
    Challenge.Status.EVALUATION: "evaluation",
    Challenge.Status.PILOT: "pilot",
    Challenge.Status.DECISION: "decision",
    Challenge.Status.DONE: "decision",
    Challenge.Status.CANCELLED: "decision",
}


@dataclass
class Step:
    what: Any
    who: Any


@dataclass
class Journey:
    phase: Phase
    next_step: Step | None
    history: list[AuditLog] = field(default_factory=list)
    finished: bool = False

    @property
    def phases(self) -> list[dict[str, Any]]:
        current = [p.key for p in PHASES].index(self.phase.key)
        return [
            {
                "phase": p,
                "state": "done"
                if i < current or (self.finished and i == current)
                else ("current" if i == current else "ahead"),
            }
            for i, p in enumerate(PHASES)
        ]


def for_need(need: Need) -> Journey:
    if need.status == Need.Status.IN_CHALLENGE and need.challenge is not None:
        return for_challenge(need.challenge)
    steps = {
        Need.Status.DRAFT: Step(_("Submit the need to the programme."), _("The buyer")),
        Need.Status.SUBMITTED: Step(
            _("An adviser accepts the need or returns it with comments."), _("A programme adviser")
        ),
        Need.Status.RETURNED: Step(
            _("Improve the need after the adviser's comments and submit it again."), _("The buyer")
        ),
        Need.Status.ACCEPTED: Step(
            _("An adviser joins the need with similar needs into a challenge."),
            _("A programme adviser; the buyer may propose partners"),
        ),
    }
    phase = "joint" if need.status == Need.Status.ACCEPTED else "need"
    return Journey(
        PHASE_BY_KEY[phase],
        steps.get(need.status),
        history=list(_history_of([need])),
        finished=need.status == Need.Status.ARCHIVED,
    )


def for_challenge(challenge: Challenge) -> Journey:
    status = challenge.status
    if status == Challenge.Status.PUBLISHED and challenge.deadline_passed:
        step = Step(_("The adviser closes the challenge for proposals."), _("A programme adviser"))
    else:
        step = {
            Challenge.Status.DRAFT: Step(
                _("Complete the challenge and publish it."), _("The adviser and the buyers")
            ),
            Challenge.Status.PUBLISHED: Step(
                _("Suppliers ask questions and propose before the deadline."), _("Suppliers")
            ),
            Challenge.Status.CLOSED: Step(
                _("Assign evaluators and start the evaluation."), _("A programme adviser")
            ),
            Challenge.Status.EVALUATION: Step(
                _("Evaluators declare conflicts and score; the adviser selects for the pilot."),
                _("Evaluators and the adviser"),
            ),
            Challenge.Status.PILOT: Step(
                _("Run the pilot, report on it and measure the effect."),
                _("The supplier and the buyers"),
            ),
            Challenge.Status.DECISION: Step(
                _("Decide: buy and scale, extend the pilot, or stop."),
                _("The buyers and the adviser"),
            ),
            Challenge.Status.DONE: Step(
                _("Other buyers may follow on where the decision allows it."), _("Other buyers")
            ),
        }.get(status)
    return Journey(
        PHASE_BY_KEY[CHALLENGE_PHASE[status]],
        step,
        history=list(_history_of([challenge, *challenge.needs.all()])),
        finished=status in {Challenge.Status.DONE, Challenge.Status.CANCELLED},
    )


def _history_of(objects: list[Any]) -> list[AuditLog]:
    """The state changes of the case's objects, oldest first: what happened, when, by whom."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    condition = Q(pk__in=[])
    for obj in objects:
        condition |= Q(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    shown = [AuditLog.Action.STATE_CHANGE, AuditLog.Action.CREATED, AuditLog.Action.NEEDS_MERGED]
    return list(
        AuditLog.objects.filter(condition, action__in=shown)
        .select_related("content_type")
        .order_by("created", "pk")
    )

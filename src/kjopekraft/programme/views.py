"""The programme's pages: each view parses, authorizes with a predicate, calls, and renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kjopekraft.accounts.models import Role
from kjopekraft.programme import (
    actions,
    evaluation,
    forms,
    journey,
    predicates,
    routes,
    similarity,
)
from kjopekraft.programme.models import (
    AuditLog,
    Challenge,
    JointNeedProposal,
    Milestone,
    Need,
    ProcedureRoute,
    Proposal,
    ProposalAttachment,
    Question,
    SupplierProfile,
    Topic,
    TopicSubscription,
    TransitionError,
)


def _deny_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _challenge(request: HttpRequest, pk: int) -> Challenge:
    """The challenge, or 404 for a draft the person may not see: its address gives nothing away."""
    challenge = get_object_or_404(Challenge.objects.select_related("lead_buyer"), pk=pk)
    if not predicates.can_view_challenge(request.user, challenge):
        raise Http404
    return challenge


def _need(request: HttpRequest, pk: int) -> Need:
    need = get_object_or_404(Need.objects.select_related("organisation", "challenge"), pk=pk)
    if not predicates.can_view_need(request.user, need):
        raise Http404
    return need


def _error(request: HttpRequest, exc: Exception) -> None:
    if isinstance(exc, ValidationError):
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(exc))


# --- Overview ----------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {
        "phases": journey.PHASES,
        "open_challenges": Challenge.objects.open_for_proposals().select_related("lead_buyer")[:5],
    }
    if user.is_authenticated:
        buyer_orgs = predicates.organisations(user, Role.BUYER)
        context["my_needs"] = Need.objects.of_organisations(buyer_orgs).select_related(
            "organisation"
        )[:10]
        supplier = predicates.supplier_organisation(user)
        context["my_proposals"] = (
            Proposal.objects.filter(supplier=supplier).select_related("challenge")
            if supplier
            else []
        )
        context["my_evaluations"] = user.programme_evaluations.select_related("challenge")
        if predicates.is_adviser(user):
            context["awaiting"] = Need.objects.awaiting_adviser().select_related("organisation")
            context["ready"] = Need.objects.ready_to_merge().select_related("organisation")
            context["unanswered"] = Question.objects.filter(
                answer__isnull=True, challenge__status=Challenge.Status.PUBLISHED
            ).select_related("challenge")
    return render(request, "programme/index.html", context)


def guidance(request: HttpRequest) -> HttpResponse:
    return render(request, "programme/guidance.html", {"phases": journey.PHASES})


# --- Needs -------------------------------------------------------------------------------------


@login_required
def needs(request: HttpRequest) -> HttpResponse:
    user = request.user
    _deny_unless(predicates.is_buyer(user) or predicates.is_adviser(user))
    own = Need.objects.of_organisations(predicates.organisations(user, Role.BUYER))
    context = {
        "own": own.select_related("organisation", "challenge"),
        "proposals_received": JointNeedProposal.objects.filter(
            other__in=own, status=JointNeedProposal.Status.PROPOSED
        ).select_related("need__organisation", "other"),
    }
    if predicates.is_adviser(user):
        context["awaiting"] = Need.objects.awaiting_adviser().select_related("organisation")
        context["ready"] = Need.objects.ready_to_merge().select_related("organisation")
        context["joint"] = JointNeedProposal.objects.filter(
            status=JointNeedProposal.Status.PROPOSED
        ).select_related("need__organisation", "other__organisation")
    return render(request, "programme/needs.html", context)


def _similar(vector: Any, organisation: Any) -> dict[str, Any]:
    if vector is None:
        return {"similarity_unavailable": True}
    return {
        "similar_needs": similarity.similar_needs(vector, exclude_organisation=organisation),
        "similar_notices": similarity.similar_notices(vector),
    }


@login_required
def need_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Write or change a need. “Show similar” looks for partners and past purchases first."""
    user = request.user
    need = _need(request, pk) if pk else None
    if need is None:
        _deny_unless(predicates.can_write_need(user))
    else:
        _deny_unless(predicates.can_edit_need(user, need))
    organisations = predicates.organisations(user, Role.BUYER)
    form = forms.NeedForm(request.POST or None, instance=need, organisations=organisations)
    context: dict[str, Any] = {"form": form, "need": need}
    if request.method == "POST" and form.is_valid():
        draft = form.save(commit=False)
        if "similar" in request.POST:
            vector = similarity.vector_for_text(draft.embedding_text())
            context.update(_similar(vector, draft.organisation), previewed=True)
            return render(request, "programme/need_form.html", context)
        saved = actions.save_need(draft, by=user)
        if "submit" in request.POST:
            actions.submit_need(saved, by=user)
            messages.success(request, _("The need is submitted to the programme."))
        else:
            messages.success(request, _("The need is saved."))
        return redirect("programme:need", saved.pk)
    return render(request, "programme/need_form.html", context)


def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404
    need = _need(request, pk)
    context: dict[str, Any] = {
        "need": need,
        "journey": journey.for_need(need),
        "decision_form": forms.NeedDecisionForm(),
        "joint_form": forms.JointProposalForm(),
        "proposals": JointNeedProposal.objects.filter(need=need).select_related(
            "other__organisation"
        ),
        "proposals_received": JointNeedProposal.objects.filter(other=need).select_related(
            "need__organisation"
        ),
    }
    if predicates.is_need_owner(request.user, need) or predicates.is_adviser(request.user):
        context.update(_similar(similarity.vector_for_need(need), need.organisation))
    return render(request, "programme/need_detail.html", context)


@require_POST
@login_required
def need_step(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    need = _need(request, pk)
    step = request.POST.get("step")
    try:
        if step == "submit":
            _deny_unless(predicates.can_submit_need(user, need))
            actions.submit_need(need, by=user)
            messages.success(request, _("The need is submitted to the programme."))
        elif step == "archive":
            _deny_unless(predicates.can_archive_need(user, need))
            need.archive(user)
            messages.success(request, _("The need is archived."))
        elif step == "decide":
            _deny_unless(predicates.can_decide_need(user, need))
            form = forms.NeedDecisionForm(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, error)
                return redirect("programme:need", need.pk)
            accept = form.cleaned_data["decision"] == "accept"
            actions.decide_need(need, by=user, accept=accept, comment=form.cleaned_data["comment"])
            messages.success(
                request,
                _("The need is accepted.") if accept else _("The need is returned to the buyer."),
            )
        else:
            messages.error(request, _("That step is not possible here."))
    except TransitionError as exc:
        _error(request, exc)
    return redirect("programme:need", need.pk)


@require_POST
@login_required
def propose_joint(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    need = _need(request, pk)
    other_need = _need(request, other)
    _deny_unless(predicates.can_propose_joint(request.user, need, other_need))
    form = forms.JointProposalForm(request.POST)
    if form.is_valid():
        try:
            actions.propose_joint_need(
                need, other_need, by=request.user, message=form.cleaned_data["message"]
            )
            messages.success(
                request,
                _("Your proposal to join needs is sent to %(buyer)s and the advisers.")
                % {"buyer": other_need.organisation.name},
            )
        except TransitionError as exc:
            _error(request, exc)
    return redirect("programme:need", need.pk)


@login_required
def merge(request: HttpRequest) -> HttpResponse:
    _deny_unless(predicates.can_merge_needs(request.user))
    initial = {"needs": request.GET.getlist("need")}
    form = forms.MergeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = actions.merge_needs(
                list(form.cleaned_data["needs"]), lead=form.cleaned_data["lead"], by=request.user
            )
        except TransitionError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("The needs are merged into a draft challenge."))
            return redirect("programme:challenge_edit", challenge.pk)
    return render(request, "programme/merge.html", {"form": form})


# --- Challenges --------------------------------------------------------------------------------


def challenges(request: HttpRequest) -> HttpResponse:
    listed = Challenge.objects.public().select_related("lead_buyer")
    status = request.GET.get("status", "")
    topic = request.GET.get("topic", "")
    if status in Challenge.Status.values and status != Challenge.Status.DRAFT:
        listed = listed.filter(status=status)
    if topic in Topic.values:
        listed = listed.filter(topic=topic)
    drafts = [
        c
        for c in Challenge.objects.filter(status=Challenge.Status.DRAFT).select_related(
            "lead_buyer"
        )
        if predicates.can_view_challenge(request.user, c)
    ]
    page = Paginator(listed, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "programme/challenges.html",
        {
            "page": page,
            "drafts": drafts,
            "statuses": [
                (v, lbl) for v, lbl in Challenge.Status.choices if v != Challenge.Status.DRAFT
            ],
            "topics": Topic.choices,
            "status": status,
            "topic": topic,
        },
    )


def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    user = request.user
    questions = challenge.questions.select_related("answer")
    sees_all_questions = predicates.is_adviser(user) or predicates.is_challenge_buyer(
        user, challenge
    )
    supplier = predicates.supplier_organisation(user)
    own_proposal = (
        Proposal.objects.filter(challenge=challenge, supplier=supplier).first()
        if supplier
        else None
    )
    return render(
        request,
        "programme/challenge_detail.html",
        {
            "challenge": challenge,
            "criteria": challenge.criteria.all(),
            "answered": [q for q in questions if q.is_answered],
            "unanswered": [q for q in questions if not q.is_answered] if sees_all_questions else [],
            "question_form": forms.QuestionForm(),
            "answer_form": forms.AnswerForm(),
            "cancel_form": forms.CancelForm(),
            "own_proposal": own_proposal,
            "proposal_count": challenge.proposals.active().count()
            if challenge.deadline_passed
            else None,
            "decisions": challenge.decisions.all(),
            "pilots": challenge.pilots.select_related("proposal__supplier"),
            "selected": challenge.proposals.filter(status=Proposal.Status.SELECTED).select_related(
                "supplier"
            ),
            "problems": challenge.publication_problems()
            if challenge.status == Challenge.Status.DRAFT
            else [],
        },
    )


@login_required
def challenge_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    challenge = _challenge(request, pk) if pk else None
    if challenge is None:
        _deny_unless(predicates.can_create_challenge(user))
    else:
        _deny_unless(predicates.can_edit_challenge(user, challenge))
    advice = None
    if challenge is not None:
        advice = routes.advise_route(
            estimated_value=challenge.pilot_budget,
            buyer_kind=challenge.lead_buyer.kind,
            develops_new=True,
        )
    initial = {}
    if advice is not None and challenge is not None and not challenge.procurement_route:
        initial = {"procurement_route": advice.route, "route_reasoning": advice.reasoning}
    form = forms.ChallengeForm(request.POST or None, instance=challenge, initial=initial)
    criteria = forms.CriterionFormSet(request.POST or None, instance=challenge, prefix="criteria")
    if request.method == "POST" and form.is_valid() and criteria.is_valid():
        with transaction.atomic():
            saved = actions.save_challenge(
                form.save(commit=False), by=user, buyers=form.cleaned_data["participating_buyers"]
            )
            criteria.instance = saved
            criteria.save()
        messages.success(request, _("The challenge is saved."))
        return redirect("programme:challenge", saved.pk)
    return render(
        request,
        "programme/challenge_form.html",
        {
            "form": form,
            "criteria": criteria,
            "challenge": challenge,
            "advice": advice,
            "advice_route": ProcedureRoute(advice.route).label if advice else "",
        },
    )


@require_POST
@login_required
def challenge_step(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    challenge = _challenge(request, pk)
    step = request.POST.get("step", "")
    checks = {
        "publish": predicates.can_publish_challenge,
        Challenge.Status.CLOSED: predicates.can_close_challenge,
        Challenge.Status.EVALUATION: predicates.can_start_evaluation,
        Challenge.Status.DECISION: predicates.can_end_pilot,
        Challenge.Status.CANCELLED: predicates.can_cancel_challenge,
    }
    if step not in checks:
        messages.error(request, _("That step is not possible here."))
        return redirect("programme:challenge", challenge.pk)
    _deny_unless(checks[step](user, challenge))
    try:
        if step == "publish":
            actions.publish_challenge(challenge, by=user)
        else:
            actions.change_challenge_status(
                challenge, by=user, to=step, reason=request.POST.get("reason", "")[:4000]
            )
    except TransitionError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("The challenge is now: %(status)s.") % {"status": challenge.get_status_display()},
        )
    return redirect("programme:challenge", challenge.pk)


# --- Questions ---------------------------------------------------------------------------------


@require_POST
@login_required
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    _deny_unless(predicates.can_ask_question(request.user, challenge))
    form = forms.QuestionForm(request.POST)
    if form.is_valid():
        try:
            actions.ask_question(
                challenge,
                by=request.user,
                organisation=predicates.supplier_organisation(request.user),
                text=form.cleaned_data["text"],
            )
        except TransitionError as exc:
            _error(request, exc)
        else:
            messages.success(
                request, _("Your question is sent. The answer will be published to everyone.")
            )
    else:
        messages.error(request, _("Write a question of at most 4000 characters."))
    return redirect("programme:challenge", challenge.pk)


@require_POST
@login_required
def answer(request: HttpRequest, pk: int, question: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    _deny_unless(predicates.can_answer_question(request.user, challenge))
    item = get_object_or_404(Question, pk=question, challenge=challenge)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.answer_question(item, by=request.user, text=form.cleaned_data["text"])
        except TransitionError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("The answer is published to everyone."))
    return redirect("programme:challenge", challenge.pk)


@require_POST
@never_cache
@login_required
def asker(request: HttpRequest, pk: int, question: int) -> HttpResponse:
    """Who asked: only for advisers, shown once per request and written to the audit log."""
    challenge = _challenge(request, pk)
    _deny_unless(predicates.can_see_asker(request.user))
    item = get_object_or_404(Question, pk=question, challenge=challenge)
    person, organisation = actions.reveal_asker(item, by=request.user)
    return render(
        request,
        "programme/asker.html",
        {"challenge": challenge, "question": item, "person": person, "organisation": organisation},
    )


# --- Suppliers and proposals -------------------------------------------------------------------


@login_required
def supplier_profile(request: HttpRequest) -> HttpResponse:
    _deny_unless(predicates.can_edit_supplier_profile(request.user))
    organisation = predicates.supplier_organisation(request.user)
    assert organisation is not None  # a supplier has an organisation
    profile = SupplierProfile.objects.filter(organisation=organisation).first()
    form = forms.SupplierProfileForm(
        request.POST or None,
        instance=profile,
        initial={"founding_date": organisation.founding_date},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.save_supplier_profile(
            organisation,
            by=request.user,
            kind=data["kind"],
            description=data["description"],
            employees=data["employees"],
            founding_date=data["founding_date"],
        )
        messages.success(request, _("Your supplier profile is saved."))
        target = request.GET.get("next", "")
        if target.startswith("/") and not target.startswith("//"):
            return redirect(target)
        return redirect("programme:supplier_profile")
    return render(
        request, "programme/supplier_profile.html", {"form": form, "organisation": organisation}
    )


PROPOSAL_FIELDS = ("title", "summary", "approach", "expected_effect", "price")


@login_required
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit, change, or submit again a withdrawn proposal, until the deadline."""
    user = request.user
    challenge = _challenge(request, pk)
    supplier = predicates.supplier_organisation(user)
    _deny_unless(supplier is not None)
    proposal = Proposal.objects.filter(challenge=challenge, supplier=supplier).first()
    if proposal is not None and proposal.status == Proposal.Status.SUBMITTED:
        _deny_unless(predicates.can_edit_proposal(user, proposal))
    elif proposal is not None:
        _deny_unless(predicates.can_resubmit_proposal(user, proposal))
    else:
        _deny_unless(predicates.can_submit_proposal(user, challenge))
    if not predicates.has_supplier_profile(user):
        messages.info(request, _("Tell us about your organisation before you propose."))
        return redirect(f"{reverse('programme:supplier_profile')}?next={request.path}")
    existing = proposal.attachments.count() if proposal else 0
    form = forms.ProposalForm(
        request.POST or None,
        request.FILES or None,
        instance=proposal,
        existing_attachments=existing,
    )
    remove = [int(v) for v in request.POST.getlist("remove") if v.isdigit()]
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PROPOSAL_FIELDS}
        uploads = form.cleaned_data["files"]
        try:
            if proposal is not None and proposal.status == Proposal.Status.SUBMITTED:
                saved = actions.update_proposal(
                    proposal, by=user, fields=fields, uploads=uploads, remove=remove
                )
            else:
                saved = actions.submit_proposal(
                    challenge, by=user, supplier=supplier, fields=fields, uploads=uploads
                )
        except (TransitionError, ValidationError) as exc:
            _error(request, exc)
        else:
            messages.success(
                request, _("Your proposal is saved. You can change it until the deadline.")
            )
            return redirect("programme:proposal", saved.pk)
    return render(
        request,
        "programme/proposal_form.html",
        {"form": form, "challenge": challenge, "proposal": proposal},
    )


@never_cache
@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal.objects.select_related("challenge", "supplier"), pk=pk)
    if not predicates.can_view_proposal(request.user, proposal):
        raise Http404
    actions.record_proposal_view(proposal, by=request.user)
    return render(
        request,
        "programme/proposal_detail.html",
        {
            "proposal": proposal,
            "challenge": proposal.challenge,
            "attachments": proposal.attachments.all(),
        },
    )


@require_POST
@login_required
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal.objects.select_related("challenge"), pk=pk)
    if not predicates.is_proposal_owner(request.user, proposal):
        raise Http404
    _deny_unless(predicates.can_withdraw_proposal(request.user, proposal))
    try:
        actions.withdraw_proposal(proposal, by=request.user)
    except TransitionError as exc:
        _error(request, exc)
    else:
        messages.success(
            request, _("Your proposal is withdrawn. You can submit it again until the deadline.")
        )
    return redirect("programme:proposal", proposal.pk)


@never_cache
@login_required
def attachment(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    """An attachment, only for those who may see the proposal, and always as a download."""
    proposal = get_object_or_404(Proposal.objects.select_related("challenge"), pk=pk)
    if not predicates.can_view_proposal(request.user, proposal):
        raise Http404
    item = get_object_or_404(ProposalAttachment, pk=attachment, proposal=proposal)
    actions.record_proposal_view(proposal, by=request.user, attachment=item)
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Evaluation --------------------------------------------------------------------------------


@login_required
def evaluation_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    challenge = _challenge(request, pk)
    _deny_unless(predicates.can_view_evaluation(user, challenge))
    evaluator = predicates.evaluator_of(user, challenge)
    context: dict[str, Any] = {
        "challenge": challenge,
        "evaluator": evaluator,
        "evaluators": challenge.evaluators.select_related("user"),
        "assign_form": forms.EvaluatorForm(),
        "declaration_form": forms.DeclarationForm(),
    }
    if challenge.status in predicates.REVIEW_PHASES and challenge.deadline_passed:
        # To declare conflicts an evaluator must know who proposed; names only, no proposal.
        context["suppliers"] = sorted(
            {p.supplier.name for p in challenge.proposals.active().select_related("supplier")}
        )
    if predicates.can_list_proposals(user, challenge):
        context["ranking"] = evaluation.ranking(challenge)
        context["progress"] = evaluation.progress(challenge)
        context["disagreement_spread"] = evaluation.DISAGREEMENT_SPREAD
        if evaluator is not None and evaluator.is_cleared:
            scored = set(evaluator.scores.values_list("proposal_id", flat=True))
            context["scored"] = scored
    if predicates.can_select_proposals(user, challenge):
        context["selection_form"] = forms.SelectionForm(challenge=challenge)
    return render(request, "programme/evaluation.html", context)


@require_POST
@login_required
def assign_evaluator(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    _deny_unless(predicates.can_assign_evaluators(request.user, challenge))
    form = forms.EvaluatorForm(request.POST)
    if form.is_valid():
        try:
            actions.assign_evaluator(challenge, user=form.cleaned_data["email"], by=request.user)
        except TransitionError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("The evaluator is assigned and told by e-mail."))
    else:
        for error in form.errors.get("email", []):
            messages.error(request, error)
    return redirect("programme:evaluation", challenge.pk)


@require_POST
@login_required
def declare(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    evaluator = predicates.evaluator_of(request.user, challenge)
    _deny_unless(
        evaluator is not None
        and predicates.must_declare(request.user, challenge)
        and challenge.status in predicates.REVIEW_PHASES
    )
    assert evaluator is not None
    form = forms.DeclarationForm(request.POST)
    if form.is_valid():
        conflict = form.cleaned_data["conflict"]
        evaluator.declare(
            conflict=conflict, statement=form.cleaned_data["statement"], by=request.user
        )
        if conflict:
            messages.info(request, _("You have declared a conflict of interest and are recused."))
        else:
            messages.success(request, _("Thank you. You can now see and score the proposals."))
    else:
        messages.error(request, _("Answer whether you have a conflict of interest."))
    return redirect("programme:evaluation", challenge.pk)


@login_required
def score(request: HttpRequest, pk: int, proposal: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    _deny_unless(predicates.can_score(request.user, challenge))
    item = get_object_or_404(
        Proposal.objects.active().select_related("supplier"), pk=proposal, challenge=challenge
    )
    _deny_unless(predicates.can_view_proposal(request.user, item))
    evaluator = predicates.evaluator_of(request.user, challenge)
    assert evaluator is not None
    criteria = list(challenge.criteria.all())
    existing = {s.criterion_id: s for s in evaluator.scores.filter(proposal=item)}
    form = forms.ScoreForm(request.POST or None, criteria=criteria, existing=existing)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_scores(evaluator, item, by=request.user, scores=form.scores())
        except TransitionError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Your scores are saved."))
            return redirect("programme:evaluation", challenge.pk)
    if request.method == "GET":
        actions.record_proposal_view(item, by=request.user)
    return render(
        request,
        "programme/score.html",
        {
            "challenge": challenge,
            "proposal": item,
            "form": form,
            "attachments": item.attachments.all(),
        },
    )


@require_POST
@login_required
def select(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    _deny_unless(predicates.can_select_proposals(request.user, challenge))
    form = forms.SelectionForm(request.POST, challenge=challenge)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.select_proposals(
                challenge,
                by=request.user,
                selected=list(data["proposals"]),
                reasons=data["reasons"],
                starts=data["starts"],
                ends=data["ends"],
            )
        except TransitionError as exc:
            _error(request, exc)
        else:
            messages.success(
                request, _("The selection and its reasons are sent to every participant.")
            )
            return redirect("programme:pilot", challenge.pk)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("programme:evaluation", challenge.pk)


# --- Pilot and decision ------------------------------------------------------------------------


def pilot(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    if not predicates.can_view_pilot(request.user, challenge):
        raise Http404
    pilots = challenge.pilots.select_related("proposal__supplier")
    return render(
        request,
        "programme/pilot.html",
        {
            "challenge": challenge,
            "pilots": pilots,
            "effect": actions.effect_summary(challenge),
            "milestone_form": forms.MilestoneForm(),
            "report_form": forms.StatusReportForm(),
            "measurement_form": forms.MeasurementForm(),
        },
    )


PILOT_FORMS = {
    "milestone": (forms.MilestoneForm, predicates.can_report_on_pilot),
    "report": (forms.StatusReportForm, predicates.can_report_on_pilot),
    "measurement": (forms.MeasurementForm, predicates.can_measure_effect),
}


@require_POST
@login_required
def pilot_add(request: HttpRequest, pk: int, pilot_id: int, kind: str) -> HttpResponse:
    challenge = _challenge(request, pk)
    item = get_object_or_404(challenge.pilots.select_related("proposal"), pk=pilot_id)
    if kind == "complete":
        _deny_unless(predicates.can_report_on_pilot(request.user, item))
        milestone = get_object_or_404(Milestone, pk=request.POST.get("milestone"), pilot=item)
        milestone.completed = milestone.completed or timezone.localdate()
        milestone.save(update_fields=["completed"])
        return redirect("programme:pilot", challenge.pk)
    if kind not in PILOT_FORMS:
        raise Http404
    form_class, check = PILOT_FORMS[kind]
    _deny_unless(check(request.user, item))
    form = form_class(request.POST)
    if form.is_valid():
        record = form.save(commit=False)
        record.pilot = item
        if kind == "report":
            record.author = request.user
        if kind == "measurement":
            record.recorded_by = request.user
        record.save()
        messages.success(request, _("Saved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("programme:pilot", challenge.pk)


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    _deny_unless(predicates.can_decide(request.user, challenge))
    advice = routes.advise_route(
        estimated_value=challenge.pilot_budget,
        buyer_kind=challenge.lead_buyer.kind,
        develops_new=False,
    )
    initial = (
        {"purchase_route": advice.route, "route_reasoning": advice.reasoning} if advice else {}
    )
    form = forms.DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_decision(challenge, by=request.user, **data)
        except TransitionError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("The decision is recorded and sent to every participant."))
            return redirect("programme:journey", challenge.pk)
    return render(
        request,
        "programme/decide.html",
        {
            "challenge": challenge,
            "form": form,
            "effect": actions.effect_summary(challenge),
            "advice": advice,
        },
    )


# --- Journey, topics, audit --------------------------------------------------------------------


def challenge_journey(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _challenge(request, pk)
    return _journey_page(request, journey.for_challenge(challenge), challenge=challenge)


def need_journey(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404
    need = _need(request, pk)
    return _journey_page(request, journey.for_need(need), need=need, challenge=need.challenge)


def _journey_page(request: HttpRequest, case: journey.Journey, **context: Any) -> HttpResponse:
    context.update(
        journey=case,
        instruments_for_buyers=routes.fitting_instruments(case.phase.key, Role.BUYER),
        instruments_for_suppliers=routes.fitting_instruments(case.phase.key, Role.SUPPLIER),
        show_actors=predicates.is_adviser(request.user),
    )
    challenge = context.get("challenge")
    if challenge is not None:
        context["decisions"] = challenge.decisions.all()
        context["effect"] = actions.effect_summary(challenge)
    return render(request, "programme/journey.html", context)


@login_required
def topics(request: HttpRequest) -> HttpResponse:
    _deny_unless(predicates.can_follow_topics(request.user))
    current = list(
        TopicSubscription.objects.filter(user=request.user).values_list("topic", flat=True)
    )
    form = forms.TopicsForm(request.POST or None, initial={"topics": current})
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["topics"])
        with transaction.atomic():
            TopicSubscription.objects.filter(user=request.user).exclude(topic__in=chosen).delete()
            for topic in chosen - set(current):
                TopicSubscription.objects.create(user=request.user, topic=topic)
        messages.success(request, _("Your topics are saved."))
        return redirect("programme:topics")
    return render(request, "programme/topics.html", {"form": form})


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    _deny_unless(predicates.can_read_audit_log(request.user))
    entries = AuditLog.objects.select_related("challenge", "content_type")
    action = request.GET.get("action", "")
    challenge = request.GET.get("challenge", "")
    if action in AuditLog.Action.values:
        entries = entries.filter(action=action)
    if challenge.isdigit():
        entries = entries.filter(challenge_id=int(challenge))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "programme/audit.html",
        {
            "page": page,
            "actions": AuditLog.Action.choices,
            "action": action,
            "challenge_filter": challenge,
            "challenges": Challenge.objects.order_by("title").values_list("pk", "title"),
        },
    )

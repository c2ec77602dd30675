"""The effect contracts' pages: each view parses, authorizes with a predicate, calls, renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kjopekraft.accounts.models import Membership, Role
from kjopekraft.organisations.models import Organisation
from kjopekraft.outcomes import actions, forms, payments, predicates
from kjopekraft.outcomes.models import (
    OUTCOME_LABELS,
    ContractError,
    EffectContract,
    Measurement,
    OutcomeIndicator,
)


def _deny_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _contract(request: HttpRequest, pk: int) -> EffectContract:
    """The contract, or 404 for a draft the person may not see."""
    contract = get_object_or_404(
        EffectContract.objects.select_related("commissioner", "investor", "provider"), pk=pk
    )
    if not predicates.can_view_contract(request.user, contract):
        raise Http404
    return contract


def _form_error(form: Any, exc: Exception) -> None:
    for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
        form.add_error(None, message)


def contracts(request: HttpRequest) -> HttpResponse:
    user = request.user
    visible = Q(status=EffectContract.Status.SIGNED)
    if predicates.is_adviser(user):
        visible = Q()
    elif user.is_authenticated:
        mine = Membership.objects.approved().filter(user=user).values("organisation_id")
        visible |= Q(commissioner__in=mine) | Q(investor__in=mine) | Q(provider__in=mine)
    context = {
        "contracts": EffectContract.objects.filter(visible).select_related(
            "commissioner", "investor", "provider"
        ),
        "may_create": predicates.can_create_contract(user),
    }
    return render(request, "outcomes/contracts.html", context)


def _rows(contract: EffectContract, settlement: payments.Settlement | None) -> list[dict[str, Any]]:
    """Each indicator with its progress at every date and what it earns."""
    rows = []
    for indicator in contract.indicators.all():
        track = indicator.track()
        latest = next((p for p in reversed(track) if p.reading is not None), None)
        progress = latest.progress if latest else None
        outcome = settlement.outcome(indicator.key) if settlement else None
        rows.append(
            {
                "indicator": indicator,
                "track": track,
                "latest": latest,
                "percent": None if progress is None else round(float(progress) * 100),
                "bar": None if progress is None else max(0, min(100, round(float(progress) * 100))),
                "outcome": outcome,
                "outcome_label": OUTCOME_LABELS[outcome.status] if outcome else "",
            }
        )
    return rows


def _payments(
    contract: EffectContract, settlement: payments.Settlement | None
) -> list[tuple[payments.Payment, list[str]]]:
    """Each payment with the names of the indicators it pays for."""
    if settlement is None:
        return []
    names = {i.key: i.name for i in contract.indicators.all()}
    return [(p, [names[t] for t in p.targets]) for p in settlement.payments]


def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    user = request.user
    settlement = contract.settlement()
    may_measure = predicates.can_record_measurement(user, contract)
    context: dict[str, Any] = {
        "contract": contract,
        "rows": _rows(contract, settlement),
        "settlement": settlement,
        "payments": _payments(contract, settlement),
        "problems": contract.problems(),
        "today": timezone.localdate(),
        "measurements": Measurement.objects.filter(indicator__contract=contract)
        .select_related("indicator", "corrects", "corrected_by")
        .order_by("indicator__order", "measured_for", "pk"),
        "may_edit": predicates.can_edit_contract(user, contract),
        "may_sign": predicates.can_sign_contract(user, contract),
        "may_measure": may_measure,
        "measurement_form": forms.MeasurementForm(contract=contract) if may_measure else None,
        "sign_form": forms.SignForm(),
        "log": contract.changes.all()[:100]
        if predicates.can_see_change_log(user, contract)
        else None,
    }
    return render(request, "outcomes/contract_detail.html", context)


def _commissioner(form: forms.ContractForm, user: Any) -> Organisation | None:
    """The commissioning body the form names, or ``None`` with the error on the form."""
    found = Organisation.objects.filter(orgnr=form.cleaned_data["commissioner_orgnr"]).first()
    if found is None or not found.is_public:
        form.add_error("commissioner_orgnr", _("This is not a public body known to Kjøpekraft."))
        return None
    if not predicates.can_commission_for(user, found):
        form.add_error("commissioner_orgnr", _("You do not act as a buyer for this body."))
        return None
    return found


def _contract_form(request: HttpRequest, contract: EffectContract | None) -> HttpResponse:
    user = request.user
    form = forms.ContractForm(request.POST or None, instance=contract)
    if contract is None and not request.POST:
        buyers = Organisation.objects.filter(
            memberships__user=user,
            memberships__role=Role.BUYER,
            memberships__status=Membership.Status.APPROVED,
        )
        first = buyers.order_by("name").first()
        form.fields["commissioner_orgnr"].initial = first.orgnr if first else ""
    commissioner = _commissioner(form, user) if request.POST and form.is_valid() else None
    if commissioner is not None:
        form.instance.commissioner = commissioner
        data = form.cleaned_data
        try:
            saved = actions.save_contract(
                form.instance,
                by=user,
                investor=(data["investor_orgnr"], data["investor_name"]),
                provider=(data["provider_orgnr"], data["provider_name"]),
            )
        except (ContractError, ValidationError) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The contract is saved."))
            return redirect(saved)
    return render(request, "outcomes/contract_form.html", {"form": form, "contract": contract})


@login_required
def contract_new(request: HttpRequest) -> HttpResponse:
    _deny_unless(predicates.can_create_contract(request.user))
    return _contract_form(request, None)


@login_required
def contract_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    _deny_unless(predicates.can_edit_contract(request.user, contract))
    return _contract_form(request, contract)


@login_required
def indicator_form(request: HttpRequest, pk: int, indicator: int | None = None) -> HttpResponse:
    contract = _contract(request, pk)
    _deny_unless(predicates.can_edit_contract(request.user, contract))
    instance = (
        get_object_or_404(OutcomeIndicator, pk=indicator, contract=contract)
        if indicator
        else OutcomeIndicator(contract=contract)
    )
    form = forms.IndicatorForm(request.POST or None, instance=instance)
    if request.method == "POST":
        if "remove" in request.POST and instance.pk:
            actions.remove_indicator(instance, by=request.user)
            messages.success(request, _("The indicator is removed."))
            return redirect(contract)
        if form.is_valid():
            try:
                actions.save_indicator(form.instance, by=request.user)
            except (ContractError, ValidationError) as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("The indicator is saved."))
                return redirect(contract)
    context = {"form": form, "contract": contract, "indicator": instance}
    return render(request, "outcomes/indicator_form.html", context)


@require_POST
@login_required
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    _deny_unless(predicates.can_sign_contract(request.user, contract))
    form = forms.SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the contract was signed."))
        return redirect(contract)
    try:
        actions.sign_contract(contract, by=request.user, signed_on=form.cleaned_data["signed_on"])
    except ContractError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The contract is signed. Outcomes can now be measured."))
    return redirect(contract)


@login_required
def measure(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    _deny_unless(predicates.can_record_measurement(request.user, contract))
    form = forms.MeasurementForm(request.POST or None, contract=contract)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_measurement(
                data["indicator"],
                by=request.user,
                measured_for=data["measured_for"],
                value=data["value"],
                reported_on=data["reported_on"],
                evidence=data["evidence"],
            )
        except ContractError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The measurement is recorded."))
            return redirect(contract)
    context = {"form": form, "contract": contract}
    return render(request, "outcomes/measurement_form.html", context)


@login_required
def correct(request: HttpRequest, pk: int, measurement: int) -> HttpResponse:
    contract = _contract(request, pk)
    _deny_unless(predicates.can_record_measurement(request.user, contract))
    original = get_object_or_404(
        Measurement.objects.select_related("indicator"),
        pk=measurement,
        indicator__contract=contract,
    )
    form = forms.CorrectionForm(request.POST or None, initial={"value": original.value})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.correct_measurement(
                original,
                by=request.user,
                value=data["value"],
                reported_on=data["reported_on"],
                evidence=data["evidence"],
                reason=data["reason"],
            )
        except ContractError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The correction is recorded."))
            return redirect(contract)
    context = {"form": form, "contract": contract, "original": original}
    return render(request, "outcomes/correction_form.html", context)

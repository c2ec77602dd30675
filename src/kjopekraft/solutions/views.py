"""The catalogue's pages: each view parses, authorizes with a predicate, calls, and renders."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kjopekraft.accounts.models import Role
from kjopekraft.organisations.models import County
from kjopekraft.programme.models import Decision
from kjopekraft.solutions import actions, forms, predicates, spreading
from kjopekraft.solutions.indicators import SIZE_LABELS, TITLES, spreading_indicators
from kjopekraft.solutions.models import (
    Adoption,
    CloudService,
    ReviewError,
    Solution,
)

PAGE_SIZE = 20
KINDS: dict[str, type[Solution] | type[CloudService]] = {
    "solution": Solution,
    "cloud-service": CloudService,
}


def _deny_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _entry(request: HttpRequest, kind: str, pk: int) -> Solution | CloudService:
    """The entry, or 404 for one the person may not see: its address gives nothing away."""
    model = KINDS[kind]
    entry = get_object_or_404(model.objects.select_related("supplier"), pk=pk)
    if not predicates.can_view_entry(request.user, entry):
        raise Http404
    return entry


def _page(request: HttpRequest, queryset: Any) -> Any:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# --- The catalogue -----------------------------------------------------------------------------


def catalogue(request: HttpRequest) -> HttpResponse:
    """Solutions that buyers can acquire, searched and filtered."""
    form = forms.CatalogueSearchForm(request.GET or None)
    solutions = (
        Solution.objects.published()
        .select_related("supplier")
        .annotate(adopter_count=Count("adoptions", distinct=True))
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            solutions = solutions.search(data["q"])
        for field in ("topic", "maturity", "acquisition"):
            if data[field]:
                solutions = solutions.filter(**{field: data[field]})
        if data["cpv"]:
            solutions = solutions.filter(cpv_codes__code__startswith=data["cpv"]).distinct()
    context = {
        "form": form,
        "page": _page(request, solutions.order_by("title")),
        "may_register": predicates.can_register_entry(request.user),
        "may_review": predicates.is_adviser(request.user),
    }
    return render(request, "solutions/catalogue.html", context)


def cloud_services(request: HttpRequest) -> HttpResponse:
    """The marketplace for cloud services, searched and filtered."""
    form = forms.CloudSearchForm(request.GET or None)
    services = CloudService.objects.published().select_related("supplier")
    # Filters on a buyer-only field match only where the person may see it.
    sees_all = predicates.is_buyer(request.user) or predicates.is_adviser(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            services = services.search(data["q"])
        if data["category"]:
            services = services.matching(
                "category", [data["category"]], restricted_visible=sees_all
            )
        if data["location"]:
            allowed = [CloudService.Location.NORWAY]
            if data["location"] == CloudService.Location.EEA:
                allowed.append(CloudService.Location.EEA)
            for field in ("storage_location", "processing_location"):
                services = services.matching(field, allowed, restricted_visible=sees_all)
    page = _page(request, services.order_by("name"))
    own = {o.pk for o in predicates.organisations(request.user, Role.SUPPLIER)}
    rows = [
        (
            s,
            {
                f["name"]: f
                for f in s.shown_fields(restricted_visible=sees_all or s.supplier_id in own)
            },
        )
        for s in page.object_list
    ]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "may_register": predicates.can_register_entry(request.user),
    }
    return render(request, "solutions/cloud_services.html", context)


def _detail_context(request: HttpRequest, entry: Solution | CloudService) -> dict[str, Any]:
    user = request.user
    buyer_orgs = predicates.organisations(user, Role.BUYER)
    adopted = set(entry.adoptions.values_list("organisation_id", flat=True))
    can_adopt = predicates.can_record_adoption(user, entry)
    unadopted = [o for o in buyer_orgs if o.pk not in adopted]
    return {
        "entry": entry,
        "fields": entry.shown_fields(
            restricted_visible=predicates.can_see_buyer_only_fields(user, entry)
        ),
        "sees_contacts": predicates.can_see_buyer_only_fields(user, entry),
        "adopters": entry.adopters(),
        "references": entry.references.select_related("organisation"),
        "may_edit": predicates.can_edit_entry(user, entry),
        "may_review": predicates.can_review_entry(user, entry),
        "review_form": forms.ReviewForm(),
        "interest_form": forms.InterestForm(organisations=buyer_orgs, auto_id="interest-%s")
        if predicates.can_express_interest(user, entry)
        else None,
        "adoption_form": forms.AdoptionForm(organisations=unadopted, auto_id="adopt-%s")
        if can_adopt and unadopted
        else None,
        "already_adopted": can_adopt and not unadopted,
    }


def solution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    solution = _entry(request, "solution", pk)
    assert isinstance(solution, Solution)
    context = _detail_context(request, solution)
    context.update(
        kind="solution",
        effect=solution.pilot_effect(),
        services=solution.cloud_services.published().select_related("supplier"),
    )
    return render(request, "solutions/solution_detail.html", context)


def cloud_service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = _entry(request, "cloud-service", pk)
    context = _detail_context(request, service)
    context["kind"] = "cloud-service"
    return render(request, "solutions/cloud_service_detail.html", context)


# --- Registering, editing and verifying --------------------------------------------------------


def _call(form: Any, action: Any, by: Any, **kwargs: Any) -> Any:
    """Save the form's entry with ``action``; ``None``, with the errors on the form, if refused."""
    try:
        return action(form.save(commit=False), by=by, **kwargs)
    except actions.CatalogueError as exc:
        form.add_error("supplier_orgnr", str(exc))
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
    return None


def _entry_form(
    request: HttpRequest, kind: str, entry: Solution | CloudService | None
) -> HttpResponse:
    user = request.user
    form_class = forms.SolutionForm if kind == "solution" else forms.CloudServiceForm
    form = form_class(request.POST or None, instance=entry)
    supplier_orgs = predicates.organisations(user, Role.SUPPLIER)
    if entry is None and supplier_orgs and not request.POST:
        form.fields["supplier_orgnr"].initial = supplier_orgs[0].orgnr
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        supplier = (data["supplier_orgnr"], data["supplier_name"])
        cpv = data.get("cpv") if kind == "solution" else None
        if not predicates.can_register_for(user, supplier[0]):
            form.add_error(
                "supplier_orgnr", _("You can register entries only for your own organisation.")
            )
        elif entry is None:
            saved = _call(
                form, actions.register_entry, user, supplier=supplier, cpv_codes=cpv or ()
            )
            if saved is not None:
                messages.success(
                    request,
                    _("The entry is verified and public.")
                    if saved.is_public
                    else _("Thank you. An adviser verifies the entry before it is public."),
                )
                return redirect(saved)
        else:
            saved = _call(form, actions.save_entry, user, supplier=supplier, cpv_codes=cpv)
            if saved is not None:
                messages.success(request, _("The changes are saved."))
                return redirect(saved)
    return render(
        request, "solutions/entry_form.html", {"form": form, "entry": entry, "kind": kind}
    )


@login_required
def register(request: HttpRequest, kind: str) -> HttpResponse:
    _deny_unless(predicates.can_register_entry(request.user))
    return _entry_form(request, kind, None)


@login_required
def edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    entry = _entry(request, kind, pk)
    _deny_unless(predicates.can_edit_entry(request.user, entry))
    return _entry_form(request, kind, entry)


@login_required
def from_decision(request: HttpRequest, decision: int) -> HttpResponse:
    """Put a programme pilot's solution in the catalogue, starting from the decision."""
    found = get_object_or_404(
        Decision.objects.select_related("challenge__lead_buyer"),
        pk=decision,
        outcome=Decision.Outcome.BUY_AND_SCALE,
    )
    _deny_unless(predicates.can_create_from_decision(request.user, found))
    existing = Solution.objects.filter(decision=found).first()
    if existing is not None:
        return redirect(existing)
    challenge = found.challenge
    pilot = challenge.pilots.select_related("proposal").order_by("starts").first()
    initial = {
        "title": pilot.proposal.title if pilot else challenge.title,
        "summary": pilot.proposal.summary if pilot else "",
        "problem": challenge.problem,
        "topic": challenge.topic,
        "evidence": found.reason,
        "maturity": Solution.Maturity.READY,
        "acquisition": Solution.Acquisition.FOLLOW_ON_OPTION
        if found.follow_on_allowed
        else Solution.Acquisition.NEW_COMPETITION,
        "acquisition_details": found.follow_on_terms,
    }
    form = forms.DecisionSolutionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            solution = actions.create_solution_from_decision(
                found,
                form.save(commit=False),
                by=request.user,
                cpv_codes=form.cleaned_data["cpv"],
            )
        except actions.CatalogueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The solution is in the catalogue."))
            return redirect(solution)
    return render(
        request,
        "solutions/entry_form.html",
        {"form": form, "entry": None, "kind": "solution", "decision": found},
    )


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    _deny_unless(predicates.is_adviser(request.user))
    context = {
        "solutions": Solution.objects.awaiting_verification().select_related("supplier"),
        "services": CloudService.objects.awaiting_verification().select_related("supplier"),
    }
    return render(request, "solutions/review_queue.html", context)


@require_POST
@login_required
def review(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    entry = _entry(request, kind, pk)
    _deny_unless(predicates.can_review_entry(request.user, entry))
    form = forms.ReviewForm(request.POST)
    verify = request.POST.get("verdict") == "verify"
    if form.is_valid():
        try:
            actions.review_entry(
                entry, by=request.user, verify=verify, comment=form.cleaned_data["comment"]
            )
        except ReviewError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("The entry is verified and public.") if verify else _("The supplier is told."),
            )
    return redirect(entry)


# --- Interest and adoption ---------------------------------------------------------------------


@require_POST
@login_required
def interest(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    entry = _entry(request, kind, pk)
    _deny_unless(predicates.can_express_interest(request.user, entry))
    form = forms.InterestForm(
        request.POST, organisations=predicates.organisations(request.user, Role.BUYER)
    )
    if not form.is_valid():
        messages.error(request, _("Choose the buyer you ask for."))
        return redirect(entry)
    try:
        actions.express_interest(
            entry,
            by=request.user,
            organisation=form.cleaned_data["organisation"],
            message=form.cleaned_data["message"],
        )
    except actions.CatalogueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Your interest is sent to the supplier and to a reference customer.")
        )
    return redirect(entry)


@login_required
def adopt(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    entry = _entry(request, kind, pk)
    _deny_unless(predicates.can_record_adoption(request.user, entry))
    form = forms.AdoptionForm(
        request.POST or None,
        organisations=predicates.organisations(request.user, Role.BUYER),
        auto_id="adopt-%s",
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_adoption(
                entry,
                by=request.user,
                organisation=data["organisation"],
                adopted_on=data["adopted_on"],
                scope=data["scope"],
                scope_details=data["scope_details"],
                route=data["route"],
                is_reference=data["is_reference"],
                contact_email=data["contact_email"],
            )
        except actions.CatalogueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you. Others can now see that you use it."))
            return redirect(entry)
    return render(
        request, "solutions/adoption_form.html", {"form": form, "entry": entry, "kind": kind}
    )


# --- Spreading ---------------------------------------------------------------------------------


def _labels() -> dict[str, dict[Any, Any]]:
    return {
        "county": {
            **{c.number: c.name for c in County.objects.all()},
            spreading.UNKNOWN: _("Unknown"),
        },
        "municipality_size": dict(SIZE_LABELS),
        "solution": dict(Solution.objects.published().values_list("pk", "title")),
    }


def _shown(indicator: str, value: float | None) -> str:
    if value is None:
        return "–"
    if indicator == spreading.Indicator.MUNICIPALITY_ADOPTION_SHARE:
        return number_format(value * 100, decimal_pos=1) + " %"
    return number_format(value, decimal_pos=1)


def spreading_page(request: HttpRequest) -> HttpResponse:
    """The spreading indicators as tables, each grouping on its own, with CSV to download."""
    raw = request.GET.get("by", "year")
    try:
        keys = spreading.make_by([raw])
    except spreading.InvalidQuery as exc:
        raise Http404 from exc
    figures = spreading_indicators(by=[k.value for k in keys])
    if request.GET.get("format") == "csv":
        return _csv(figures, keys)
    labels = _labels()
    tables: dict[str, list[dict[str, Any]]] = {i.value: [] for i in spreading.Indicator}
    for figure in figures:
        group = figure["group"]
        key = keys[0].value if keys else ""
        value = group.get(key, "")
        figure = {
            **figure,
            "label": labels.get(key, {}).get(value, value),
            "shown": _shown(figure["id"], figure["value"]),
        }
        tables[figure["id"]].append(figure)
    per_solution = [
        (s, s.adoptions.count(), s.adoptions.filter(organisation__kind="municipality").count())
        for s in Solution.objects.published().select_related("supplier")
    ]
    context = {
        "by": keys[0].value if keys else "",
        "groupings": [
            ("year", _("By year")),
            ("county", _("By county")),
            ("municipality_size", _("By municipality size")),
            ("solution", _("By solution")),
        ],
        "tables": [(i, TITLES[spreading.Indicator(i)], rows) for i, rows in tables.items()],
        "per_solution": per_solution,
        "adoptions": Adoption.objects.filter(solution__status="verified").count(),
    }
    return render(request, "solutions/spreading.html", context)


def _csv(figures: list[dict[str, Any]], keys: tuple[spreading.GroupKey, ...]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="spreading-indicators.csv"'
    writer = csv.writer(response)
    writer.writerow(["indicator", *(k.value for k in keys), "numerator", "denominator", "value"])
    for f in figures:
        value = "" if f["value"] is None else f"{f['value']:.6g}"
        writer.writerow(
            [f["id"], *(f["group"][k.value] for k in keys), f["numerator"], f["denominator"], value]
        )
    return response

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kjopekraft.accounts import actions, predicates, throttle
from kjopekraft.accounts.decorators import role_required
from kjopekraft.accounts.forms import (
    DeleteAccountForm,
    MembershipRequestForm,
    SignInForm,
    SignUpForm,
)
from kjopekraft.accounts.models import Membership, Role
from kjopekraft.accounts.personal_data import collect


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, limited per address and per e-mail so it cannot be used to flood inboxes."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        limit = settings.PASSWORD_RESET_LIMIT
        address = self.request.META.get("REMOTE_ADDR", "")
        email = str(form.cleaned_data["email"]).lower()
        if not (
            throttle.hit("reset-ip", address, limit=limit * 4, window_seconds=3600)
            and throttle.hit("reset-email", email, limit=limit, window_seconds=3600)
        ):
            form.add_error(None, _("Too many requests. Please wait an hour and try again."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = actions.sign_up(
                email=data["email"],
                password=data["password1"],
                full_name=data["full_name"],
                role=data["role"],
                number=data["orgnr"],
                organisation_name=data["organisation_name"],
            )
        except actions.MembershipError as exc:
            form.add_error("orgnr", str(exc))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if data["role"] == Role.BUYER:
                messages.info(
                    request,
                    _("Welcome! An adviser will approve your buyer role; you will get an e-mail."),
                )
            else:
                messages.success(request, _("Welcome to Kjøpekraft!"))
            return redirect("accounts:profile")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("organisation").order_by("created")
    return render(request, "accounts/profile.html", {"memberships": memberships})


@login_required
def request_membership(request: HttpRequest) -> HttpResponse:
    form = MembershipRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.request_membership(
                request.user,
                role=form.cleaned_data["role"],
                number=form.cleaned_data["orgnr"],
                name=form.cleaned_data["organisation_name"],
            )
        except actions.MembershipError as exc:
            form.add_error("orgnr", str(exc))
        else:
            messages.success(request, _("Your request is registered."))
            return redirect("accounts:profile")
    return render(request, "accounts/membership_request.html", {"form": form})


@login_required
def download_data(request: HttpRequest) -> HttpResponse:
    body = json.dumps(collect(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kjopekraft-mine-data.json"'
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.delete_account(request.user)
        messages.success(request, _("Your account and your data are deleted."))
        return redirect("core:home")
    return render(request, "accounts/delete.html", {"form": form})


@role_required(predicates.is_adviser)
def pending_memberships(request: HttpRequest) -> HttpResponse:
    pending = (
        Membership.objects.pending()
        .exclude(role=Role.ADVISER)
        .select_related("user", "organisation")
        .order_by("created")
    )
    return render(request, "accounts/pending_memberships.html", {"pending": pending})


@require_POST
@role_required(predicates.is_adviser)
def decide_membership(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.pending(), pk=pk)
    if not predicates.can_decide_membership(request.user, membership):
        messages.error(request, _("You cannot decide this membership."))
        return redirect("accounts:pending_memberships")
    decision = request.POST.get("decision")
    if decision in {"approve", "reject"}:
        actions.decide_membership(
            membership,
            by=request.user,
            approve=decision == "approve",
            comment=request.POST.get("comment", "")[:2000],
        )
        done = (
            _("%(person)s is approved.") if decision == "approve" else _("%(person)s is rejected.")
        )
        messages.success(request, done % {"person": membership.user})
    else:
        messages.error(request, _("Choose approve or reject."))
    return redirect("accounts:pending_memberships")

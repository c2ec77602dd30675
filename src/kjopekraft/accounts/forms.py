from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kjopekraft.accounts.models import Role, User
from kjopekraft.organisations import orgnr


class OrgnrField(forms.CharField):
    """A 9-digit organisasjonsnummer, normalised and checked with MOD11."""

    default_error_messages = {
        "invalid": _("Enter a valid 9-digit organisation number (%(reason)s)."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if not value:
            return ""
        try:
            return orgnr.validate(value)
        except orgnr.InvalidOrgnr as exc:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"reason": exc.reason}
            ) from exc


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class SignUpForm(forms.Form):
    ROLE_CHOICES = [
        (Role.SUPPLIER, _("Supplier: I represent a company, startup or social enterprise")),
        (Role.BUYER, _("Buyer: I work for a public body (an adviser approves this)")),
    ]

    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    role = forms.ChoiceField(
        label=_("I sign up as"), choices=ROLE_CHOICES, widget=forms.RadioSelect
    )
    orgnr = OrgnrField(
        label=_("Organisation number"),
        help_text=_(
            "The 9-digit number from the Central Coordinating Register for Legal Entities."
        ),
    )
    organisation_name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=300,
        required=False,
        help_text=_("Needed only if the organisation is new to Kjøpekraft."),
    )

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail address already exists."), code="duplicate"
            )
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            candidate = User(email=data.get("email", ""), full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class MembershipRequestForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=SignUpForm.ROLE_CHOICES, widget=forms.RadioSelect
    )
    orgnr = OrgnrField(label=_("Organisation number"))
    organisation_name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=300,
        required=False,
        help_text=_("Needed only if the organisation is new to Kjøpekraft."),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kjopekraft.instruments import advisor, answer
from kjopekraft.instruments.models import Audience, Phase

YES_NO = [("yes", _("Yes")), ("no", _("No")), ("", _("Don't know"))]


def _yes_no(label: Any, help_text: Any = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )


class AdviceForm(forms.Form):
    """The advisor's questions; the rules in ``advisor.py`` decide what a valid answer is."""

    buyer_kind = forms.ChoiceField(
        label=_("Who is buying?"),
        choices=[
            ("state", _("A central government body")),
            ("other", _("Another public buyer, such as a municipality or a county")),
            ("utility", _("A utility in water, energy, transport or postal services")),
        ],
        widget=forms.RadioSelect,
    )
    type = forms.ChoiceField(
        label=_("What is bought?"),
        choices=[
            ("goods", _("Goods")),
            ("services", _("Services")),
            ("works", _("Building and construction works")),
        ],
        widget=forms.RadioSelect,
    )
    value = forms.CharField(
        label=_("Estimated value in NOK, excluding VAT"),
        help_text=_("The whole contract, options and extensions included."),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    date = forms.CharField(
        label=_("Date of the procurement"),
        help_text=_("Leave it empty for today."),
        required=False,
        max_length=10,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    exists_on_market = _yes_no(_("Does the market already have a solution that meets the need?"))
    needs_development = _yes_no(_("Must a solution be adapted or developed to meet the need?"))
    can_specify = _yes_no(_("Can you specify the need precisely in advance?"))
    mainly_rnd = _yes_no(_("Is the contract mainly research and development?"))
    buyer_keeps_benefit = _yes_no(
        _("Will the buyer keep all the benefit of the research and development?"),
        _("For example the rights to the results, for use in its own business only."),
    )

    question: advisor.Question | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        raw = {name: cleaned.get(name, "") for name in advisor.FIELDS}
        try:
            self.question = answer.read_question(raw)
        except advisor.InvalidQuestion as exc:
            for name, messages in exc.messages(gettext).items():
                for message in messages:
                    self.add_error(name, message)
        return cleaned


class InstrumentFilterForm(forms.Form):
    """Narrow the catalogue to a phase and a role; the page works as a plain GET form."""

    phase = forms.ChoiceField(
        label=_("Phase"),
        required=False,
        choices=[("", _("All phases")), *Phase.Code.choices],
    )
    role = forms.ChoiceField(
        label=_("For"),
        required=False,
        choices=[
            ("", _("Everyone")),
            (Audience.BUYER, _("Buyers")),
            (Audience.SUPPLIER, _("Suppliers")),
        ],
    )

    def filters(self) -> tuple[str, str]:
        """The chosen phase and role, or empty strings for a missing or invalid choice."""
        if not self.is_bound or not self.is_valid():
            return "", ""
        return self.cleaned_data.get("phase", ""), self.cleaned_data.get("role", "")

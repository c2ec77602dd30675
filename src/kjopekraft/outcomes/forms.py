from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django import forms
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kjopekraft.accounts.forms import OrgnrField
from kjopekraft.outcomes.models import EffectContract, OutcomeIndicator


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ContractForm(forms.ModelForm):  # type: ignore[type-arg]
    """The contract's terms; the parties by organisasjonsnummer, each checked with MOD11."""

    commissioner_orgnr = OrgnrField(
        label=_("Commissioning buyer's organisation number"),
        help_text=_("A public body you act for as a buyer."),
    )
    investor_orgnr = OrgnrField(label=_("Investor's organisation number"))
    investor_name = forms.CharField(
        label=_("Investor's name"),
        max_length=300,
        required=False,
        help_text=_("Needed only if the investor is new to Kjøpekraft."),
    )
    provider_orgnr = OrgnrField(label=_("Provider's organisation number"))
    provider_name = forms.CharField(
        label=_("Provider's name"),
        max_length=300,
        required=False,
        help_text=_("Needed only if the provider is new to Kjøpekraft."),
    )

    class Meta:
        model = EffectContract
        fields = [
            "title",
            "measure",
            "funded_from",
            "funded_until",
            "investment",
            "repayment_percent",
            "partial",
            "rounding",
            "payment_days",
            "reporting_days",
            "late_evidence",
            "takeover",
        ]
        widgets = {
            "measure": forms.Textarea(attrs={"rows": 4}),
            "takeover": forms.Textarea(attrs={"rows": 2}),
            "funded_from": DateInput(),
            "funded_until": DateInput(),
            "partial": forms.RadioSelect,
            "rounding": forms.RadioSelect,
            "late_evidence": forms.RadioSelect,
        }

    field_order = ["title", "measure", "commissioner_orgnr", "investor_orgnr", "investor_name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contract = self.instance
        if contract.pk:
            self.fields["commissioner_orgnr"].initial = contract.commissioner.orgnr
            self.fields["investor_orgnr"].initial = contract.investor.orgnr
            self.fields["provider_orgnr"].initial = contract.provider.orgnr

    def _post_clean(self) -> None:
        # The parties are found by the view, and the action validates the whole contract.
        construct_instance(self, self.instance, self._meta.fields)


def parse_dates(text: str) -> list[date]:
    """Dates written as 2025-06-30 or 30.06.2025, separated by spaces, commas or lines."""
    found = []
    for part in re.split(r"[\s,;]+", text.strip()):
        if not part:
            continue
        for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                found.append(datetime.strptime(part, pattern).date())
                break
            except ValueError:
                continue
        else:
            raise forms.ValidationError(
                _("%(value)s is not a date (write 2025-06-30 or 30.06.2025)."),
                params={"value": part},
            )
    return sorted(set(found))


class IndicatorForm(forms.ModelForm):  # type: ignore[type-arg]
    dates = forms.CharField(
        label=_("Measurement dates"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "One or more dates, for example 2025-06-30 2026-06-30. The value measured for the "
            "last date decides the payment."
        ),
    )

    class Meta:
        model = OutcomeIndicator
        fields = ["name", "unit", "baseline", "target", "evidence_source", "weight"]

    field_order = ["name", "unit", "baseline", "target", "dates", "evidence_source", "weight"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["dates"].initial = " ".join(self.instance.measurement_dates)

    def clean_dates(self) -> list[str]:
        days = parse_dates(self.cleaned_data.get("dates") or "")
        if not days:
            raise forms.ValidationError(_("Give at least one measurement date."))
        return [d.isoformat() for d in days]

    def _post_clean(self) -> None:
        self.instance.measurement_dates = self.cleaned_data.get("dates", [])
        # The contract is set by the view; the action validates the whole indicator.
        construct_instance(self, self.instance, self._meta.fields)


class MeasurementForm(forms.Form):
    """A value for one indicator and date that has none yet."""

    slot = forms.ChoiceField(label=_("Indicator and measurement date"))
    value = forms.DecimalField(label=_("Measured value"), max_digits=14, decimal_places=2)
    reported_on = forms.DateField(
        label=_("Evidence received"),
        widget=DateInput(),
        help_text=_("The day the evidence for the value arrived."),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The report or data the value comes from, and where it is."),
    )

    def __init__(self, *args: Any, contract: EffectContract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = {str(i.pk): i for i in contract.indicators.all()}
        measured = {
            (str(i), d)
            for i, d in contract.indicators.values_list(
                "measurements__indicator_id", "measurements__measured_for"
            )
            if d is not None
        }
        self.fields["slot"].choices = [
            (f"{i.pk}|{d.isoformat()}", f"{i.name}: {date_format(d, 'j. F Y')}")
            for i in self.indicators.values()
            for d in i.dates()
            if (str(i.pk), d) not in measured
        ]
        self.fields["reported_on"].initial = timezone.localdate()

    @property
    def has_open_slots(self) -> bool:
        return bool(self.fields["slot"].choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        slot = data.get("slot")
        if slot:
            pk, day = slot.split("|")
            data["indicator"] = self.indicators[pk]
            data["measured_for"] = date.fromisoformat(day)
        return data


class CorrectionForm(forms.Form):
    value = forms.DecimalField(label=_("Corrected value"), max_digits=14, decimal_places=2)
    reported_on = forms.DateField(label=_("Corrected evidence received"), widget=DateInput())
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave empty to keep the evidence of the value corrected."),
    )
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].initial = timezone.localdate()


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate()

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kjopekraft.accounts.forms import OrgnrField
from kjopekraft.organisations.models import Organisation
from kjopekraft.programme.models import Topic
from kjopekraft.solutions.models import (
    Adoption,
    CatalogueEntry,
    CloudService,
    Solution,
)

CPV = re.compile(r"^(\d{8})(-\d)?$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class HttpsURLField(forms.URLField):
    """An address typed without a scheme is taken to be https."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class CatalogueSearchForm(forms.Form):
    """The catalogue's search and filters; every field may be left empty."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    maturity = forms.ChoiceField(label=_("Maturity"), required=False)
    acquisition = forms.ChoiceField(label=_("How to acquire it"), required=False)
    cpv = forms.CharField(
        label=_("CPV code"),
        required=False,
        max_length=10,
        help_text=_("The start of a code: 48 for software, 85 for health and social services."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["topic"].choices = everything + list(Topic.choices)
        self.fields["maturity"].choices = everything + list(Solution.Maturity.choices)
        self.fields["acquisition"].choices = everything + list(Solution.Acquisition.choices)

    def clean_cpv(self) -> str:
        code = str(self.cleaned_data.get("cpv") or "").strip()
        if code and not code.isdigit():
            raise forms.ValidationError(_("A CPV code has only digits."))
        return code


class CloudSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Category"), required=False)
    location = forms.ChoiceField(
        label=_("Data stored and processed in"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["category"].choices = everything + list(CloudService.Category.choices)
        self.fields["location"].choices = [
            ("", _("Anywhere")),
            (CloudService.Location.NORWAY, _("Norway only")),
            (CloudService.Location.EEA, _("Norway or the EEA")),
        ]


class SupplierFields(forms.ModelForm):  # type: ignore[type-arg]
    """The supplier by organisasjonsnummer (checked with MOD11), and the buyer-only fields."""

    supplier_orgnr = OrgnrField(label=_("Supplier's organisation number"))
    supplier_name = forms.CharField(
        label=_("Supplier's name"),
        max_length=300,
        required=False,
        help_text=_("Needed only if the supplier is new to Kjøpekraft."),
    )
    buyer_only = forms.MultipleChoiceField(
        label=_("Visible to signed-in buyers only"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the fields that only signed-in public buyers may see."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model: type[CatalogueEntry] = self._meta.model
        self.fields["buyer_only"].choices = [
            (name, model._meta.get_field(name).verbose_name) for name in model.RESTRICTABLE
        ]
        if self.instance.pk:
            self.fields["supplier_orgnr"].initial = self.instance.supplier.orgnr
            self.fields["buyer_only"].initial = list(self.instance.buyer_only)

    def _post_clean(self) -> None:
        # The supplier is found or registered by the action; skip the model's own check here.
        self.instance.buyer_only = self.cleaned_data.get("buyer_only", [])
        super()._post_clean()


class SolutionForm(SupplierFields):
    cpv = forms.CharField(
        label=_("CPV codes"),
        required=False,
        help_text=_("Separated by spaces or commas, for example 48000000 85311000."),
    )

    class Meta:
        model = Solution
        fields = [
            "title",
            "summary",
            "problem",
            "topic",
            "evidence",
            "maturity",
            "price_model",
            "price_details",
            "rights",
            "rights_details",
            "acquisition",
            "acquisition_details",
            "contact_email",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "price_details": forms.Textarea(attrs={"rows": 2}),
            "rights_details": forms.Textarea(attrs={"rows": 2}),
            "acquisition_details": forms.Textarea(attrs={"rows": 2}),
        }

    field_order = ["supplier_orgnr", "supplier_name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["cpv"].initial = " ".join(self.instance.cpv_list())

    def clean_cpv(self) -> list[str]:
        codes = []
        for part in re.split(r"[\s,;]+", str(self.cleaned_data.get("cpv") or "").strip()):
            if not part:
                continue
            match = CPV.match(part)
            if match is None:
                raise forms.ValidationError(
                    _("%(code)s is not a CPV code (8 digits, and the check digit if you like).")
                    % {"code": part}
                )
            codes.append(match.group(1))
        return codes


class DecisionSolutionForm(SolutionForm):
    """From a programme decision: the supplier is the piloted one, so it is not asked for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["supplier_orgnr"]
        del self.fields["supplier_name"]


class CloudServiceForm(SupplierFields):
    class Meta:
        model = CloudService
        fields = [
            "name",
            "description",
            "category",
            "storage_location",
            "processing_location",
            "certifications",
            "price_model",
            "price_details",
            "website",
            "contact_email",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "price_details": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"website": HttpsURLField}

    field_order = ["supplier_orgnr", "supplier_name"]


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the supplier"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the entry is not verified."),
    )


class BuyerOrganisationField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=Organisation.objects.none(), label=_("Buyer"), empty_label=None, **kwargs
        )


class InterestForm(forms.Form):
    organisation = BuyerOrganisationField()
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you would like to know. The supplier and a reference customer get it."),
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])


class AdoptionForm(forms.ModelForm):  # type: ignore[type-arg]
    organisation = BuyerOrganisationField()

    class Meta:
        model = Adoption
        fields = [
            "organisation",
            "adopted_on",
            "scope",
            "scope_details",
            "route",
            "is_reference",
            "contact_email",
        ]
        widgets = {"adopted_on": DateInput()}

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        self.fields["adopted_on"].initial = timezone.localdate()

    def clean_adopted_on(self) -> Any:
        day = self.cleaned_data["adopted_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("The date it was taken into use cannot be in the future.")
            )
        return day

    def _post_clean(self) -> None:
        # The entry is linked by the action; the model's one-entry rule is checked there.
        pass

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from kjopekraft.accounts.models import User
from kjopekraft.organisations.models import Organisation
from kjopekraft.programme import attachments
from kjopekraft.programme.models import (
    Challenge,
    Criterion,
    Decision,
    EffectMeasurement,
    Milestone,
    Need,
    Proposal,
    Score,
    StatusReport,
    SupplierProfile,
    Topic,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    """A browser date-and-time picker; the time is read as Norwegian time (Europe/Oslo)."""

    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class NeedForm(forms.ModelForm):  # type: ignore[type-arg]
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Buyer"), empty_label=None
    )

    class Meta:
        model = Need
        fields = [
            "organisation",
            "title",
            "topic",
            "problem",
            "affected",
            "current_practice",
            "desired_effect",
            "effect_indicator",
            "effect_unit",
            "effect_baseline",
            "effect_target",
            "budget_min",
            "budget_max",
            "wanted_by",
            "timeline",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 5}),
            "affected": forms.Textarea(attrs={"rows": 3}),
            "current_practice": forms.Textarea(attrs={"rows": 3}),
            "desired_effect": forms.Textarea(attrs={"rows": 3}),
            "wanted_by": DateInput(),
        }

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]
            self.fields["organisation"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("budget_min"), data.get("budget_max")
        if low is not None and high is not None and low > high:
            self.add_error("budget_max", _("The upper end of the budget is below the lower end."))
        return data


class NeedDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept the need")), ("return", _("Return it with comments"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments to the buyer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return the need: say what to change."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", _("Say what the buyer should change."))
        return data


class JointProposalForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the other buyer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MergeForm(forms.Form):
    needs = forms.ModelMultipleChoiceField(
        queryset=Need.objects.none(),
        label=_("Needs to merge"),
        widget=forms.CheckboxSelectMultiple,
    )
    lead = forms.ModelChoiceField(
        queryset=Need.objects.none(),
        label=_("Lead need"),
        help_text=_("Its buyer leads the challenge; the others take part."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        accepted = Need.objects.ready_to_merge().select_related("organisation")
        self.fields["needs"].queryset = accepted
        self.fields["lead"].queryset = accepted
        self.fields["needs"].label_from_instance = lambda n: f"{n.title} – {n.organisation.name}"
        self.fields["lead"].label_from_instance = lambda n: f"{n.title} – {n.organisation.name}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("lead") and data.get("needs") is not None and data["lead"] not in data["needs"]:
            self.add_error("lead", _("The lead need must be one of the needs merged."))
        return data


class ChallengeForm(forms.ModelForm):  # type: ignore[type-arg]
    participating_buyers = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.buyers(),
        required=False,
        label=_("Participating buyers"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Challenge
        fields = [
            "title",
            "topic",
            "problem",
            "desired_effect",
            "effect_indicator",
            "effect_unit",
            "effect_baseline",
            "effect_target",
            "offer",
            "pilot_budget",
            "pilot_months",
            "eligibility",
            "question_deadline",
            "proposal_deadline",
            "procurement_route",
            "route_reasoning",
            "doffin_notice_required",
            "doffin_reference",
            "lead_buyer",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 6}),
            "desired_effect": forms.Textarea(attrs={"rows": 4}),
            "offer": forms.Textarea(attrs={"rows": 3}),
            "eligibility": forms.Textarea(attrs={"rows": 2}),
            "route_reasoning": forms.Textarea(attrs={"rows": 3}),
            "question_deadline": DateTimeInput(),
            "proposal_deadline": DateTimeInput(),
        }
        help_texts = {
            "question_deadline": _("Norwegian time (Europe/Oslo)."),
            "proposal_deadline": _("Norwegian time (Europe/Oslo)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_buyer"].queryset = Organisation.objects.buyers()
        for name in ("question_deadline", "proposal_deadline"):
            self.fields[name].input_formats = [DATETIME_FORMAT]
        if self.instance.pk:
            self.fields["participating_buyers"].initial = list(
                self.instance.participating_buyers.all()
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        questions, proposals = data.get("question_deadline"), data.get("proposal_deadline")
        if questions and proposals and questions > proposals:
            self.add_error("question_deadline", _("Questions must close before proposals do."))
        return data


CriterionFormSet = inlineformset_factory(
    Challenge,
    Criterion,
    fields=["name", "description", "weight", "order"],
    extra=1,
    can_delete=True,
    widgets={"description": forms.Textarea(attrs={"rows": 2})},
)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the challenge cancelled?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Every participant gets the reason."),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The answer is published to everyone; your name and organisation are not."),
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Answer"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )


class SupplierProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    founding_date = forms.DateField(
        label=_("Founding date"),
        required=False,
        widget=DateInput(),
        help_text=_("As registered in the Central Coordinating Register for Legal Entities."),
    )

    class Meta:
        model = SupplierProfile
        fields = ["kind", "founding_date", "employees", "description"]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by content in ``attachments``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        # Empty files, sizes and types are judged in ``attachments``, which names the file.
        if any(not (hasattr(u, "read") and hasattr(u, "name")) for u in uploads):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return list(uploads)


class ProposalForm(forms.ModelForm):  # type: ignore[type-arg]
    files = MultipleFileField(
        label=_("Attachments"),
        help_text=_("Up to %(count)s files of at most 10 MB each: %(types)s.")
        % {"count": attachments.MAX_FILES, "types": attachments.ALLOWED_LABEL},
    )

    class Meta:
        model = Proposal
        fields = ["title", "summary", "approach", "expected_effect", "price"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "approach": forms.Textarea(attrs={"rows": 6}),
            "expected_effect": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, existing_attachments: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.existing_attachments = existing_attachments

    def clean_files(self) -> list[Any]:
        uploads = self.cleaned_data.get("files") or []
        attachments.check_all(uploads, existing=self.existing_attachments)
        return uploads


class EvaluatorForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the evaluator"),
        help_text=_("The person must have an account on Kjøpekraft."),
    )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(_("Nobody with this e-mail address has an account."))
        return user


class DeclarationForm(forms.Form):
    conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with any supplier in this challenge?"),
        choices=[
            ("no", _("No: I have no ties to any supplier that proposed")),
            ("yes", _("Yes: I have ties that may affect my judgement, and step aside")),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    statement = forms.CharField(
        label=_("Declaration"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Ownership, employment, family or close friends in a supplier, or other ties. "
            "The suppliers that proposed are listed above."
        ),
    )


class ScoreForm(forms.Form):
    """One score and justification per criterion of the challenge."""

    def __init__(
        self, *args: Any, criteria: list[Criterion], existing: dict[int, Score], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            current = existing.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("Score for “%(criterion)s” (0–10)") % {"criterion": criterion.name},
                choices=[("", "–")] + [(str(i), str(i)) for i in range(Score.MAX + 1)],
                coerce=int,
                initial=current.value if current else "",
            )
            self.fields[f"justification_{criterion.pk}"] = forms.CharField(
                label=_("Justification for “%(criterion)s”") % {"criterion": criterion.name},
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.justification if current else "",
            )

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (
                self.cleaned_data[f"score_{c.pk}"],
                self.cleaned_data[f"justification_{c.pk}"],
            )
            for c in self.criteria
        }

    def pairs(self) -> list[tuple[Criterion, Any, Any]]:
        return [(c, self[f"score_{c.pk}"], self[f"justification_{c.pk}"]) for c in self.criteria]


class SelectionForm(forms.Form):
    proposals = forms.ModelMultipleChoiceField(
        queryset=Proposal.objects.none(),
        label=_("Selected for the pilot"),
        widget=forms.CheckboxSelectMultiple,
    )
    reasons = forms.CharField(
        label=_("Reasons for the selection"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to every participant, with the names of the selected suppliers."),
    )
    starts = forms.DateField(label=_("Pilot starts"), widget=DateInput())
    ends = forms.DateField(label=_("Pilot ends"), widget=DateInput())

    def __init__(self, *args: Any, challenge: Challenge, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = challenge.proposals.filter(
            status=Proposal.Status.SUBMITTED
        ).select_related("supplier")
        self.fields["proposals"].label_from_instance = lambda p: f"{p.title} – {p.supplier.name}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts") and data.get("ends") and data["ends"] < data["starts"]:
            self.add_error("ends", _("The pilot must end after it starts."))
        return data


class MilestoneForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Milestone
        fields = ["title", "due"]
        widgets = {"due": DateInput()}


class StatusReportForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = StatusReport
        fields = ["health", "text"]
        widgets = {"health": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 3})}


class MeasurementForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = EffectMeasurement
        fields = ["measured_on", "value", "note"]
        widgets = {"measured_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}


class DecisionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Decision
        fields = [
            "outcome",
            "reason",
            "purchase_route",
            "route_reasoning",
            "follow_on_allowed",
            "follow_on_terms",
            "extended_until",
        ]
        widgets = {
            "outcome": forms.RadioSelect,
            "reason": forms.Textarea(attrs={"rows": 4}),
            "route_reasoning": forms.Textarea(attrs={"rows": 2}),
            "follow_on_terms": forms.Textarea(attrs={"rows": 2}),
            "extended_until": DateInput(),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        if outcome == Decision.Outcome.BUY_AND_SCALE and not data.get("purchase_route"):
            self.add_error("purchase_route", _("Choose the route to purchase."))
        if outcome == Decision.Outcome.EXTEND and not data.get("extended_until"):
            self.add_error("extended_until", _("Say until when the pilot is extended."))
        return data


class TopicsForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("Topics you follow"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

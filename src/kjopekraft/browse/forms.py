"""The search form (the words and the filters) and the form that saves a search."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kjopekraft.browse.filters import Filters, Source
from kjopekraft.browse.labels import ProcedureType
from kjopekraft.insight.assessment import Dimension, dimension_label, level_label
from kjopekraft.insight.assessment.evidence import LEVELS
from kjopekraft.notices.models import Notice
from kjopekraft.organisations.models import County

MAX_QUERY = 200
_CPV = re.compile(r"^\d{2,8}$")


def level_choices(dimension: Dimension) -> list[tuple[str, str]]:
    """The levels of a dimension, strongest first, named in the page's language."""
    language = get_language() or "nb"
    return [(level.value, level_label(level, language)) for level in LEVELS[dimension]]


def year_choices() -> list[tuple[str, str]]:
    years = Notice.objects.filter(is_latest=True).dates("publication_date", "year", order="DESC")
    return [(str(d.year), str(d.year)) for d in years]


class SearchForm(forms.Form):
    """Parses a search from a query string (the page, an export link, the command line)."""

    q = forms.CharField(
        label=_("Search words"),
        required=False,
        max_length=MAX_QUERY,
        help_text=_("All words must match; inflected forms count (“anskaffelsene”)."),
    )
    innovation = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    green = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    social = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    year = forms.TypedMultipleChoiceField(
        label=_("Year published"), required=False, coerce=int, widget=forms.SelectMultiple
    )
    buyer = forms.CharField(
        label=_("Buyer"),
        required=False,
        max_length=200,
        help_text=_("A part of the name, or the organisation number."),
    )
    county = forms.MultipleChoiceField(
        label=_("County of the buyer"),
        required=False,
        widget=forms.SelectMultiple,
        help_text=_("Buyers whose municipality is known."),
    )
    cpv = forms.CharField(
        label=_("CPV code"),
        required=False,
        max_length=200,
        help_text=_("A code or its beginning, for example 72 for IT services."),
    )
    procedure = forms.MultipleChoiceField(
        label=_("Procedure"),
        required=False,
        choices=ProcedureType.choices,
        widget=forms.SelectMultiple,
    )
    source = forms.MultipleChoiceField(
        label=_("Source"),
        required=False,
        choices=Source.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language() or "nb"
        for name, dimension in (
            ("innovation", Dimension.INNOVATION),
            ("green", Dimension.GREEN),
            ("social", Dimension.SOCIAL),
        ):
            field = self.fields[name]
            field.label = dimension_label(dimension, language)
            field.choices = level_choices(dimension)  # type: ignore[attr-defined]
        self.fields["year"].choices = year_choices()  # type: ignore[attr-defined]
        self.fields["county"].choices = [  # type: ignore[attr-defined]
            (c.number, c.name) for c in County.objects.order_by("name")
        ]

    def clean_cpv(self) -> list[str]:
        codes = [c for c in re.split(r"[\s,;]+", self.cleaned_data["cpv"]) if c]
        for code in codes:
            if not _CPV.match(code):
                raise forms.ValidationError(
                    _("“%(code)s” is not a CPV code: use 2 to 8 digits."),
                    code="invalid_cpv",
                    params={"code": code[:20]},
                )
        return codes

    def filters(self) -> Filters:
        """The search the form holds; call after ``is_valid()``. Invalid fields count as empty."""
        data = getattr(self, "cleaned_data", {})
        return Filters(
            q=data.get("q", "").strip(),
            innovation=tuple(data.get("innovation", ())),
            green=tuple(data.get("green", ())),
            social=tuple(data.get("social", ())),
            year=tuple(data.get("year", ())),
            buyer=data.get("buyer", "").strip(),
            county=tuple(data.get("county", ())),
            cpv=tuple(data.get("cpv", ())),
            procedure=tuple(data.get("procedure", ())),
            source=tuple(data.get("source", ())),
        )


class SaveSearchForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the search"),
        max_length=200,
        help_text=_("You get an e-mail when new notices match it."),
    )

"""The Insight dashboard: the indicators as charts, each with its table and CSV, at /innsikt/.

Filters are a plain GET form with the parameters of the API (``by``, ``from``, ``to``,
``source``), so a filtered dashboard is a link, and works without JavaScript.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Count, Max, Min, Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from kjopekraft.insight import charts
from kjopekraft.insight.assessment import GreenLevel, InnovationLevel, SocialLevel, level_label
from kjopekraft.insight.indicators import GroupKey, InvalidQuery, Kind, Query, make_query
from kjopekraft.insight.models import IndicatorRollup
from kjopekraft.notices.models import Notice
from kjopekraft.organisations.models import County, Organisation

SHARE_DETAIL = _("%(numerator)s of %(denominator)s")


@dataclass(frozen=True)
class Series:
    indicator: str
    label: Promise | str
    level: str | None = None  # for a level share: the level this series shows


@dataclass(frozen=True)
class Panel:
    """One chart on the dashboard: which figures it shows and how they read."""

    slug: str
    title: Promise
    definition: Promise
    series: tuple[Series, ...]
    kind: Kind = Kind.SHARE
    # How a table cell explains its value, with %(numerator)s and %(denominator)s.
    detail: Promise = SHARE_DETAIL


def _levels(indicator: str, levels: tuple[Any, ...]) -> tuple[Series, ...]:
    return tuple(Series(indicator, "", level.value) for level in levels)


PANELS: tuple[Panel, ...] = (
    Panel(
        "innovation-procedures",
        _("Innovation partnerships and competitive dialogues"),
        _(
            "Share of competitions run as an innovation partnership or a competitive dialogue: "
            "the measure DFØ and the white paper used."
        ),
        (Series("innovation_procedure_share", _("Share of competitions")),),
    ),
    Panel(
        "innovation-levels",
        _("Innovation by assessment, and by keyword"),
        _(
            "Share of competitions at each level of the innovation assessment, which weighs "
            "declared fields, the procedure, market dialogue, the specification and the text, "
            "beside the share whose text merely contains an innovation keyword. Counting "
            "keywords is not enough, as the white paper says: compare the bars."
        ),
        (
            *_levels(
                "innovation_level_share",
                (InnovationLevel.DECLARED, InnovationLevel.PROCEDURAL, InnovationLevel.INDICATIVE),
            ),
            Series("innovation_keyword_share", _("Keyword in the text")),
        ),
    ),
    Panel(
        "market-dialogue",
        _("Market dialogue before the competition"),
        _(
            "Share of competitions preceded by a prior information or pre-market consultation "
            "notice, or whose text describes dialogue with the market."
        ),
        (Series("market_dialogue_share", _("Share of competitions")),),
    ),
    Panel(
        "green",
        _("Climate and environment"),
        _(
            "Share of competitions at each level of the green assessment: declared in the "
            "notice, an environmental award criterion, or environmental requirements in the text."
        ),
        _levels("green_share", (GreenLevel.DECLARED, GreenLevel.CRITERIA, GreenLevel.TEXT)),
    ),
    Panel(
        "social",
        _("Social considerations"),
        _(
            "Share of competitions at each level of the social assessment: declared in the "
            "notice, participation reserved for sheltered workshops or social enterprises, or "
            "social clauses in the text."
        ),
        _levels("social_share", (SocialLevel.DECLARED, SocialLevel.RESERVED, SocialLevel.TEXT)),
    ),
    Panel(
        "tenders",
        _("Tenders received per lot"),
        _(
            "Average number of tenders received per lot, over lots whose result gives the "
            "number; direct awards without competition are left out."
        ),
        (Series("avg_tenders_received", _("Average tenders per lot")),),
        kind=Kind.AVERAGE,
        detail=_("%(numerator)s tenders over %(denominator)s lots"),
    ),
    Panel(
        "single-bid",
        _("Lots with a single tender"),
        _("Share of the same lots that received exactly one tender."),
        (Series("single_bid_share", _("Share of lots")),),
    ),
    Panel(
        "winners",
        _("Who wins: small and young companies"),
        _(
            "Share of lot winners that are small or medium enterprises, of those whose size the "
            "notice gives; and share of winners founded less than five years before the award, "
            "of those whose founding date is known from the register."
        ),
        (
            Series("sme_winner_share", _("Small and medium enterprises")),
            Series("young_winner_share", _("Under five years old")),
        ),
    ),
)
PANELS_BY_SLUG = {panel.slug: panel for panel in PANELS}

KEY_LABELS: dict[str, Promise] = {
    GroupKey.YEAR: _("Year"),
    GroupKey.SOURCE: _("Source"),
    GroupKey.BUYER_KIND: _("Kind of buyer"),
    GroupKey.MUNICIPALITY_SIZE: _("Population of the buyer's municipality"),
    GroupKey.COUNTY: _("County of the buyer"),
    GroupKey.CPV_DIVISION: _("CPV division (what is bought)"),
    GroupKey.PROCEDURE_TYPE: _("Procedure"),
    GroupKey.VALUE_BAND: _("Estimated value"),
}
SOURCE_LABELS = {"doffin": "Doffin", "ted": "TED"}
SIZE_LABELS: dict[str, Promise] = {
    "under-5k": _("Under 5,000 inhabitants"),
    "5k-20k": _("5,000–19,999 inhabitants"),
    "20k-100k": _("20,000–99,999 inhabitants"),
    "100k-plus": _("100,000 inhabitants or more"),
}
VALUE_BAND_LABELS: dict[str, Promise] = {
    "under-100k": _("Under NOK 100,000"),
    "100k-1.3m": _("NOK 100,000 to 1.3 million"),
    "1.3m-2.3m": _("NOK 1.3 to 2.3 million"),
    "2.3m-57.8m": _("NOK 2.3 to 57.8 million"),
    "57.8m-plus": _("NOK 57.8 million or more"),
}
PROCEDURE_LABELS: dict[str, Promise] = {
    "open": _("Open procedure"),
    "restricted": _("Restricted procedure"),
    "neg-w-call": _("Negotiated with a call for competition"),
    "neg-wo-call": _("Negotiated without a call for competition"),
    "comp-dial": _("Competitive dialogue"),
    "innovation": _("Innovation partnership"),
    "comp-tend": _("Competitive tendering (concessions)"),
    "oth-single": _("Other single-stage procedure"),
    "oth-mult": _("Other multiple-stage procedure"),
}
SPECIAL_LABELS: dict[str, Promise] = {
    "unknown": _("Unknown"),
    "abroad": _("Outside Norway"),
}


class DashboardForm(forms.Form):
    """The filters, named as the API's query parameters."""

    def __init__(self, data: Any, years: list[int]) -> None:
        super().__init__(data)
        year_choices = [("", "–"), *((str(y), str(y)) for y in years)]
        self.fields["by"] = forms.ChoiceField(
            label=_("Break down by"),
            required=False,
            choices=[("", _("Nothing: all procedures")), *KEY_LABELS.items()],
        )
        self.fields["from"] = forms.ChoiceField(
            label=_("From year"), required=False, choices=year_choices
        )
        self.fields["to"] = forms.ChoiceField(
            label=_("To year"), required=False, choices=year_choices
        )
        self.fields["source"] = forms.ChoiceField(
            label=_("Source"),
            required=False,
            choices=[("", _("Doffin and TED")), *SOURCE_LABELS.items()],
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            self.query = make_query(
                [data.get("by") or ""], data.get("from"), data.get("to"), data.get("source")
            )
        except InvalidQuery as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return data


def dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardForm(request.GET or None, years=_years())
    query = Query()
    if form.is_bound:
        if not form.is_valid():
            return render(
                request,
                "insight/dashboard.html",
                {"form": form, "coverage": _coverage()},
                status=400,
            )
        query = form.query
    panels = _panels(query) if IndicatorRollup.objects.exists() else []
    return render(
        request,
        "insight/dashboard.html",
        {
            "form": form,
            "panels": panels,
            "coverage": _coverage(),
            "by_label": KEY_LABELS.get(query.by[0]) if query.by else None,
            "params": request.GET.urlencode(),
        },
    )


def panel_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """One chart's figures as CSV, for the same filters as the page."""
    panel = PANELS_BY_SLUG.get(slug)
    if panel is None:
        raise Http404
    form = DashboardForm(request.GET, years=_years())
    if not form.is_valid():
        errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    query = form.query
    key = query.by[0].value if query.by else None
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="kjopekraft-{slug}{"-by-" + key if key else ""}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["indicator", *([key] if key else []), "level", *FIGURE_COLUMNS])
    for figure in _figures(query):
        for series in panel.series:
            if figure["id"] == series.indicator and figure["group"].get("level") == series.level:
                group = [figure["group"][key]] if key else []
                writer.writerow(
                    [figure["id"], *group, series.level or "", *(figure[c] for c in FIGURE_COLUMNS)]
                )
    return response


FIGURE_COLUMNS = ("numerator", "denominator", "value")


def _figures(query: Query) -> list[dict[str, Any]]:
    """The figures with the level shares split by level, which the level series need."""
    with_level = Query((*query.by, GroupKey.LEVEL), query.year_from, query.year_to, query.source)
    return IndicatorRollup.objects.figures(with_level)


def _years() -> list[int]:
    return sorted(
        IndicatorRollup.objects.filter(key="", year__isnull=False)
        .values_list("year", flat=True)
        .distinct()
    )


def _panels(query: Query) -> list[dict[str, Any]]:
    key = query.by[0] if query.by else None
    found: dict[tuple[str, Any, str | None], dict[str, Any]] = {}
    categories: list[Any] = []
    for figure in _figures(query):
        value = figure["group"].get(key.value) if key else None
        if value not in categories:
            categories.append(value)
        found[(figure["id"], value, figure["group"].get("level"))] = figure
    if not found:
        return []
    labels = [_group_label(key, value) for value in categories]
    return [_panel(panel, categories, labels, found) for panel in PANELS]


def _panel(
    panel: Panel,
    categories: list[Any],
    labels: list[str],
    found: dict[tuple[str, Any, str | None], dict[str, Any]],
) -> dict[str, Any]:
    show = _percent if panel.kind is Kind.SHARE else _average
    series_labels = [_series_label(series) for series in panel.series]
    values: list[list[float | None]] = []
    rows = []
    for category, label in zip(categories, labels, strict=True):
        figures = [found.get((s.indicator, category, s.level)) for s in panel.series]
        values.append([f["value"] if f else None for f in figures])
        rows.append(
            {
                "label": label,
                "cells": [
                    {
                        "value": show(f["value"] if f else None),
                        "detail": panel.detail
                        % {
                            "numerator": _count(f["numerator"] if f else 0),
                            "denominator": _count(f["denominator"] if f else 0),
                        },
                    }
                    for f in figures
                ],
            }
        )
    maximum = None
    if panel.kind is Kind.SHARE:
        largest = max((v for row in values for v in row if v is not None), default=0.0)
        maximum = min(1.0, charts.nice_maximum(largest))
    return {
        "slug": panel.slug,
        "title": panel.title,
        "definition": panel.definition,
        "series": series_labels,
        "chart": charts.bar_chart(labels, values, show, maximum=maximum),
        "summary": _summary(labels, values, series_labels, show),
        "rows": rows,
    }


def _series_label(series: Series) -> str:
    if series.level is None:
        return str(series.label)
    dimension = {
        "innovation_level_share": InnovationLevel,
        "green_share": GreenLevel,
        "social_share": SocialLevel,
    }[series.indicator]
    return level_label(dimension(series.level), get_language() or "nb")


def _summary(
    labels: list[str],
    values: list[list[float | None]],
    series: list[str],
    show: Callable[[float | None], str],
) -> str:
    """The chart in words: its extremes when it has one series, else what its bars are."""
    if len(series) == 1:
        known = [
            (row[0], label) for label, row in zip(labels, values, strict=True) if row[0] is not None
        ]
        if len(known) >= 2:
            high, low = max(known, key=lambda k: k[0]), min(known, key=lambda k: k[0])
            return gettext(
                "Bar chart. Highest: %(high_label)s, %(high)s. Lowest: %(low_label)s, %(low)s. "
                "The table gives every figure."
            ) % {
                "high_label": high[1],
                "high": show(high[0]),
                "low_label": low[1],
                "low": show(low[0]),
            }
        if len(known) == 1:
            return gettext("Bar chart. %(label)s: %(value)s.") % {
                "label": known[0][1],
                "value": show(known[0][0]),
            }
        return gettext("Bar chart with no figures.")
    return gettext(
        "Bar chart with one bar for each of %(series)s in every group. The table gives every "
        "figure."
    ) % {"series": ", ".join(series)}


def _group_label(key: GroupKey | None, value: Any) -> str:
    if key is None:
        return gettext("All procedures")
    if key is GroupKey.YEAR:
        return str(value) if value is not None else gettext("Year unknown")
    if value in SPECIAL_LABELS:
        return str(SPECIAL_LABELS[value])
    if key is GroupKey.SOURCE:
        return SOURCE_LABELS.get(value, value)
    if key is GroupKey.BUYER_KIND:
        return str(Organisation.Kind(value).label) if value in Organisation.Kind else value
    if key is GroupKey.MUNICIPALITY_SIZE:
        return str(SIZE_LABELS.get(value, value))
    if key is GroupKey.COUNTY:
        return _county_names().get(value, value)
    if key is GroupKey.CPV_DIVISION:
        return f"CPV {value}"
    if key is GroupKey.PROCEDURE_TYPE:
        return str(PROCEDURE_LABELS.get(value, value))
    if key is GroupKey.VALUE_BAND:
        return str(VALUE_BAND_LABELS.get(value, value))
    return str(value)


def _county_names() -> dict[str, str]:
    return dict(County.objects.values_list("number", "name"))


def _percent(value: float | None) -> str:
    if value is None:
        return "–"
    return formats.number_format(value * 100, 1, use_l10n=True) + "\u00a0%"


def _average(value: float | None) -> str:
    if value is None:
        return "–"
    return formats.number_format(value, 1, use_l10n=True)


def _count(value: int) -> str:
    return formats.number_format(value, 0, use_l10n=True, force_grouping=True)


def _coverage() -> dict[str, Any]:
    """What the figures rest on: procedures and notices per source, years, the legacy sample."""
    sources = {
        row["source"]: row
        for row in IndicatorRollup.objects.filter(key="")
        .values("source")
        .annotate(
            procedures=Sum("procedures"),
            competitions=Sum("competitions"),
            first=Min("year"),
            last=Max("year"),
        )
        .order_by()
    }
    notices = {
        (row["source"], row["format"]): row["count"]
        for row in Notice.objects.latest_versions()
        .values("source", "format")
        .annotate(count=Count("pk"))
        .order_by()
    }
    abroad = IndicatorRollup.objects.filter(key=GroupKey.COUNTY.value, value="abroad").aggregate(
        n=Sum("procedures")
    )["n"]
    years = [y for row in sources.values() for y in (row["first"], row["last"]) if y]
    return {
        "procedures": _count(sum(row["procedures"] for row in sources.values())),
        "competitions": _count(sum(row["competitions"] for row in sources.values())),
        "doffin": _count(sum(n for (source, _f), n in notices.items() if source == "doffin")),
        "ted": _count(sum(n for (source, _f), n in notices.items() if source == "ted")),
        "legacy": notices.get(("ted", "ted-xml"), 0),
        "legacy_text": _count(notices.get(("ted", "ted-xml"), 0)),
        "abroad": _count(abroad or 0),
        "first": min(years, default=None),
        "last": max(years, default=None),
        "empty": not sources,
    }

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from kjopekraft.instruments import advisor, answer
from kjopekraft.instruments.forms import AdviceForm, InstrumentFilterForm
from kjopekraft.instruments.models import Instrument, Phase

PROCEDURE_LABELS = {
    advisor.Procedure.OPEN: _("Open procedure"),
    advisor.Procedure.RESTRICTED: _("Restricted procedure"),
    advisor.Procedure.NEG_W_CALL: _("Competitive procedure with negotiation"),
    advisor.Procedure.COMP_DIAL: _("Competitive dialogue"),
    advisor.Procedure.INNOVATION: _("Innovation partnership"),
    advisor.Procedure.PCP: _("Pre-commercial procurement (R&D exemption)"),
    advisor.Procedure.DIRECT: _("Direct purchase"),
}
STATUS_LABELS = {
    advisor.Status.ALLOWED: _("Allowed"),
    advisor.Status.CONDITIONAL: _("Conditional"),
    advisor.Status.NOT_ALLOWED: _("Not allowed"),
}
REGIME_LABELS = {
    advisor.Regime.BELOW_PART_I: _("Below the lower limit: the procurement rules do not apply"),
    advisor.Regime.PART_I: _("Public procurement regulation, part I"),
    advisor.Regime.PART_II: _("Public procurement regulation, parts I and II"),
    advisor.Regime.PART_III: _("Public procurement regulation, parts I and III"),
    advisor.Regime.FOS_BELOW_EEA: _("Utilities regulation, below the EEA threshold"),
    advisor.Regime.FOS_ABOVE_EEA: _("Utilities regulation, at or above the EEA threshold"),
}
THRESHOLD_LABELS = {
    "part_i": _("Lower limit of the rules"),
    "national": _("National threshold"),
    "eea_state_goods_services": _("EEA threshold, central government goods and services"),
    "eea_other_goods_services": _("EEA threshold, other public buyers' goods and services"),
    "eea_works": _("EEA threshold, building and construction works"),
    "fos_goods_services": _("Utilities' EEA threshold, goods and services"),
    "fos_works": _("Utilities' EEA threshold, building and construction works"),
}


def _phases() -> list[Phase]:
    return list(Phase.objects.all())


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The catalogue, narrowed by phase and role."""
    form = InstrumentFilterForm(request.GET or None)
    phase, role = form.filters()
    instruments = Instrument.objects.for_role(role).in_phase(phase).prefetch_related("phases")
    return render(
        request,
        "instruments/index.html",
        {"form": form, "instruments": instruments, "phase": phase, "role": role},
    )


@require_GET
def matrix(request: HttpRequest) -> HttpResponse:
    """Who does what: the instruments by phase, as in figure 11.3 of the white paper."""
    form = InstrumentFilterForm(request.GET or None)
    highlight, role = form.filters()
    phases = _phases()
    instruments = Instrument.objects.for_role(role).prefetch_related("phases")
    rows = []
    for instrument in instruments:
        codes = instrument.phase_codes()
        cells = [{"code": phase.code, "applies": phase.code in codes} for phase in phases]
        rows.append({"instrument": instrument, "cells": cells})
    return render(
        request,
        "instruments/matrix.html",
        {
            "form": form,
            "phases": phases,
            "rows": rows,
            "highlight": highlight,
            "highlight_label": Phase.Code(highlight).label if highlight else "",
            "role": role,
        },
    )


@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    instrument = get_object_or_404(
        Instrument.objects.prefetch_related("phases", "conditions"), code=code
    )
    return render(request, "instruments/detail.html", {"instrument": instrument})


def _display(document: dict[str, Any]) -> dict[str, Any]:
    """The answer with the labels the page shows next to the codes."""
    threshold = document["threshold"]
    return {
        **document,
        "regime_label": REGIME_LABELS[advisor.Regime(document["regime"])],
        "threshold_rows": [
            {
                "key": key,
                "label": THRESHOLD_LABELS.get(key, key),
                "value": value,
                "applied": key == threshold["applied"],
            }
            for key, value in threshold["values"].items()
        ],
        "procedure_rows": [
            {
                **p,
                "label": PROCEDURE_LABELS[advisor.Procedure(p["code"])],
                "status_label": STATUS_LABELS[advisor.Status(p["status"])],
            }
            for p in document["procedures"]
        ],
    }


@require_GET
def advisor_page(request: HttpRequest) -> HttpResponse:
    """The procedure advisor: a GET form, answered on the server."""
    asked = any(name in request.GET for name in advisor.FIELDS)
    form = AdviceForm(request.GET if asked else None)
    result = None
    if asked and form.is_valid() and form.question is not None:
        language = translation.get_language() or "nb"
        result = _display(answer.advice_document(form.question, language=language))
    return render(request, "instruments/advisor.html", {"form": form, "answer": result})

"""The link to the instruments app: the procedure advisor and the instruments that fit a phase.

The programme stores a procurement route as an eForms procedure code
(:class:`~kjopekraft.programme.models.ProcedureRoute`). The advice on which route fits, and the
catalogue of support instruments, belong to the instruments app; these two functions are the
only places the programme asks it, and they answer ``None`` or nothing when that app is not
installed or fails, so the programme works on its own.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from typing import Any

from django.apps import apps

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RouteAdvice:
    route: str  # a ProcedureRoute value
    reasoning: str
    legal_basis: str = ""


@dataclass(frozen=True)
class FittingInstrument:
    name: str
    summary: str
    url: str = ""


def _instruments_module(name: str) -> Any:
    if not apps.is_installed("kjopekraft.instruments"):
        return None
    try:
        return importlib.import_module(f"kjopekraft.instruments.{name}")
    except ImportError:
        return None


# Preferred routes, best first: for a challenge (something new is developed and tried), and for
# the purchase after a pilot (the solution now exists).
CHALLENGE_PREFERENCE = ("innovation", "pcp", "comp-dial", "neg-w-call", "restricted", "open")
PURCHASE_PREFERENCE = ("neg-w-call", "open", "restricted", "comp-dial", "innovation")
ROUTE_CODES = {"open", "restricted", "neg-w-call", "comp-dial", "innovation", "pcp"}

# The journey's phases and the instrument catalogue's phases.
CATALOGUE_PHASES = {
    "need": ("need",),
    "joint": ("need", "dialogue"),
    "challenge": ("dialogue", "competition"),
    "dialogue": ("dialogue", "competition"),
    "evaluation": ("competition",),
    "pilot": ("development",),
    "decision": ("purchase", "implementation", "spreading"),
}


def advise_route(
    *, estimated_value: int | None, buyer_kind: str, develops_new: bool
) -> RouteAdvice | None:
    """INSTRUMENTS ADVISOR HOOK: the procedure advisor's best route for a challenge, if any.

    Asks ``kjopekraft.instruments.advisor.advise`` about a service purchase of the given value
    today, either of something to be developed (a challenge) or of something that now exists
    (the purchase after a pilot), and returns the first allowed or conditional procedure in
    the order of preference above, with the advisor's reasons and legal basis. Without a value,
    or without the advisor, the adviser chooses by hand.
    """
    advisor = _instruments_module("advisor")
    if advisor is None or not estimated_value:
        return None
    from decimal import Decimal

    from django.utils import timezone
    from django.utils.translation import gettext

    try:
        question = advisor.Question(
            buyer_kind=advisor.BuyerKind.STATE
            if buyer_kind == "state"
            else advisor.BuyerKind.OTHER,
            purchase=advisor.Purchase.SERVICES,
            value=Decimal(estimated_value),
            day=timezone.localdate(),
            exists_on_market=not develops_new,
            needs_development=develops_new,
            can_specify=not develops_new,
        )
        answer = advisor.advise(question)
    except Exception:  # advice is a help, never a reason for the page to fail
        logger.exception("The procedure advisor failed")
        return None
    usable = {
        p.code.value: p
        for p in answer.procedures
        if p.code.value in ROUTE_CODES and p.status.value != "not-allowed"
    }
    for code in CHALLENGE_PREFERENCE if develops_new else PURCHASE_PREFERENCE:
        if code in usable:
            chosen = usable[code]
            reasons = " ".join(
                [answer.regime_why.render(gettext), advisor.render_all(chosen.why, gettext)]
            )
            return RouteAdvice(route=code, reasoning=reasons.strip(), legal_basis=chosen.basis)
    return None


def fitting_instruments(phase: str, role: str) -> list[FittingInstrument]:
    """INSTRUMENTS CATALOGUE HOOK: the support instruments for a journey phase and a role."""
    if _instruments_module("models") is None:
        return []
    try:
        from kjopekraft.instruments.models import Instrument

        found = (
            Instrument.objects.active()
            .for_role(role)
            .filter(phases__code__in=CATALOGUE_PHASES.get(phase, ()))
            .distinct()
        )
        return [
            FittingInstrument(name=i.name, summary=i.summary, url=i.get_absolute_url())
            for i in found
        ]
    except Exception:  # as above: the journey page shows without them
        logger.exception("The instruments catalogue failed")
        return []

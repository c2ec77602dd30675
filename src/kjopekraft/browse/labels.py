"""The eForms codes a notice page shows, in plain words.

Codes not listed here are shown as they are: the notice is never hidden because a code is new.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcedureType(models.TextChoices):
    """BT-105, the procedure the buyer uses."""

    OPEN = "open", _("Open procedure")
    RESTRICTED = "restricted", _("Restricted procedure")
    NEGOTIATED_WITH_CALL = "neg-w-call", _("Negotiated procedure with a call for competition")
    NEGOTIATED_WITHOUT_CALL = (
        "neg-wo-call",
        _("Negotiated procedure without a call for competition"),
    )
    COMPETITIVE_DIALOGUE = "comp-dial", _("Competitive dialogue")
    INNOVATION_PARTNERSHIP = "innovation", _("Innovation partnership")
    COMPETITIVE_TENDERING = "comp-tend", _("Competitive tendering (public transport)")
    OTHER_SINGLE = "oth-single", _("Other single-stage procedure")
    OTHER_MULTIPLE = "oth-mult", _("Other multi-stage procedure")


class NoticeType(models.TextChoices):
    """BT-02, the kind of notice, grouped by where it comes in a procedure."""

    PIN_ONLY = "pin-only", _("Prior information notice")
    PIN_BUYER = "pin-buyer", _("Prior information notice (buyer profile)")
    PIN_RTL = "pin-rtl", _("Prior information notice shortening time limits")
    PIN_TRAN = "pin-tran", _("Prior information notice (public transport)")
    PIN_CFC = "pin-cfc-standard", _("Prior information notice used as a call for competition")
    PIN_CFC_SOCIAL = (
        "pin-cfc-social",
        _("Prior information notice used as a call for competition (social services)"),
    )
    PMC = "pmc", _("Pre-market consultation")
    QU_SY = "qu-sy", _("Qualification system")
    CN = "cn-standard", _("Contract notice")
    CN_SOCIAL = "cn-social", _("Contract notice (social services)")
    CN_DESIGN = "cn-desg", _("Design contest notice")
    SUBCO = "subco", _("Subcontracting notice")
    CAN = "can-standard", _("Contract award notice")
    CAN_SOCIAL = "can-social", _("Contract award notice (social services)")
    CAN_DESIGN = "can-desg", _("Design contest result")
    CAN_TRAN = "can-tran", _("Contract award notice (public transport)")
    CAN_MODIF = "can-modif", _("Contract modification notice")
    VEAT = "veat", _("Voluntary ex ante transparency notice")
    CORR = "corr", _("Correction")
    COMPL = "compl", _("Contract completion notice")


class AwardCriterionType(models.TextChoices):
    """BT-539."""

    PRICE = "price", _("Price")
    COST = "cost", _("Cost")
    QUALITY = "quality", _("Quality")


class ResultStatus(models.TextChoices):
    """BT-142, whether a winner was chosen."""

    SELECTED = "selec-w", _("A winner was chosen")
    CLOSED = "clos-nw", _("Closed without a winner")
    OPEN = "open-nw", _("Still open, no winner yet")


def label(choices: type[models.TextChoices], code: str | None) -> str:
    """The plain-language label of a code, or the code itself when it is not known."""
    if not code:
        return ""
    try:
        return str(choices(code).label)
    except ValueError:
        return code

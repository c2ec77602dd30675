"""Innovation: declared, procedural, indicative or none.

- ``declared``: a lot declares procurement of innovation (BT-776, any code) or the strategic
  procurement code ``inn-pur`` (BT-06).
- ``procedural``: the procedure is an innovation partnership or a competitive dialogue (BT-105),
  or the procurement is pre-commercial: the text names pre-commercial procurement or the R&D
  exemption, or an R&D service CPV code (73xxxxxx) comes with development work described in the
  text (research and development, development and testing, prototypes, pilots). A CPV code
  alone is not enough: 73200000 "R&D consultancy" is used for ordinary consultancy.
- ``indicative``: no declaration and no such procedure, but evidence of at least two of these
  independent kinds (one kind alone, however often it occurs, is not enough):
  market dialogue before the competition (a prior information or pre-market consultation notice
  of the procedure, a BT-125 reference to a planning notice, or dialogue described in the
  text); a functional or performance-based specification described in the text; variants
  allowed or required (BT-63); a quality weight of at least :data:`QUALITY_THRESHOLD` percent
  (non-price criteria other than the environmental one, see :mod:`.criteria`); text describing
  new or not yet available solutions.
  At least one of the kinds must say something about the purchase itself (dialogue, functional
  specification, novelty): variants and a quality weight only leave room for better solutions,
  and together they are everyday practice (German works tenders allow "Nebenangebote" and
  weigh quality at 50 % without seeking anything new).
  A notice only to shorten time limits (pin-rtl) or the transport notice of Regulation
  1370/2007 (pin-tran) is not market dialogue: it announces the competition, it does not ask.
- ``none``: otherwise. Negated text ("ingen krav til innovasjon") is shown but not counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from kjopekraft.insight.assessment.criteria import percent, quality_share, weigh
from kjopekraft.insight.assessment.evidence import (
    Dimension,
    DimensionResult,
    Evidence,
    InnovationLevel,
    Kind,
    Signal,
    result,
)
from kjopekraft.insight.assessment.facts import NoticeFacts, cpv_codes, opens_dialogue
from kjopekraft.insight.assessment.phrases import Group
from kjopekraft.insight.assessment.rules_green import environmental_criteria

QUALITY_THRESHOLD = Decimal(50)
CONVERGING_KINDS = 2
SUBSTANTIVE_KINDS = frozenset({Kind.MARKET_DIALOGUE, Kind.FUNCTIONAL_SPECIFICATION, Kind.NOVELTY})
RD_CPV_PREFIX = "73"
VARIANTS_OPEN = frozenset({"allowed", "required"})

# BT-105 codes, and the spellings a legacy TED conversion may use for the same procedures.
INNOVATION_PARTNERSHIP = frozenset({"innovation", "innovation-partnership"})
COMPETITIVE_DIALOGUE = frozenset({"comp-dial", "competitive-dialogue"})

_TEXT_SIGNALS = {
    Group.DIALOGUE: Signal.DIALOGUE_TEXT,
    Group.FUNCTIONAL: Signal.FUNCTIONAL_TEXT,
    Group.NOVELTY: Signal.NOVELTY_TEXT,
    Group.PRE_COMMERCIAL: Signal.PRE_COMMERCIAL,
}


def assess_innovation(facts: Sequence[NoticeFacts]) -> DimensionResult:
    evidence: list[Evidence] = []
    for notice_facts in facts:
        evidence += _declared(notice_facts)
        evidence += _procedural(notice_facts)
        evidence += _indicative(notice_facts)
    counted = [item for item in evidence if item.counted]
    levels = {item.level for item in counted}
    kinds = {item.kind for item in counted if item.kind is not None}
    if InnovationLevel.DECLARED in levels:
        level = InnovationLevel.DECLARED
    elif InnovationLevel.PROCEDURAL in levels:
        level = InnovationLevel.PROCEDURAL
    elif len(kinds) >= CONVERGING_KINDS and kinds & SUBSTANTIVE_KINDS:
        level = InnovationLevel.INDICATIVE
    else:
        level = InnovationLevel.NONE
    return result(Dimension.INNOVATION, evidence, level)


def _declared(facts: NoticeFacts) -> list[Evidence]:
    found = []
    for lot in facts.notice.lots:
        for code in lot.innovative_acquisition:
            if code != "none":
                found.append(
                    Evidence(Signal.INNOVATIVE_ACQUISITION, facts.at("BT-776-Lot", lot), code)
                )
        if "inn-pur" in lot.strategic_procurement:
            found.append(
                Evidence(Signal.STRATEGIC_INNOVATION, facts.at("BT-06-Lot", lot), "inn-pur")
            )
    return found


def _procedural(facts: NoticeFacts) -> list[Evidence]:
    found = []
    procedure = (facts.notice.procedure_type or "").strip().lower().replace("_", "-")
    if procedure in INNOVATION_PARTNERSHIP:
        found.append(
            Evidence(Signal.INNOVATION_PARTNERSHIP, facts.at("BT-105-Procedure"), procedure)
        )
    elif procedure in COMPETITIVE_DIALOGUE:
        found.append(Evidence(Signal.COMPETITIVE_DIALOGUE, facts.at("BT-105-Procedure"), procedure))
    rd_codes = [code for code in cpv_codes(facts.notice) if code.startswith(RD_CPV_PREFIX)]
    if rd_codes:
        for hit in facts.text_hits(Group.RD_WORK):
            if not hit.negated:
                details = (("phrase", hit.phrase),)
                found.append(
                    facts.from_hit(Signal.RD_SERVICES, hit, value=rd_codes[0], details=details)
                )
                break
    return found


def _indicative(facts: NoticeFacts) -> list[Evidence]:
    notice = facts.notice
    found = []
    if opens_dialogue(notice):
        value = notice.notice_type or notice.notice_subtype or notice.form_type or ""
        found.append(Evidence(Signal.PLANNING_NOTICE, facts.at("BT-02-Notice"), value))
    for reference in notice.references:
        if reference.kind == "planning":
            lots = (reference.scope,) if reference.scope else ()
            found.append(
                Evidence(
                    Signal.PLANNING_REFERENCE,
                    facts.at("BT-125(i)-Lot", lots=lots),
                    reference.notice_id,
                )
            )
    for lot in notice.lots:
        if lot.variants in VARIANTS_OPEN:
            found.append(Evidence(Signal.VARIANTS, facts.at("BT-63-Lot", lot), lot.variants))
        share = quality_share(weigh(lot, environmental_criteria(facts, lot)))
        if share is not None and share >= QUALITY_THRESHOLD:
            found.append(
                Evidence(
                    Signal.QUALITY_WEIGHT,
                    facts.at("BT-541-Lot", lot),
                    percent(share),
                    (("share", percent(share)), ("threshold", percent(QUALITY_THRESHOLD))),
                )
            )
    for hit in facts.text_hits(*_TEXT_SIGNALS):
        if hit.negated:
            found.append(facts.from_hit(Signal.NEGATED_INNOVATION, hit))
        else:
            found.append(facts.from_hit(_TEXT_SIGNALS[hit.group], hit))
    # Innovation asked for in an award criterion ("Innovative løsninger 20 %") is novelty text.
    for lot in notice.lots:
        for hit in facts.criterion_hits(lot, Group.NOVELTY):
            signal = Signal.NEGATED_INNOVATION if hit.negated else Signal.NOVELTY_TEXT
            found.append(facts.from_hit(signal, hit))
    return found

"""Green: declared, criteria, text or none.

- ``declared``: BT-06 ``env-imp``, BT-774 (any code), BT-805 other than ``none``, or Doffin's
  FOA § 7-9 award-criterion codes ``quality-nor-env-criteria`` (climate and environment weighed)
  and ``quality-nor-env-spec`` (climate and environment requirements in the specification).
  ``quality-nor-env-none`` and the ``quality-nor-env-exempt-*`` codes say the rule was not
  applied: they are shown, not counted. Nor is a § 7-9 code whose own justification invokes the
  exemption for a negligible footprint (the justification says what the buyer did).
- ``criteria``: an award criterion whose name or description is about the environment. For a
  Norwegian notice its weight is set against the FOA § 7-9 rule in force on the notice's date
  (:mod:`.climate_rule`); the evidence says whether the lot meets the minimum.
- ``text``: environmental aims or requirements in the text (not negated). A notice that states
  the § 7-9 exemption (negligible climate footprint) has told us its environmental wording is
  context, so that notice's text is not counted.
- ``none``: otherwise. Absence of the declared fields is not a declared "none".
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from kjopekraft.insight.assessment.climate_rule import rule_on
from kjopekraft.insight.assessment.criteria import (
    NOR_ENV_PREFIX,
    WeightedCriterion,
    environmental_share,
    is_price,
    percent,
    weigh,
)
from kjopekraft.insight.assessment.evidence import (
    Dimension,
    DimensionResult,
    Evidence,
    GreenLevel,
    Signal,
    result,
)
from kjopekraft.insight.assessment.facts import NoticeFacts
from kjopekraft.insight.assessment.phrases import Group
from kjopekraft.insight.assessment.text import CRITERION_DESCRIPTION, CRITERION_NAME, TextHit
from kjopekraft.notices.model import Lot

NOR_ENV_CRITERIA = "quality-nor-env-criteria"
NOR_ENV_SPEC = "quality-nor-env-spec"
NOR_ENV_GREEN = frozenset({NOR_ENV_CRITERIA, NOR_ENV_SPEC})
EXEMPTIONS = frozenset({Signal.NOR_ENV_EXEMPT, Signal.NOR_ENV_EXEMPT_TEXT})


def assess_green(facts: Sequence[NoticeFacts]) -> DimensionResult:
    evidence: list[Evidence] = []
    for notice_facts in facts:
        evidence += _green(notice_facts)
    counted = {item.level for item in evidence if item.counted}
    level = next((level for level in GreenLevel if level in counted), GreenLevel.NONE)
    return result(Dimension.GREEN, evidence, level)


def environmental_criteria(facts: NoticeFacts, lot: Lot) -> set[int]:
    """Indexes of the lot's award criteria about the environment (price criteria excluded:
    their text is often the shared description of every criterion)."""
    indexes = {
        hit.criterion
        for hit in facts.criterion_hits(lot, Group.GREEN, Group.ENV_TERM)
        if not hit.negated and hit.criterion is not None
    }
    return {i for i in indexes if not is_price(lot.award_criteria[i])}


def _green(facts: NoticeFacts) -> list[Evidence]:
    found: list[Evidence] = []
    exemptions = [hit for hit in facts.hits if hit.group == Group.GREEN_EXEMPT and not hit.negated]
    for lot in facts.notice.lots:
        if "env-imp" in lot.strategic_procurement:
            found.append(Evidence(Signal.STRATEGIC_GREEN, facts.at("BT-06-Lot", lot), "env-imp"))
        for code in lot.environmental_impact:
            if code != "none":
                found.append(
                    Evidence(Signal.ENVIRONMENTAL_IMPACT, facts.at("BT-774-Lot", lot), code)
                )
        for code in lot.green_criteria:
            if code != "none":
                found.append(Evidence(Signal.GREEN_CRITERIA, facts.at("BT-805-Lot", lot), code))
        weighted = weigh(lot, environmental_criteria(facts, lot))
        for item in weighted:
            code = item.criterion.type or ""
            justification = (
                _exemption_for(item, lot, exemptions) if code.startswith(NOR_ENV_PREFIX) else None
            )
            if justification is not None:
                # Shown once: with the code it explains, or instead of the code it overrides.
                exemptions.remove(justification)
            if code in NOR_ENV_GREEN and justification is not None:
                details = (("code", code),)
                found.append(
                    facts.from_hit(Signal.NOR_ENV_EXEMPT_TEXT, justification, details=details)
                )
            elif code == NOR_ENV_SPEC:
                found.append(Evidence(Signal.NOR_ENV_SPEC, facts.at("BT-539-Lot", lot), code))
            elif code.startswith(NOR_ENV_PREFIX) and code != NOR_ENV_CRITERIA:
                found.append(Evidence(Signal.NOR_ENV_EXEMPT, facts.at("BT-539-Lot", lot), code))
            elif item.environmental:
                found.append(_criterion(facts, lot, item, weighted))
    found += [facts.from_hit(Signal.NOR_ENV_EXEMPT_TEXT, hit) for hit in exemptions]
    exempt = any(item.signal in EXEMPTIONS for item in found)
    if not exempt:
        for hit in facts.text_hits(Group.GREEN):
            found.append(
                facts.from_hit(Signal.NEGATED_GREEN if hit.negated else Signal.GREEN_TEXT, hit)
            )
    return found


def _exemption_for(
    item: WeightedCriterion, lot: Lot, exemptions: Sequence[TextHit]
) -> TextHit | None:
    """The exemption invoked in a § 7-9 code's own justification, if any. Buyers have coded
    ``quality-nor-env-spec`` and written "unntaksbestemmelsen i FOA § 7-9 (5)" beneath it: the
    justification is read as what the buyer did."""
    return next(
        (hit for hit in exemptions if hit.lot_id == lot.lot_id and hit.criterion == item.index),
        None,
    )


def _criterion(
    facts: NoticeFacts, lot: Lot, item: WeightedCriterion, weighted: Sequence[WeightedCriterion]
) -> Evidence:
    """An environmental award criterion, weighed against FOA § 7-9 for a Norwegian notice."""
    declared = (item.criterion.type or "") == NOR_ENV_CRITERIA
    details: list[tuple[str, str]] = []
    if item.share is not None:
        details.append(("share", percent(item.share)))
    if item.priority is not None:
        details.append(("priority", str(item.priority)))
    rule = rule_on(facts.day) if facts.norwegian else None
    if rule is not None:
        details.append(("rule", rule.starts.isoformat()))
        total = environmental_share(weighted)
        if rule.minimum_share is not None:
            details.append(("minimum", percent(rule.minimum_share)))
            meets = _meets(total, item.priority, rule.minimum_share, rule.top_priority)
            details.append(("meets", meets))
            if total is not None:
                details.append(("total", percent(total)))
    signal = Signal.NOR_ENV_CRITERIA if declared else Signal.ENV_AWARD_CRITERION
    hits = [
        h
        for h in facts.criterion_hits(lot, Group.GREEN, Group.ENV_TERM)
        if h.criterion == item.index
    ]
    if hits and not declared:
        return facts.from_hit(signal, hits[0], details=tuple(sorted(details)))
    field = CRITERION_NAME if item.criterion.name else CRITERION_DESCRIPTION
    if declared:
        field = "BT-539-Lot"
    value = (item.criterion.type or "") if declared else _first(item.criterion.name)
    return Evidence(signal, facts.at(field, lot), value, tuple(sorted(details)))


def _meets(
    total: Decimal | None, priority: int | None, minimum: Decimal, top_priority: int | None
) -> str:
    if total is not None:
        return "yes" if total >= minimum else "no"
    if priority is not None and top_priority is not None:
        return "yes" if priority <= top_priority else "no"
    return "unknown"


def _first(text: dict[str, str]) -> str:
    return next((value for value in text.values() if value), "")

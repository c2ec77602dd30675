"""Social: declared, reserved, text or none.

- ``declared``: BT-06 ``soc-obj`` or BT-775 (any code).
- ``reserved``: participation reserved (BT-71) to sheltered workshops and work-integration
  enterprises (``res-ws``) or to public-service mission organisations (``res-pub-ser``).
- ``text``: a social clause in the text or a social award criterion: work inclusion and social
  return, apprentices, human rights and ethical trade, fair pay and working conditions,
  universal design.
- ``none``: otherwise.

Boilerplate: a clause that repeats what the law requires of every such contract says only that
the law was followed, so it is shown as a statutory clause and not counted.
- Pay and working conditions, minimum wage, collective agreements, social dumping: statutory
  everywhere (article 18(2) of Directive 2014/24/EU; in Norway forskrift om lønns- og
  arbeidsvilkår i offentlige kontrakter; in German states the Tariftreue laws).
- Apprentices: statutory in Norway (forskrift om plikt til å stille krav om bruk av lærlinger,
  for contracts above set values), so a Norwegian notice's apprentice clause is boilerplate.
  Elsewhere (a Danish training clause, a French apprenticeship clause) it is the buyer's choice
  and counts.
Human rights and ethical trade requirements are not required by procurement law and count.
"""

from __future__ import annotations

from collections.abc import Sequence

from kjopekraft.insight.assessment.evidence import (
    Dimension,
    DimensionResult,
    Evidence,
    Signal,
    SocialLevel,
    result,
)
from kjopekraft.insight.assessment.facts import NoticeFacts
from kjopekraft.insight.assessment.phrases import Group

RESERVED_CODES = frozenset({"res-ws", "res-pub-ser"})
SOCIAL_GROUPS = (
    Group.WORK_INCLUSION,
    Group.APPRENTICES,
    Group.FAIR_WORK,
    Group.WAGES,
    Group.UNIVERSAL_DESIGN,
)
# Clauses the law makes standard text: everywhere, and in Norwegian notices.
STATUTORY = frozenset({Group.WAGES})
STATUTORY_IN_NORWAY = frozenset({Group.APPRENTICES, Group.WAGES})

_TEXT_SIGNALS = {
    Group.WORK_INCLUSION: Signal.WORK_INCLUSION,
    Group.APPRENTICES: Signal.APPRENTICES,
    Group.FAIR_WORK: Signal.FAIR_WORK,
    Group.UNIVERSAL_DESIGN: Signal.UNIVERSAL_DESIGN,
}


def assess_social(facts: Sequence[NoticeFacts]) -> DimensionResult:
    evidence: list[Evidence] = []
    for notice_facts in facts:
        evidence += _social(notice_facts)
    counted = {item.level for item in evidence if item.counted}
    level = next((level for level in SocialLevel if level in counted), SocialLevel.NONE)
    return result(Dimension.SOCIAL, evidence, level)


def _social(facts: NoticeFacts) -> list[Evidence]:
    found: list[Evidence] = []
    for lot in facts.notice.lots:
        if "soc-obj" in lot.strategic_procurement:
            found.append(Evidence(Signal.STRATEGIC_SOCIAL, facts.at("BT-06-Lot", lot), "soc-obj"))
        for code in lot.social_objective:
            if code != "none":
                found.append(Evidence(Signal.SOCIAL_OBJECTIVE, facts.at("BT-775-Lot", lot), code))
        for code in lot.reserved_participation:
            if code in RESERVED_CODES:
                found.append(Evidence(Signal.RESERVED, facts.at("BT-71-Lot", lot), code))
        for hit in facts.criterion_hits(lot, *SOCIAL_GROUPS):
            found.append(
                facts.from_hit(_signal(facts, hit.group, hit.negated, criterion=True), hit)
            )
    for hit in facts.text_hits(*SOCIAL_GROUPS):
        found.append(facts.from_hit(_signal(facts, hit.group, hit.negated), hit))
    return found


def _signal(facts: NoticeFacts, group: Group, negated: bool, *, criterion: bool = False) -> Signal:
    if negated:
        return Signal.NEGATED_SOCIAL
    if group in STATUTORY or (facts.norwegian and group in STATUTORY_IN_NORWAY):
        return Signal.STATUTORY_CLAUSE
    if criterion:
        return Signal.SOCIAL_AWARD_CRITERION
    return _TEXT_SIGNALS[group]

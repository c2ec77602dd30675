"""Assess one procedure from its notices: the entry point of the library."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from kjopekraft.insight.assessment.evidence import Assessment
from kjopekraft.insight.assessment.facts import gather, is_planning, newest_versions
from kjopekraft.insight.assessment.rules_green import assess_green
from kjopekraft.insight.assessment.rules_innovation import assess_innovation
from kjopekraft.insight.assessment.rules_social import assess_social
from kjopekraft.notices.model import Notice

# The rule set. Change it whenever a rule, a phrase list or a threshold changes, so that stored
# assessments made by older rules are found and assessed again.
ASSESSMENT_VERSION = "2026.1"


def assess_procedure(notices: Sequence[Notice]) -> Assessment:
    """Assess a procedure over all its notices and lots.

    ``notices`` are the procedure's notices (planning, competition, result, changes), and may
    include linked planning notices of another procedure identifier. Of several versions of a
    notice only the newest is read. The result does not depend on the order of ``notices``.
    """
    if not notices:
        raise ValueError("A procedure has at least one notice.")
    current = newest_versions(notices)
    facts = [gather(notice) for notice in current]
    return Assessment(
        procedure_key=procedure_key(current),
        version=ASSESSMENT_VERSION,
        innovation=assess_innovation(facts),
        green=assess_green(facts),
        social=assess_social(facts),
        notices=tuple(notice.notice_id for notice in current),
    )


def procedure_key(notices: Sequence[Notice]) -> str:
    """The procedure the notices describe: the most common key among the notices that are not
    linked planning notices (a planning notice often has its own procedure identifier)."""
    main = [notice for notice in notices if not is_planning(notice)] or list(notices)
    counts = Counter(notice.procedure_key for notice in main)
    return min(counts, key=lambda key: (-counts[key], key))

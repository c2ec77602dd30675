"""A holistic, explained assessment of innovation, green and social procurement.

Pure Python (no Django), so that the same code assesses one procedure in a web request or a
million in a batch of worker processes::

    from kjopekraft.insight.assessment import assess_procedure, explain

    assessment = assess_procedure(notices)          # all notices of one procedure
    assessment.innovation.level                     # InnovationLevel.INDICATIVE
    for item in assessment.innovation.evidence:
        print(explain(item, "nb"))

The rules are in :mod:`.rules_innovation`, :mod:`.rules_green` and :mod:`.rules_social`, each
described in its docstring; :data:`ASSESSMENT_VERSION` names the rule set so that stored
assessments can be recomputed when it changes. :func:`keyword_hit` is the naive keyword count,
kept only to show the difference.
"""

from kjopekraft.insight.assessment.assess import (
    ASSESSMENT_VERSION,
    assess_procedure,
    procedure_key,
)
from kjopekraft.insight.assessment.evidence import (
    Assessment,
    Dimension,
    DimensionResult,
    Evidence,
    GreenLevel,
    InnovationLevel,
    Kind,
    Level,
    Location,
    Signal,
    SocialLevel,
    strength,
)
from kjopekraft.insight.assessment.explain import (
    dimension_label,
    explain,
    level_label,
)
from kjopekraft.insight.assessment.text import keyword_hit

__all__ = [
    "ASSESSMENT_VERSION",
    "Assessment",
    "Dimension",
    "DimensionResult",
    "Evidence",
    "GreenLevel",
    "InnovationLevel",
    "Kind",
    "Level",
    "Location",
    "Signal",
    "SocialLevel",
    "assess_procedure",
    "dimension_label",
    "explain",
    "keyword_hit",
    "level_label",
    "procedure_key",
    "strength",
]

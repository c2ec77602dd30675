"""The assessment as the notice document and the API show it, with its evidence explained."""

from __future__ import annotations

from typing import Any

from kjopekraft.insight.assessment import Dimension, Evidence, explain
from kjopekraft.insight.models import ProcedureAssessment

LANGUAGES = ("nb", "nn", "en")


def assessment_document(procedure_id: int) -> dict[str, Any] | None:
    """``{"innovation": {"level", "evidence"}, "green": ..., "social": ..., "rule_set": ...}``.

    Each evidence item carries its explanation in bokmål, nynorsk and English. ``None`` when the
    procedure has not been assessed yet.
    """
    row = ProcedureAssessment.objects.filter(procedure_id=procedure_id).first()
    if row is None:
        return None
    document: dict[str, Any] = {"rule_set": row.version}
    for dimension in Dimension:
        part = row.document[dimension.value]
        evidence = []
        for item in part.get("evidence", []):
            parsed = Evidence.from_dict(item)
            evidence.append({**item, "text": {lang: explain(parsed, lang) for lang in LANGUAGES}})
        document[dimension.value] = {"level": part["level"], "evidence": evidence}
    return document

"""Keeping Insight in step with the notices: every ingest re-assesses what it changed, then
rebuilds the indicator facts of the same procedures."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from kjopekraft.notices.signals import notices_stored


@receiver(notices_stored)
def reassess(sender: Any, procedure_ids: list[int], workers: int = 1, **kwargs: Any) -> None:
    from kjopekraft.insight.assessing import assess_procedures
    from kjopekraft.insight.procedure_facts import build_facts

    assess_procedures(procedure_ids, workers=workers)
    # The facts read the assessment, so they are built after it.
    build_facts(procedure_ids)

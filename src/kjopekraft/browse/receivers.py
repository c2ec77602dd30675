"""Keeping the search index in step with the notices: every ingest re-indexes what it changed."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from kjopekraft.notices.signals import notices_stored


@receiver(notices_stored)
def reindex(sender: Any, procedure_ids: list[int], **kwargs: Any) -> None:
    from kjopekraft.browse.search import index_procedures

    index_procedures(procedure_ids)

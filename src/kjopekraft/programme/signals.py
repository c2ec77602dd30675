"""A need's text vector follows its text: every save embeds it again if the text changed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from kjopekraft.programme import similarity
from kjopekraft.programme.models import Need


@receiver(post_save, sender=Need, dispatch_uid="programme_embed_need")
def embed_need(sender: Any, instance: Need, raw: bool = False, **kwargs: Any) -> None:
    if raw or not getattr(settings, "PROGRAMME_EMBED_ON_SAVE", True):
        return
    # In the same transaction as the save: a failed save leaves no vector behind.
    similarity.refresh_need(instance)

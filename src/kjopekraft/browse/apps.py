from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrowseConfig(AppConfig):
    name = "kjopekraft.browse"
    label = "browse"
    verbose_name = _("Notice browser")

    def ready(self) -> None:
        from kjopekraft.browse import receivers  # noqa: F401  (connects the signal receivers)

    def personal_data(self, user: Any) -> list[dict[str, Any]]:
        """A person's saved searches: what they searched for and when they were alerted."""
        from kjopekraft.browse.models import SavedSearch

        return [
            {
                "name": saved.name,
                "search": saved.query,
                "language": saved.language,
                "created": saved.created.isoformat(),
                "last_alerted": saved.last_alerted.isoformat() if saved.last_alerted else None,
                "notices_alerted": saved.alerted.count(),
            }
            for saved in SavedSearch.objects.filter(user=user).order_by("created")
        ]

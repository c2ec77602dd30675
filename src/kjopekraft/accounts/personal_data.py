"""Everything the platform holds about a person, for the download the person may ask for.

Each app contributes by giving its AppConfig a ``personal_data(user) -> dict`` method; this
module collects them, so a new app cannot forget to be part of the download.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils import timezone

from kjopekraft.accounts.models import User


def collect(user: User) -> dict[str, Any]:
    document: dict[str, Any] = {"generated": timezone.now().isoformat()}
    for config in apps.get_app_configs():
        contribute = getattr(config, "personal_data", None)
        if contribute is not None:
            document[config.label] = contribute(user)
    return document

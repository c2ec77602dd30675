from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SolutionsConfig(AppConfig):
    name = "kjopekraft.solutions"
    label = "solutions"
    verbose_name = _("Solutions and cloud services")
    default_auto_field = "django.db.models.BigAutoField"

    def personal_data(self, user: Any) -> dict[str, Any]:
        """The person's expressions of interest and the adoptions the person recorded."""
        from kjopekraft.solutions.models import Adoption, Interest

        return {
            "interests": [
                {
                    "entry": i.entry.title,
                    "organisation": i.organisation.name,
                    "message": i.message,
                    "sent": i.created.isoformat(),
                }
                for i in Interest.objects.filter(person=user).select_related(
                    "organisation", "solution", "cloud_service"
                )
            ],
            "adoptions_recorded": [
                {
                    "entry": a.entry.title,
                    "organisation": a.organisation.name,
                    "adopted_on": a.adopted_on.isoformat(),
                    "contact_email": a.contact_email,
                }
                for a in Adoption.objects.filter(recorded_by=user).select_related(
                    "organisation", "solution", "cloud_service"
                )
            ],
        }

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "kjopekraft.outcomes"
    label = "outcomes"
    verbose_name = _("Effect contracts")
    default_auto_field = "django.db.models.BigAutoField"

    def personal_data(self, user: Any) -> dict[str, Any]:
        """The measurements the person recorded, and the changes the person made."""
        from kjopekraft.outcomes.models import ChangeLog, Measurement

        return {
            "measurements": [
                {
                    "contract": m.indicator.contract.title,
                    "indicator": m.indicator.name,
                    "measured_for": m.measured_for.isoformat(),
                    "value": str(m.value),
                    "reason": m.reason,
                    "recorded": m.created.isoformat(),
                }
                for m in Measurement.objects.filter(recorded_by=user).select_related(
                    "indicator__contract"
                )
            ],
            "changes": [
                {
                    "contract": c.contract.title,
                    "action": c.action,
                    "about": c.subject,
                    "when": c.created.isoformat(),
                }
                for c in ChangeLog.objects.filter(actor=user).select_related("contract")
            ],
        }

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "kjopekraft.insight"
    label = "insight"
    verbose_name = _("Insight")

    def ready(self) -> None:
        from kjopekraft.insight import receivers  # noqa: F401  (connects the signal receivers)

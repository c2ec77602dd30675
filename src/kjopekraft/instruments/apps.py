from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "kjopekraft.instruments"
    label = "instruments"
    verbose_name = _("Instruments")
    default_auto_field = "django.db.models.BigAutoField"

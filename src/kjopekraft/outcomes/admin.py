from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kjopekraft.outcomes import models


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    """Shown, never changed here: a change made outside the pages would miss the change log."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class IndicatorInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.OutcomeIndicator
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.EffectContract)
class EffectContractAdmin(ReadOnly):
    list_display = ["title", "commissioner", "investor", "provider", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    inlines = [IndicatorInline]


@admin.register(models.Measurement)
class MeasurementAdmin(ReadOnly):
    list_display = ["indicator", "measured_for", "value", "reported_on", "corrects"]


@admin.register(models.ChangeLog)
class ChangeLogAdmin(ReadOnly):
    list_display = ["created", "actor_name", "action", "subject", "contract"]
    list_filter = ["action"]
    search_fields = ["actor_name", "subject"]

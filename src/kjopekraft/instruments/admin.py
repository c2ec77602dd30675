"""Advisers keep the instrument catalogue up to date here, after it is loaded from the file.

Programme advisers may edit the catalogue without separate model permissions (the admin still
asks for the staff flag to let anyone in). The list shows which instruments differ from the
catalogue file they were loaded from: a re-load keeps those edits (see ``catalogue.py``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kjopekraft.accounts import predicates
from kjopekraft.instruments.models import Condition, Instrument


class AdviserEditable:
    """Lets programme advisers view, add, change and delete, whatever their model permissions."""

    # Addresses without a scheme are read as https, as Django 6 will do by default.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_module_permission(self, request: HttpRequest) -> bool:
        return predicates.is_adviser(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return predicates.is_adviser(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return predicates.is_adviser(request.user) or super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return predicates.is_adviser(request.user) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return predicates.is_adviser(request.user) or super().has_delete_permission(request, obj)


class ConditionInline(AdviserEditable, admin.StackedInline):
    model = Condition
    extra = 0
    fields = [
        "position",
        ("text_nb", "text_nn", "text_en"),
        ("source_title", "source_section", "source_url"),
        "verification",
        ("note_nb", "note_nn", "note_en"),
    ]


@admin.register(Instrument)
class InstrumentAdmin(AdviserEditable, admin.ModelAdmin):
    list_display = ["code", "name_nb", "owner", "audience", "status", "edited"]
    list_filter = ["audience", "status", "phases"]
    search_fields = ["code", "name_nb", "name_nn", "name_en", "owner"]
    filter_horizontal = ["phases"]
    readonly_fields = ["loaded_at", "edited"]
    inlines = [ConditionInline]
    fieldsets = (
        (None, {"fields": ("code", "position", "status", "owner", "audience", "phases")}),
        (_("Name"), {"fields": ("name_nb", "name_nn", "name_en")}),
        (_("What it offers"), {"fields": ("summary_nb", "summary_nn", "summary_en")}),
        (_("Where to apply"), {"fields": ("apply_url", "apply_nb", "apply_nn", "apply_en")}),
        (_("Source"), {"fields": ("source_title", "source_url")}),
        (_("Catalogue file"), {"fields": ("loaded_at", "edited")}),
    )

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("phases", "conditions")

    @admin.display(boolean=True, description=_("edited since loaded from the file"))
    def edited(self, obj: Instrument) -> bool:
        return obj.edited_since_load

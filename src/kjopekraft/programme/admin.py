from django.contrib import admin

from kjopekraft.programme import models


@admin.register(models.Need)
class NeedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "organisation", "status", "updated"]
    list_filter = ["status", "topic"]
    search_fields = ["title", "problem"]
    readonly_fields = ["status", "challenge"]


class CriterionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.Criterion
    extra = 0


@admin.register(models.Challenge)
class ChallengeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "lead_buyer", "status", "proposal_deadline"]
    list_filter = ["status", "topic"]
    search_fields = ["title"]
    readonly_fields = ["status"]
    inlines = [CriterionInline]


@admin.register(models.SupplierProfile)
class SupplierProfileAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["organisation", "kind"]
    list_filter = ["kind"]


@admin.register(models.AuditLog)
class AuditLogAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read only: the log is evidence, so nobody edits or deletes it here."""

    list_display = ["created", "actor_name", "action", "object_repr", "challenge"]
    list_filter = ["action"]
    search_fields = ["actor_name", "object_repr"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

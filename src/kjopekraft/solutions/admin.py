from django.contrib import admin

from kjopekraft.solutions import models


class CpvInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.CpvCode
    extra = 0


class ReferenceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.Reference
    extra = 0
    fk_name = "solution"
    exclude = ["cloud_service"]


@admin.register(models.Solution)
class SolutionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "supplier", "origin", "maturity", "status"]
    list_filter = ["status", "origin", "maturity", "topic"]
    search_fields = ["title", "supplier__name"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "decision"]
    raw_id_fields = ["supplier", "pilot_buyer"]
    inlines = [CpvInline, ReferenceInline]


@admin.register(models.CloudService)
class CloudServiceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "supplier", "category", "storage_location", "status"]
    list_filter = ["status", "category", "storage_location"]
    search_fields = ["name", "supplier__name"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at"]
    raw_id_fields = ["supplier", "solution"]


@admin.register(models.Adoption)
class AdoptionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["organisation", "solution", "cloud_service", "adopted_on", "route"]
    list_filter = ["route", "scope"]
    raw_id_fields = ["organisation", "solution", "cloud_service"]


@admin.register(models.Interest)
class InterestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["created", "organisation", "solution", "cloud_service"]
    readonly_fields = ["notified"]
    raw_id_fields = ["organisation", "person", "solution", "cloud_service"]

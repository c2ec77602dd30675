from django.contrib import admin

from kjopekraft.organisations.models import County, Municipality, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "orgnr", "kind", "municipality", "organisation_form"]
    list_filter = ["kind", "organisation_form"]
    search_fields = ["name", "orgnr"]
    autocomplete_fields = ["municipality"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "county", "population"]
    list_filter = ["county"]
    search_fields = ["number", "name"]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "population"]

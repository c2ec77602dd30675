from django.contrib import admin

from kjopekraft.browse.models import SavedSearch


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "user", "language", "created", "last_alerted"]
    list_filter = ["language"]
    search_fields = ["name", "user__email"]
    readonly_fields = ["created", "last_alerted"]
    raw_id_fields = ["user"]

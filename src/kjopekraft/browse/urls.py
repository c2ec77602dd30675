from django.urls import path

from kjopekraft.browse import views

urlpatterns = [
    path("", views.search, name="search"),
    path("lagrede-sok/", views.saved_searches, name="saved"),
    path("lagrede-sok/ny/", views.save_search, name="save"),
    path("lagrede-sok/<int:pk>/slett/", views.delete_saved_search, name="delete"),
    path("eksport/<str:kind>/", views.export, name="export"),
    # Last: notice identifiers are free text (Doffin IDs, TED numbers, UUIDs).
    path("<path:ident>/", views.notice, name="notice"),
]

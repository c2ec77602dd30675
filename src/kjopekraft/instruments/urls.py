from django.urls import path

from kjopekraft.instruments import views

urlpatterns = [
    path("virkemidler/", views.index, name="index"),
    path("virkemidler/matrise/", views.matrix, name="matrix"),
    path("virkemidler/<slug:code>/", views.detail, name="detail"),
    path("anskaffelsesveileder/", views.advisor_page, name="advisor"),
]

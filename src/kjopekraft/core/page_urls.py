from django.urls import path

from kjopekraft.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("personvern/", views.privacy, name="privacy"),
]

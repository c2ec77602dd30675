from django.urls import path

from kjopekraft.insight import dashboard

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("<slug:slug>.csv", dashboard.panel_csv, name="panel-csv"),
]

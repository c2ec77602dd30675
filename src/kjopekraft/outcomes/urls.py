from django.urls import path

from kjopekraft.outcomes import views

urlpatterns = [
    path("", views.contracts, name="contracts"),
    path("ny/", views.contract_new, name="contract_new"),
    path("<int:pk>/", views.contract_detail, name="contract"),
    path("<int:pk>/endre/", views.contract_edit, name="contract_edit"),
    path("<int:pk>/indikatorer/ny/", views.indicator_form, name="indicator_new"),
    path("<int:pk>/indikatorer/<int:indicator>/", views.indicator_form, name="indicator_edit"),
    path("<int:pk>/signer/", views.sign, name="sign"),
    path("<int:pk>/maling/", views.measure, name="measure"),
    path("<int:pk>/maling/<int:measurement>/korriger/", views.correct, name="correct"),
]

from django.urls import path

from kjopekraft.solutions import views

SOLUTION = {"kind": "solution"}
SERVICE = {"kind": "cloud-service"}

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("ny/", views.register, SOLUTION, name="solution_new"),
    path("fra-beslutning/<int:decision>/", views.from_decision, name="from_decision"),
    path("til-godkjenning/", views.review_queue, name="review_queue"),
    path("spredning/", views.spreading_page, name="spreading"),
    path("<int:pk>/", views.solution_detail, name="solution"),
    path("<int:pk>/endre/", views.edit, SOLUTION, name="solution_edit"),
    path("<int:pk>/vurder/", views.review, SOLUTION, name="solution_review"),
    path("<int:pk>/interesse/", views.interest, SOLUTION, name="solution_interest"),
    path("<int:pk>/ta-i-bruk/", views.adopt, SOLUTION, name="solution_adopt"),
    path("skytjenester/", views.cloud_services, name="cloud_services"),
    path("skytjenester/ny/", views.register, SERVICE, name="cloud_service_new"),
    path("skytjenester/<int:pk>/", views.cloud_service_detail, name="cloud_service"),
    path("skytjenester/<int:pk>/endre/", views.edit, SERVICE, name="cloud_service_edit"),
    path("skytjenester/<int:pk>/vurder/", views.review, SERVICE, name="cloud_service_review"),
    path(
        "skytjenester/<int:pk>/interesse/", views.interest, SERVICE, name="cloud_service_interest"
    ),
    path("skytjenester/<int:pk>/ta-i-bruk/", views.adopt, SERVICE, name="cloud_service_adopt"),
]

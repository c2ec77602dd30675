from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from kjopekraft.accounts import views

urlpatterns = [
    path("", views.profile, name="profile"),
    path("logg-inn/", views.SignInView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("registrer/", views.sign_up, name="signup"),
    path("nytt-medlemskap/", views.request_membership, name="request_membership"),
    path("mine-data/", views.download_data, name="download_data"),
    path("slett/", views.delete_account, name="delete"),
    path("medlemskap/", views.pending_memberships, name="pending_memberships"),
    path("medlemskap/<int:pk>/", views.decide_membership, name="decide_membership"),
    path("passord/glemt/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "passord/sendt/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "passord/nytt/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "passord/ferdig/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]

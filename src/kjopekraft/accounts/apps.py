from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kjopekraft.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def personal_data(self, user):  # type: ignore[no-untyped-def]
        from kjopekraft.accounts.models import Membership

        return {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "memberships": [
                {
                    "organisation": m.organisation.name,
                    "orgnr": m.organisation.orgnr,
                    "role": m.role,
                    "status": m.status,
                    "requested": m.created.isoformat(),
                }
                for m in Membership.objects.filter(user=user).select_related("organisation")
            ],
        }

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from kjopekraft.core import views

admin.site.site_header = _("Kjøpekraft administration")
admin.site.site_title = _("Kjøpekraft")

# Not language-prefixed: machine endpoints and the admin.
urlpatterns = [
    path("health/", views.health, name="health"),
    path("api/", include(("kjopekraft.core.api_urls", "api"))),
    path("admin/", admin.site.urls),
]

# Bokmål at the bare address, /nn/ and /en/ for the others.
urlpatterns += i18n_patterns(
    path("", include(("kjopekraft.core.page_urls", "core"))),
    path("konto/", include(("kjopekraft.accounts.urls", "accounts"))),
    path("innsikt/", include(("kjopekraft.insight.urls", "insight"))),
    path("kunngjoringer/", include(("kjopekraft.browse.urls", "browse"))),
    path("", include(("kjopekraft.instruments.urls", "instruments"))),
    path("program/", include(("kjopekraft.programme.urls", "programme"))),
    path("losninger/", include(("kjopekraft.solutions.urls", "solutions"))),
    path("effektkontrakter/", include(("kjopekraft.outcomes.urls", "outcomes"))),
    prefix_default_language=False,
)

"""Kjøpekraft settings: one module, read from the environment.

Development defaults are safe and need nothing set. ``DJANGO_ENV=production`` hardens
everything and requires ``SECRET_KEY`` and ``ALLOWED_HOSTS``. See the README for the list.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from kjopekraft.core import env

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(env.get("KJOPEKRAFT_HOME") or Path.cwd()).resolve()
VAR_DIR = Path(env.get("KJOPEKRAFT_VAR") or BASE_DIR / "var").resolve()

ENVIRONMENT = env.get("DJANGO_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise env.ConfigurationError("DJANGO_ENV must be 'development' or 'production'")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env.flag("DJANGO_DEBUG", default=not PRODUCTION)


def _development_secret_key() -> str:
    """A per-checkout key kept under var/, so sessions survive restarts of `make run`."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


if PRODUCTION:
    SECRET_KEY = env.require("SECRET_KEY")
    ALLOWED_HOSTS = env.listing("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise env.ConfigurationError("ALLOWED_HOSTS must be set in production")
else:
    SECRET_KEY = env.get("SECRET_KEY") or _development_secret_key()
    ALLOWED_HOSTS = env.listing("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")

CSRF_TRUSTED_ORIGINS = env.listing("CSRF_TRUSTED_ORIGINS")
SITE_URL = env.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "kjopekraft.core",
    "kjopekraft.organisations",
    "kjopekraft.accounts",
    "kjopekraft.notices",
    "kjopekraft.insight",
    "kjopekraft.browse",
    "kjopekraft.instruments",
    "kjopekraft.programme",
    "kjopekraft.solutions",
    "kjopekraft.outcomes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kjopekraft.core.urls"
WSGI_APPLICATION = "kjopekraft.core.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kjopekraft.core.context_processors.site",
            ],
        },
    },
]

# The database: the embedded SQLite file under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'kjopekraft.sqlite3'}",
        conn_max_age=env.integer("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while the single writer writes; IMMEDIATE takes the write lock
        # at the start of a transaction so that concurrent writers wait instead of failing.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "core:home"

# Sign-in is rate-limited: after AXES_FAILURE_LIMIT failures for the same account from the same
# address, sign-in is refused for AXES_COOLOFF_TIME.
AXES_FAILURE_LIMIT = env.integer("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The sign-in form posts the e-mail address in the field Django calls "username".
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "kjopekraft.accounts.lockout.username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.integer("PROXY_COUNT", 0) or None
AXES_VERBOSE = False
# Password-reset requests allowed per address and per e-mail within an hour.
PASSWORD_RESET_LIMIT = env.integer("PASSWORD_RESET_LIMIT", 5)

REST_FRAMEWORK = {
    "DEFAULT_PAGINATION_CLASS": "kjopekraft.core.api.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env.get("API_ANON_RATE", "600/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kjøpekraft API",
    "DESCRIPTION": "Open data on public procurement in Norway: notices from Doffin and TED.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("en", _("English")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Oslo"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.get("STATIC_ROOT") or VAR_DIR / "static")
MEDIA_ROOT = Path(env.get("MEDIA_ROOT") or VAR_DIR / "media")
# WhiteNoise looks for the folder at start-up; before the first collectstatic it is empty.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
        if not env.get("CACHE_DIR")
        else "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env.get("CACHE_DIR") or "kjopekraft",
    }
}

EMAIL_BACKEND = env.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.flag("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL", "Kjøpekraft <ikke-svar@kjopekraft.no>")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.flag("SECURE_HSTS_PRELOAD", default=False)
    if env.flag("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # --fail-level WARNING must pass; preloading is a decision for the operator, not a default.
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL", "WARNING")},
}

# Limits for untrusted notice files (bytes); see notices/rawxml.py.
NOTICE_MAX_BYTES = env.integer("NOTICE_MAX_BYTES", 50 * 1024 * 1024)

# The notice sources (`kjopekraft fetch`); see docs/sources.md. The Doffin key is DOFFIN_API_KEY.
DOFFIN_API_URL = env.get("DOFFIN_API_URL", "https://api.doffin.no/public/v2")
TED_API_URL = env.get("TED_API_URL", "https://api.ted.europa.eu")
FETCH_TIMEOUT = float(env.get("FETCH_TIMEOUT") or 30)
FETCH_TRIES = env.integer("FETCH_TRIES", 5)
FETCH_BACKOFF_SECONDS = float(env.get("FETCH_BACKOFF_SECONDS") or 1)
FETCH_MAX_WAIT = float(env.get("FETCH_MAX_WAIT") or 300)

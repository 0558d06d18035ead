"""Settings shared by every environment; values that differ come from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
BASE_DIR = Path(os.environ.get("KOORDYNATOR_HOME", PACKAGE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("KOORDYNATOR_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # koordynator's apps come first so that their templates override allauth's.
    "koordynator.core",
    "koordynator.territory",
    "koordynator.accounts",
    "koordynator.registry",
    "koordynator.events",
    "koordynator.certification",
    "koordynator.municipalities",
    "koordynator.networks",
    "koordynator.committee",
    "koordynator.support",
    "koordynator.content",
    "koordynator.portal",
    "koordynator.demo",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "ninja",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "koordynator.core.middleware.RefuseNulCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "koordynator.core.middleware.DisplayPreferencesMiddleware",
    "koordynator.territory.middleware.RegionMiddleware",
    "koordynator.accounts.middleware.RequireStaffTwoFactorMiddleware",
]

ROOT_URLCONF = "koordynator.config.urls"
WSGI_APPLICATION = "koordynator.config.wsgi.application"
ASGI_APPLICATION = "koordynator.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "koordynator.core.context_processors.platform",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'koordynator.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the timeout rides out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# django-allauth: login by e-mail only, no open sign-up (accounts are created by staff).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "koordynator.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Password guessing: at most 5 failed logins per account and IP within 5 minutes.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "reset_password": "5/m/ip,3/m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "koordynator"
# allauth refuses TOTP to unverified addresses so that an open sign-up cannot squat an
# account; here accounts are created only by staff, so a staff-entered address is trusted.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# When true, users with a staff role must set up TOTP before using the staff area.
KOORDYNATOR_REQUIRE_STAFF_2FA = env_bool("KOORDYNATOR_REQUIRE_STAFF_2FA", False)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "koordynator",
    }
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Dates as people here read them (07.12.2026; in English 7 Dec 2026): config/formats.
FORMAT_MODULE_PATH = ["koordynator.config.formats"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "koordynator <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background jobs: a queue in the database, worked by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# koordynator
# Map tiles: an intranet can point this at its own tile server.
KOORDYNATOR_TILE_URL = os.environ.get(
    "KOORDYNATOR_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
KOORDYNATOR_TILE_ATTRIBUTION = os.environ.get(
    "KOORDYNATOR_TILE_ATTRIBUTION", "© OpenStreetMap contributors"
)
# The licence the public directory's open data is published under (name, address).
KOORDYNATOR_OPEN_DATA_LICENCE = os.environ.get(
    "KOORDYNATOR_OPEN_DATA_LICENCE", "Creative Commons Uznanie autorstwa 4.0 (CC BY 4.0)"
)
KOORDYNATOR_OPEN_DATA_LICENCE_URL = os.environ.get(
    "KOORDYNATOR_OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/deed.pl"
)
# Days after an event ends before its registrations are anonymised (events/services.py).
KOORDYNATOR_EVENT_DATA_RETENTION_DAYS = int(
    os.environ.get("KOORDYNATOR_EVENT_DATA_RETENTION_DAYS", "365")
)
# API pagination: `limit` (default 50, at most 500) and `offset`.
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500
NINJA_PAGINATION_CLASS = "koordynator.core.api.BoundedLimitOffsetPagination"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

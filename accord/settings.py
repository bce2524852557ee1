"""Accord settings: one module, configured by environment variables (see README.md).

Development defaults are safe: SQLite, local files, DEBUG off unless asked for, a secret
key generated once into var/. Production sets ACCORD_SECRET_KEY, DATABASE_URL and
ACCORD_HTTPS=true.
"""

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from accord.env import env_bool, env_int, env_int_list, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ACCORD_VAR_DIR", str(BASE_DIR / "var")))


def _secret_key() -> str:
    key = env_str("ACCORD_SECRET_KEY")
    if key:
        if len(key) < 50:
            raise ImproperlyConfigured("ACCORD_SECRET_KEY must be at least 50 characters")
        return key
    # A development install keeps one generated key so that sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("ACCORD_DEBUG", False)
ALLOWED_HOSTS = env_list("ACCORD_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("ACCORD_CSRF_TRUSTED_ORIGINS", [])

# The home country is data, not code: every country-specific behaviour keys off this code.
ACCORD_HOME_COUNTRY = env_str("ACCORD_HOME_COUNTRY", "EG").upper()
if len(ACCORD_HOME_COUNTRY) != 2 or not ACCORD_HOME_COUNTRY.isalpha():
    raise ImproperlyConfigured("ACCORD_HOME_COUNTRY must be an ISO 3166-1 alpha-2 code")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "core",
    "partners",
    "agreements",
    "actions",
    "documents",
    "engagements",
    "notifications",
    "multilateral",
    "initiatives",
    "reports",
    "search",
    "portal",
    "imports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "accord.urls"
WSGI_APPLICATION = "accord.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.shell",
            ],
        },
    },
]

# Database: SQLite (WAL) by default, PostgreSQL when DATABASE_URL is set.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL database (postgres://)")
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("ACCORD_SQLITE_PATH", str(VAR_DIR / "accord.sqlite3")),
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE avoids lock upgrades
                # that fail under concurrent gunicorn workers.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "accord_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = env_str("ACCORD_TIME_ZONE", "Africa/Cairo")
USE_I18N = True
FORMAT_MODULE_PATH = ["accord.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on a missing root
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end packages come from the npm registry (package-lock.json), never a CDN.
    ("vendor/bootstrap", BASE_DIR / "node_modules/bootstrap/dist"),
    ("vendor/fonts", BASE_DIR / "node_modules/@fontsource/noto-sans-arabic/files"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("ACCORD_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("ACCORD_STATIC_MANIFEST", True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Uploads: the largest file accepted (documents are checked by content, see documents app).
ACCORD_MAX_UPLOAD_MB = env_int("ACCORD_MAX_UPLOAD_MB", 50)
# Days before a deadline (notice, expiry, review) at which it is flagged, most distant first.
ACCORD_ALERT_DAYS = sorted(env_int_list("ACCORD_ALERT_DAYS", [180, 90, 30]), reverse=True)
# The dashboard's trends (counts, per year, per month, the map) are read from the cache for
# this long: at scale the map's counts read every party and participant. 0 turns it off.
ACCORD_DASHBOARD_CACHE_SECONDS = env_int("ACCORD_DASHBOARD_CACHE_SECONDS", 300)
# The public portal: a page is built once per change to what it shows and kept this long
# (0 turns the cache off); browsers and proxies may keep it for ACCORD_PORTAL_MAX_AGE.
ACCORD_PORTAL_CACHE_SECONDS = env_int("ACCORD_PORTAL_CACHE_SECONDS", 300)
ACCORD_PORTAL_MAX_AGE = env_int("ACCORD_PORTAL_MAX_AGE", 60)
# Imports of legacy registers: the largest file and the most rows accepted.
ACCORD_IMPORT_MAX_MB = env_int("ACCORD_IMPORT_MAX_MB", 20)
ACCORD_IMPORT_MAX_ROWS = env_int("ACCORD_IMPORT_MAX_ROWS", 100_000)
# The licence the open data is published under (an SPDX identifier and its address).
ACCORD_OPEN_DATA_LICENSE = env_str("ACCORD_OPEN_DATA_LICENSE", "CC-BY-4.0")
ACCORD_OPEN_DATA_LICENSE_URL = env_str(
    "ACCORD_OPEN_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"
)
# Initiatives: funding totals are shown in this currency (rates are entered per year), and
# the IATI export names the sector as its reporting organisation.
ACCORD_REPORTING_CURRENCY = env_str("ACCORD_REPORTING_CURRENCY", "USD").upper()
if len(ACCORD_REPORTING_CURRENCY) != 3 or not ACCORD_REPORTING_CURRENCY.isalpha():
    raise ImproperlyConfigured("ACCORD_REPORTING_CURRENCY must be an ISO 4217 code")
ACCORD_IATI_ORG_REF = env_str("ACCORD_IATI_ORG_REF", f"{ACCORD_HOME_COUNTRY}-GOV-ICT")
ACCORD_IATI_ORG_NAME = env_str(
    "ACCORD_IATI_ORG_NAME", "Ministry of Communications and Information Technology"
)
ACCORD_IATI_ORG_TYPE = env_str("ACCORD_IATI_ORG_TYPE", "10")  # IATI OrganisationType: government

EMAIL_BACKEND = env_str("ACCORD_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("ACCORD_FROM_EMAIL", "accord@localhost")
EMAIL_HOST = env_str("ACCORD_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("ACCORD_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("ACCORD_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("ACCORD_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("ACCORD_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("ACCORD_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("ACCORD_EMAIL_TIMEOUT", 10)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set ACCORD_EMAIL_USE_TLS or ACCORD_EMAIL_USE_SSL, not both")
# Reminders (see notifications/README.md).
ACCORD_BASE_URL = env_str("ACCORD_BASE_URL", "http://127.0.0.1:8000")
ACCORD_DIGEST_HOUR = env_int("ACCORD_DIGEST_HOUR", 7)
ACCORD_REMINDER_MAX_ATTEMPTS = env_int("ACCORD_REMINDER_MAX_ATTEMPTS", 5)
ACCORD_REMINDER_RETRY_SECONDS = env_int("ACCORD_REMINDER_RETRY_SECONDS", 300)

# Security. ACCORD_HTTPS=true is the production switch: secure cookies, HSTS, redirects.
HTTPS = env_bool("ACCORD_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("ACCORD_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("ACCORD_SESSION_SECONDS", 8 * 3600)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.permissions.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Accord API",
    "DESCRIPTION": "The records of the International Relations sector. Every endpoint shows "
    "only what the caller's clearance allows.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a field of the same name with other choices: name each enum.
    "ENUM_NAME_OVERRIDES": {
        "DocumentKindEnum": "documents.choices.DocumentKind",
        "DocumentLanguageEnum": "documents.choices.DocumentLanguage",
        "AgreementStatusEnum": "agreements.choices.Status",
        "TermUnitEnum": "agreements.choices.TermUnit",
        "ActionStatusEnum": "actions.choices.ActionStatus",
        "InitiativeKindEnum": "initiatives.choices.InitiativeKind",
        "InitiativeStatusEnum": "initiatives.choices.InitiativeStatus",
        "FundingKindEnum": "initiatives.choices.FundingKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ACCORD_LOG_LEVEL", "INFO")},
}

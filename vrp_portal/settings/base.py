"""Settings shared by every environment.

Every value that comes from the environment is read here, through django-environ,
so there is one place to see what the portal can be configured with. The
environment-specific modules (development, test, production) only decide defaults
and refuse unsafe combinations.
"""
from decimal import Decimal
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# --- Secrets and hosts ----------------------------------------------------
# No default: development.py supplies a per-machine key, production has none.
SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Database -------------------------------------------------------------
# SQLite under var/ is the embedded default; PostgreSQL in CI and production.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Applications ---------------------------------------------------------
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
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "simple_history",
    "crispy_forms",
    "crispy_forms_gds",
    # The portal's own apps, ground floor first (see docs/decisions/0001).
    "partnership",
    "grants",
    "interventions",
    "svd",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "vrp_portal.urls"
WSGI_APPLICATION = "vrp_portal.wsgi.application"
ASGI_APPLICATION = "vrp_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partnership.context_processors.portal",
            ],
        },
    },
]

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

AUTH_USER_MODEL = "partnership.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Sessions: idle timeout, set here only --------------------------------
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Locale ---------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded evidence and generated reports. Never served at a public URL: every
# file goes through a permission-checked view (see partnership.access).
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- E-mail ---------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="vrp-portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- The portal -----------------------------------------------------------
# The service name is configuration; the partnership's own name is data
# (partnership.Partnership), so any of the 20 VRPs can run the portal.
PORTAL_SERVICE_NAME = env.str("PORTAL_SERVICE_NAME", default="VRP Portal")
PORTAL_REQUIRE_2FA = env.bool("PORTAL_REQUIRE_2FA", default=True)
# Variance above this share of the allocation needs an explanation (Annex A).
PORTAL_VARIANCE_EXPLANATION_THRESHOLD_PERCENT = Decimal(
    env.str("PORTAL_VARIANCE_EXPLANATION_THRESHOLD_PERCENT", default="10")
)
# Days before the due date that the first reminder is sent.
PORTAL_REMINDER_DAYS_BEFORE_DUE = env.int("PORTAL_REMINDER_DAYS_BEFORE_DUE", default=7)
# 360Giving publishing.
PORTAL_360GIVING_PREFIX = env.str("PORTAL_360GIVING_PREFIX", default="XXX-VRP")
PORTAL_360GIVING_LICENSE = env.str(
    "PORTAL_360GIVING_LICENSE", default="https://creativecommons.org/licenses/by/4.0/"
)
PORTAL_UPLOAD_MAX_BYTES = env.int("PORTAL_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

# --- Celery ---------------------------------------------------------------
# With no broker configured, tasks run in-process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
# Longer than the longest task's hard limit, so a task is not handed out twice
# while it is still running; short in tests so a dead worker's job comes back soon.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD_KB", default=400_000)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {}

# --- REST framework -------------------------------------------------------
# The project-wide API layer lives in partnership/api_support (docs/decisions/0500).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "partnership.api_support.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["partnership.api_support.permissions.AccessPolicy"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "partnership.api_support.throttles.TokenRateThrottle",
        "partnership.api_support.throttles.SessionUserRateThrottle",
        "partnership.api_support.throttles.IPRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("API_THROTTLE_TOKEN_RATE", default="1200/hour"),
        "user": env.str("API_THROTTLE_USER_RATE", default="3000/hour"),
        "ip": env.str("API_THROTTLE_IP_RATE", default="6000/hour"),
    },
    # Behind one reverse proxy in production: the client is the last X-Forwarded-For hop.
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
    "EXCEPTION_HANDLER": "partnership.api_support.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "partnership.api_support.schema.PortalAutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "VRP Portal API",
    "DESCRIPTION": (
        "Grants, SVD allocations, interventions, quarterly returns, panel reports and open data.\n\n"
        "Authenticate with a personal API token (`Authorization: Bearer vrp_...`), made on your "
        "account page, or with a signed-in browser session. A token acts with its owner's role: "
        "the portal's access policy decides what it may see and change, exactly as for the pages; "
        "another CSP's objects are answered 404.\n\n"
        "Lists are paginated (`page`), filterable and orderable (`ordering`). Errors share one "
        "JSON shape (`ApiError`) naming each field at fault. Updates need `If-Match` with the "
        "ETag you last read: a stale one gets 412 and changes nothing. Too many requests get 429."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["partnership.api_support.permissions.AccessPolicy"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "FundingStreamEnum": "interventions.models.FundingStream",
        "SvdStreamEnum": "svd.models.allocations.Stream",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- django-import-export ---------------------------------------------------
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# --- Logging: ids only, never personal data ---------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}


def require(value, name):
    """Refuse to start when a setting that has no safe default is missing."""
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment.")
    return value

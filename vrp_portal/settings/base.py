"""Settings shared by every environment.

Every value that comes from the environment is read here, through django-environ,
so there is one place to see what the portal can be configured with. The
environment-specific modules (development, test, production) only decide defaults
and refuse unsafe combinations.
"""

from datetime import timedelta
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
# Persistent connections: opening a PostgreSQL connection per request cost more than
# a whole minimal view (make bench: 187 to 611 requests/s); health checks drop a dead one.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Bounded waits: a database that accepts connections but never answers must not
# hold a request or a worker for ever. libpq gives up connecting after
# connect_timeout; TCP keepalives and tcp_user_timeout drop a connection whose
# server went silent; statement_timeout ends any one query that runs too long.
POSTGRES_OPTIONS = {
    "connect_timeout": env.int("DATABASE_CONNECT_TIMEOUT", default=5),
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
    "tcp_user_timeout": env.int("DATABASE_CONNECT_TIMEOUT", default=5) * 1000 * 6,
    "options": f"-c statement_timeout={env.int('DATABASE_STATEMENT_TIMEOUT_MS', default=60_000)}",
}
if "postgresql" in DATABASES["default"]["ENGINE"]:
    DATABASES["default"].setdefault("OPTIONS", {})
    for _key, _value in POSTGRES_OPTIONS.items():
        DATABASES["default"]["OPTIONS"].setdefault(_key, _value)
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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # The portal's own apps, ground floor first (see docs/decisions/0001).
    "partnership",
    "grants",
    "interventions",
    "svd",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "partnership.csp.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends a session past its absolute lifetime, then sends an unverified user
    # whose role needs two-factor sign-in to set it up or enter a code.
    "partnership.middleware.AbsoluteSessionTimeoutMiddleware",
    "partnership.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes wants to be last: it turns a lockout into the sign-in page's message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vrp_portal.urls"
WSGI_APPLICATION = "vrp_portal.wsgi.application"
ASGI_APPLICATION = "vrp_portal.asgi.application"

# Features that are packages inside an app, each with its own templates/ folder.
FEATURE_PACKAGES = ["svd/returns", "reporting/open_data"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The project's base layout, then each feature package's own templates
        # (a feature inside an app keeps its templates beside its code: docs/decisions/0005).
        "DIRS": [BASE_DIR / "templates", *(BASE_DIR / package / "templates" for package in FEATURE_PACKAGES)],
        "APP_DIRS": True,
        "OPTIONS": {
            "libraries": {"returns": "svd.returns.templatetags"},
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
# django-axes first: it refuses a locked-out username+IP before the password is checked.
AUTHENTICATION_BACKENDS = [
    "partnership.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Sessions: idle and absolute timeouts, set here only -------------------
# Idle: the cookie lives SESSION_COOKIE_AGE seconds after the last request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
# Absolute: however active, a session ends this long after sign-in
# (partnership.middleware.AbsoluteSessionTimeoutMiddleware).
PORTAL_SESSION_ABSOLUTE_TIMEOUT_SECONDS = env.int("SESSION_ABSOLUTE_TIMEOUT_SECONDS", default=10 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT_SECONDS", default=60 * 60)
# An invitation's set-password link lives longer than a reset's (partnership.people).
PORTAL_INVITATION_DAYS = env.int("PORTAL_INVITATION_DAYS", default=7)
# Where links in e-mails sent without a request (invitations from a task) point.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# --- Sign-in lockout (django-axes) -------------------------------------------
# Axes defaults to IP only with no cool-off: an office behind one address would
# lock everyone out for ever. Lock the username+IP pair, for a while.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "partnership.views.signed_in_locked_out"
AXES_USERNAME_CALLABLE = "partnership.lockout.lockout_username"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "new_password1", "new_password2"]
# The client address is REMOTE_ADDR unless the deployment says how many proxies
# it trusts (then the address they forwarded): a spoofed X-Forwarded-For must not
# give an attacker a fresh lockout counter per request.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# --- Two-factor sign-in (django-otp: TOTP and backup codes) -----------------
# Required for VRP staff and admins; PORTAL_2FA_REQUIRED_FOR_ALL_ROLES extends
# it to every role (OWASP ASVS level 2). PORTAL_REQUIRE_2FA=false turns it off
# for the local demo only: production.py refuses to start that way.
PORTAL_2FA_REQUIRED_FOR_ALL_ROLES = env.bool("PORTAL_2FA_REQUIRED_FOR_ALL_ROLES", default=False)
OTP_TOTP_ISSUER = env.str("PORTAL_SERVICE_NAME", default="VRP Portal")
PORTAL_2FA_BACKUP_CODES = 10

# History entries are never edited; the admin's "revert" would rewrite an object
# from an old entry without going through the services.
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- Headers -------------------------------------------------------------
# No inline script or style anywhere: JS and CSS come from /static/ only.
# The admin's inline style attributes are allowed under this path only (partnership/csp.py).
PORTAL_ADMIN_PATH = "/admin/"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

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
# PORTAL_STORAGE: "local" keeps files under MEDIA_ROOT (one machine); "s3" keeps
# them in an S3-compatible bucket (django-storages), so web servers and workers on
# different hosts share it. Every read and write goes through default_storage.
PORTAL_STORAGE = env.str("PORTAL_STORAGE", default="local")
PORTAL_S3_BUCKET = env.str("PORTAL_S3_BUCKET", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if PORTAL_STORAGE == "s3":
    from .object_storage import s3_storage

    STORAGES["default"] = s3_storage(
        bucket=PORTAL_S3_BUCKET,
        endpoint_url=env.str("PORTAL_S3_ENDPOINT_URL", default=""),
        access_key=env.str("PORTAL_S3_ACCESS_KEY_ID", default=""),
        secret_key=env.str("PORTAL_S3_SECRET_ACCESS_KEY", default=""),
        region=env.str("PORTAL_S3_REGION", default="eu-west-2"),
        prefix=env.str("PORTAL_S3_PREFIX", default=""),
    )
# Set True by production.py: the start-up checks then require a broker and storage.
PORTAL_DEPLOYED = False

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
# How long a new personal API token lasts unless its owner picks another term.
PORTAL_API_TOKEN_DAYS = env.int("PORTAL_API_TOKEN_DAYS", default=90)
# Variance above this share of the allocation needs an explanation (Annex A).
PORTAL_VARIANCE_EXPLANATION_THRESHOLD_PERCENT = Decimal(
    env.str("PORTAL_VARIANCE_EXPLANATION_THRESHOLD_PERCENT", default="10")
)
# Days before the due date that the first reminder is sent.
PORTAL_REMINDER_DAYS_BEFORE_DUE = env.int("PORTAL_REMINDER_DAYS_BEFORE_DUE", default=7)
# 360Giving publishing.
PORTAL_360GIVING_PREFIX = env.str("PORTAL_360GIVING_PREFIX", default="XXX-VRP")
PORTAL_360GIVING_LICENSE = env.str("PORTAL_360GIVING_LICENSE", default="https://creativecommons.org/licenses/by/4.0/")
PORTAL_UPLOAD_MAX_BYTES = env.int("PORTAL_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Panel report renders hold a lease on their claim, renewed every third of it
# while they work; a render whose worker died is claimable again once it lapses,
# and the beat sweep (every PORTAL_RENDER_SWEEP_SECONDS) sends it again. A queued
# generation nobody claimed is sent again after PORTAL_RENDER_QUEUED_RESEND_SECONDS.
PORTAL_RENDER_LEASE_SECONDS = env.int("PORTAL_RENDER_LEASE_SECONDS", default=120)
PORTAL_RENDER_SWEEP_SECONDS = env.int("PORTAL_RENDER_SWEEP_SECONDS", default=60)
PORTAL_RENDER_QUEUED_RESEND_SECONDS = env.int("PORTAL_RENDER_QUEUED_RESEND_SECONDS", default=15 * 60)
# An XLSX upload is refused before parsing if its parts would unpack to more than
# this (a zip bomb): partnership/spreadsheets/reading.py.
PORTAL_XLSX_MAX_UNCOMPRESSED_BYTES = env.int("PORTAL_XLSX_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024)
# The largest form or API body read into memory (files aside). Above it the
# request gets a page saying so (partnership.views.request_too_large); the text
# rule (partnership/text.py) caps each field well below it.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("PORTAL_FORM_MAX_BYTES", default=10 * 1024 * 1024)
# Test hook only: seconds a panel report render pauses after its claim, so a
# test can kill the worker mid-render. Leave unset everywhere else.
PORTAL_TEST_RENDER_DELAY_SECONDS = env.float("PORTAL_TEST_RENDER_DELAY_SECONDS", default=0)

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
# Bounded waits: a broker that accepts connections but never answers fails a
# publish within seconds (Generate then says the generator could not be reached)
# instead of hanging the request: connect and read timeouts on the Redis socket,
# one quick publish retry, and no endless reconnecting in the web process.
CELERY_BROKER_SOCKET_TIMEOUT = env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=2.0)
CELERY_BROKER_CONNECTION_TIMEOUT = CELERY_BROKER_SOCKET_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_connect_timeout": CELERY_BROKER_SOCKET_TIMEOUT,
    "socket_timeout": CELERY_BROKER_SOCKET_TIMEOUT,
    "socket_keepalive": True,
    "max_retries": 1,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD_KB", default=400_000)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Quarterly returns (svd.returns.tasks): open the current quarter, then send due-date reminders.
    "returns-open-current-quarter": {"task": "svd.returns.tasks.returns_open_current_quarter", "schedule": 6 * 60 * 60},
    "returns-send-reminders": {"task": "svd.returns.tasks.returns_send_reminders", "schedule": 60 * 60},
    # Panel reports: re-queue renders whose worker died (reporting.services.reports_requeue_stale).
    "reports-requeue-stale": {"task": "reporting.tasks.reports_requeue_stale", "schedule": PORTAL_RENDER_SWEEP_SECONDS},
    # Interventions import: remove checked files nobody confirmed within a day (interventions.pending_imports).
    "pending-imports-remove-expired": {
        "task": "interventions.tasks.pending_imports_remove_expired",
        "schedule": 60 * 60,
    },
}

# --- REST framework -------------------------------------------------------
# The project-wide API layer lives in partnership/api_support (docs/decisions/0500).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "partnership.api_support.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["partnership.api_support.permissions.AccessPolicy"],
    # DRF's own parsers, with the portal's one rule for text (partnership/text.py).
    "DEFAULT_PARSER_CLASSES": [
        "partnership.api_support.parsers.JSONParser",
        "partnership.api_support.parsers.FormParser",
        "partnership.api_support.parsers.MultiPartParser",
    ],
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
        "SvdStreamEnum": "svd.models.Stream",
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

"""Production: secrets from the environment with no default, HTTPS only."""

from .base import *
from .base import PORTAL_REQUIRE_2FA, SECRET_KEY, env, require

DEBUG = False
# Deployed: the start-up checks (partnership/checks.py) require a broker and storage.
PORTAL_DEPLOYED = True
SECRET_KEY = require(SECRET_KEY, "SECRET_KEY")
require(env.list("ALLOWED_HOSTS", default=[]), "ALLOWED_HOSTS")

if not PORTAL_REQUIRE_2FA:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("PORTAL_REQUIRE_2FA cannot be turned off in production.")

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

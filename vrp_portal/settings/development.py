"""The embedded default: `make run` on a laptop. SQLite, tasks in-process."""

from django.core.management.utils import get_random_secret_key

from .base import *
from .base import VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)
# Two-factor sign-in can be turned off for the local demo only
# (PORTAL_REQUIRE_2FA=false); production refuses to start without it.
PORTAL_REQUIRE_2FA = env.bool("PORTAL_REQUIRE_2FA", default=False)


def _local_secret_key():
    """A per-checkout random key kept under var/, so sessions survive restarts."""
    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret_key()
# The demo and scale data (load_demo, generate_scale_data): never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "devdata"]
PORTAL_DEMO_DATA = True

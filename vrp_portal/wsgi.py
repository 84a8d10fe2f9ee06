import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vrp_portal.settings.production")
application = get_wsgi_application()

# Refuse to serve with settings that lack what the portal needs (partnership/checks.py):
# gunicorn then stops with the reason instead of answering 500 to every page.
from partnership.checks import serious_problems  # noqa: E402 (needs the apps loaded)

if problems := serious_problems():
    raise ImproperlyConfigured("\n".join(f"{problem.id}: {problem.msg} {problem.hint or ''}" for problem in problems))

"""Run inside the benchmark database: a signed-in staff session and the pages' paths."""

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import NoReverseMatch, reverse

from partnership.models import User


def session_and_paths(pages):
    user = User.objects.get(username="vrp-staff")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    paths = {}
    for label, name, options in pages:
        if options is None:
            paths[label] = name
            continue
        kwargs = {}
        if options.get("kwargs") in ("return", "core_grant"):
            kwargs = _a_return() if options["kwargs"] == "return" else _a_core_grant()
            if kwargs is None:
                paths[label] = None
                continue
        try:
            path = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            paths[label] = None
            continue
        paths[label] = f"{path}?{options['query']}" if options.get("query") else path
    return {"cookie": session.session_key, "paths": paths}


def _a_return():
    from svd.models import QuarterlyReturn

    found = QuarterlyReturn.objects.order_by("pk").first()
    return {"pk": found.pk} if found else None


def _a_core_grant():
    from grants.models import Grant

    found = Grant.objects.core().order_by("-period__starts_on", "pk").first()
    return {"pk": found.pk} if found else None

"""The sign-in lockout backend: django-axes, tolerant of calls with no request."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes's backend, which refuses a locked-out username+IP pair.

    Every sign-in over HTTP (the sign-in page, the admin, the API) passes the
    request, so axes counts and locks it. Only code with no request at all
    (a shell, the test client's `login()`) calls without one; there is no
    address to lock, so this backend stands aside and the next one decides.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_username(request, credentials):
    """The username axes counts failures against, cut to its 255-character column:
    an overlong name sent to any sign-in endpoint must be a failed attempt, not
    a database error."""
    if credentials:
        username = credentials.get("username")
    else:
        username = request.POST.get("username") if request is not None else None
    return username[:255] if isinstance(username, str) else username

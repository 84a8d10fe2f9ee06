"""Session protections that apply to every request: the absolute session lifetime
and two-factor sign-in for the roles that need it.

The idle timeout is Django's own (SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST);
both timeouts are set in vrp_portal/settings/base.py only.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect

from . import two_factor

SIGNED_IN_AT = "portal_signed_in_at"


def mark_signed_in(session):
    session[SIGNED_IN_AT] = int(time.time())


class AbsoluteSessionTimeoutMiddleware:
    """Ends a session a fixed time after sign-in, however busy it has been."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT)
            if signed_in_at is None:
                mark_signed_in(request.session)
            elif time.time() - signed_in_at > settings.PORTAL_SESSION_ABSOLUTE_TIMEOUT_SECONDS:
                logout(request)
                messages.info(
                    request, "You have been signed out because your session reached its time limit. Sign in again."
                )
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


# Pages an unverified user may still reach: the two-factor steps themselves,
# signing out, and what the sign-in pages need.
_OPEN_PREFIXES = ("/static/", "/healthz", "/sign-out/", "/two-factor/", "/accessibility/", "/password-reset/")


class TwoFactorRequiredMiddleware:
    """Sends a signed-in user whose role needs two-factor sign-in, and who has not
    entered a code this session, to set it up (no device yet) or to enter a code.

    Runs after django-otp's OTPMiddleware, which sets `request.user.is_verified()`.
    The admin site is covered too (and checks again itself: vrp_portal.admin_site).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and two_factor.is_required_for(user)
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Two-factor sign-in is required. Sign in through the portal first."}, status=403
                )
            target = "two_factor_verify" if two_factor.has_device(user) else "two_factor_setup"
            response = redirect(target)
            if request.method == "GET":
                response["Location"] += "?next=" + _quote(request.get_full_path())
            return response
        return self.get_response(request)


def _quote(path):
    from urllib.parse import quote

    return quote(path, safe="/")

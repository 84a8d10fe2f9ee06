"""Two-factor sign-in: who needs it, setting it up, and entering a code.

The flow: sign in with a password; if the role needs two-factor sign-in and the
user has no authenticator yet, set one up (scan the QR code or type the secret,
confirm a code, see the backup codes once); otherwise enter a code from the
authenticator app or a backup code. Until then TwoFactorRequiredMiddleware keeps
the user on these pages.
"""

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import TwoFactorCodeForm

AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"


def is_required_for(user) -> bool:
    """VRP staff and admins always (every role with PORTAL_2FA_REQUIRED_FOR_ALL_ROLES),
    unless PORTAL_REQUIRE_2FA is off, which only the local demo may do."""
    if not settings.PORTAL_REQUIRE_2FA:
        return False
    return settings.PORTAL_2FA_REQUIRED_FOR_ALL_ROLES or user.is_vrp_staff


def has_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def qr_code_svg(data: str) -> str:
    """The QR code as inline SVG markup: no data URI, no script, so the CSP holds."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    # The XML declaration is not allowed inside HTML.
    return svg.split("?>", 1)[1] if svg.startswith("<?xml") else svg


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _backup_codes_issue(user) -> list[str]:
    """A fresh set of single-use backup codes, replacing any earlier set."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.PORTAL_2FA_BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@never_cache
@sensitive_post_parameters("otp_token")
@login_required
def setup(request):
    user = request.user
    if has_device(user):
        # Replacing an authenticator is an admin's job (delete the device in the
        # admin); otherwise a stolen password would be enough to enrol a new one.
        return redirect("two_factor_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    form = TwoFactorCodeForm(request.POST if request.method == "POST" else None, submit_label="Confirm")
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _backup_codes_issue(user)
            otp_login(request, device)
            return render(
                request,
                "registration/two_factor_backup_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error("otp_token", "The code is not right. Enter the 6-digit code your app shows now.")
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": mark_safe(qr_code_svg(device.config_url)),
            "secret": _spaced(device.bin_key),
            "next": _next_url(request),
        },
    )


def _spaced(key: bytes) -> str:
    from base64 import b32encode

    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@never_cache
@sensitive_post_parameters("otp_token")
@login_required
def verify(request):
    user = request.user
    if not has_device(user):
        return redirect("two_factor_setup")
    form = TwoFactorCodeForm(request.POST if request.method == "POST" else None, submit_label="Continue")
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["otp_token"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.info(request, f"You used a backup code. You have {left} left.")
            return redirect(_next_url(request))
        form.add_error(
            "otp_token", "The code is not right. Enter the 6-digit code your app shows now, or a backup code."
        )
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)})


class PortalAdminSite(admin.AdminSite):
    """The admin asks for a verified second factor too, whenever the portal does.

    django-otp's OTPAdminSite always asks; this one follows PORTAL_REQUIRE_2FA so
    that the local demo's admin works without an authenticator.
    """

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return request.user.is_verified() or not is_required_for(request.user)

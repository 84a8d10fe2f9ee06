"""Two-factor sign-in: who must use it, setting it up, entering a code or a
backup code, the admin site, and the setting that only the demo may turn off."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.two_factor import PortalAdminSite, is_required_for

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def _signed_in(username):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the password step should succeed"
    return client


def _code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@override_settings(PORTAL_REQUIRE_2FA=True)
def test_it_sends_staff_without_an_authenticator_to_set_one_up(users):
    client = _signed_in("staff")
    response = client.get("/grants/")
    assert response.status_code == 302
    assert response["Location"] == "/two-factor/set-up/?next=/grants/"
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and "data:image" not in page
    device = TOTPDevice.objects.get(user=users["staff"])
    assert not device.confirmed


@override_settings(PORTAL_REQUIRE_2FA=True)
def test_it_refuses_a_wrong_setup_code_and_keeps_the_user_out(users):
    client = _signed_in("staff")
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"otp_token": "000000"})
    assert response.status_code == 200
    assert response.context["form"].errors["otp_token"] == [
        "The code is not right. Enter the 6-digit code your app shows now."
    ]
    assert not TOTPDevice.objects.get(user=users["staff"]).confirmed
    assert client.get("/").status_code == 302


@override_settings(PORTAL_REQUIRE_2FA=True)
def test_it_confirms_the_authenticator_shows_backup_codes_once_and_lets_the_user_in(users):
    client = _signed_in("staff")
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=users["staff"])
    response = client.post(reverse("two_factor_setup"), {"otp_token": _code(device), "next": "/"})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == settings.PORTAL_2FA_BACKUP_CODES
    page = response.content.decode()
    assert all(code in page for code in codes)
    assert "You will not see these codes again" in page
    assert client.get("/").status_code == 200
    # Set up once: the page now sends the user to enter a code, never shows the secret again.
    again = client.get(reverse("two_factor_setup"))
    assert again.status_code == 302 and again["Location"] == reverse("two_factor_verify")


def _enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    from partnership.two_factor import _backup_codes_issue

    return device, _backup_codes_issue(user)


@override_settings(PORTAL_REQUIRE_2FA=True)
def test_it_asks_an_enrolled_user_for_a_code_at_every_sign_in(users):
    device, _ = _enrolled(users["admin"])
    client = _signed_in("admin")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/two-factor/?next=/admin/"
    wrong = client.post(reverse("two_factor_verify"), {"otp_token": "123456", "next": "/admin/"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["otp_token"]
    # After a wrong code the device makes the user wait a little (django-otp throttling).
    device.refresh_from_db()
    device.throttle_reset()
    right = client.post(reverse("two_factor_verify"), {"otp_token": _code(device), "next": "/admin/"})
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@override_settings(PORTAL_REQUIRE_2FA=True)
def test_it_accepts_a_backup_code_once(users):
    _, codes = _enrolled(users["staff"])
    first = _signed_in("staff")
    assert first.post(reverse("two_factor_verify"), {"otp_token": codes[0]}).status_code == 302
    assert first.get("/").status_code == 200
    assert StaticToken.objects.filter(token=codes[0]).count() == 0
    second = _signed_in("staff")
    reused = second.post(reverse("two_factor_verify"), {"otp_token": codes[0]})
    assert reused.status_code == 200
    assert second.get("/").status_code == 302


@override_settings(PORTAL_REQUIRE_2FA=True)
def test_it_does_not_follow_a_next_link_to_another_site(users):
    device, _ = _enrolled(users["staff"])
    client = _signed_in("staff")
    response = client.post(reverse("two_factor_verify"), {"otp_token": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


@override_settings(PORTAL_REQUIRE_2FA=True)
def test_it_does_not_ask_coordinators_or_panel_members_unless_told_to(users):
    assert _signed_in("leeds").get("/").status_code == 200
    assert _signed_in("panel").get("/").status_code == 200
    with override_settings(PORTAL_2FA_REQUIRED_FOR_ALL_ROLES=True):
        for name in ("leeds", "panel"):
            response = _signed_in(name).get("/")
            assert response.status_code == 302 and response["Location"].startswith("/two-factor/set-up/")


@override_settings(PORTAL_REQUIRE_2FA=True)
def test_it_refuses_the_api_to_an_unverified_session(users):
    response = _signed_in("staff").get("/api/v1/")
    assert response.status_code == 403
    assert "Two-factor" in response.json()["detail"]


def test_it_lets_the_demo_turn_enforcement_off(users):
    with override_settings(PORTAL_REQUIRE_2FA=False):
        assert not is_required_for(users["admin"])
        assert _signed_in("staff").get("/").status_code == 200
    with override_settings(PORTAL_REQUIRE_2FA=True):
        assert is_required_for(users["admin"]) and is_required_for(users["staff"])
        assert not is_required_for(users["leeds"])


@override_settings(PORTAL_REQUIRE_2FA=True)
def test_it_refuses_the_admin_site_to_an_unverified_superuser(users):
    request = RequestFactory().get("/admin/")
    request.user = users["admin"]
    request.user.is_verified = lambda: False
    assert not PortalAdminSite().has_permission(request)
    request.user.is_verified = lambda: True
    assert PortalAdminSite().has_permission(request)


def _production(**extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vrp_portal.settings.production",
        "SECRET_KEY": "a" * 20 + os.urandom(24).hex(),
        "ALLOWED_HOSTS": "vrp.example.org",
        **extra,
    }
    return env


def test_it_refuses_to_start_production_with_two_factor_off():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=_production(PORTAL_REQUIRE_2FA="false"),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "PORTAL_REQUIRE_2FA cannot be turned off in production" in result.stderr


@override_settings(PORTAL_REQUIRE_2FA=True)
def test_it_asks_for_the_code_when_the_form_is_sent_empty(users):
    _enrolled(users["staff"])
    client = _signed_in("staff")
    response = client.post(reverse("two_factor_verify"), {})
    assert response.status_code == 200
    assert response.context["form"].errors["otp_token"] == ["Enter the code from your authenticator app"]

"""Sessions end after inactivity, at an absolute limit however busy, and at once
when an account is disabled; cookies are HTTP-only and SameSite."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.UTC)


def _signed_in(username):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": "correct-horse-battery"})
    assert response.status_code == 302
    return client


def _sent_to_sign_in(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_it_sets_http_only_same_site_session_cookies(users):
    client = Client()
    client.post(reverse("login"), {"username": "leeds", "password": "correct-horse-battery"})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == settings.SESSION_COOKIE_AGE


def test_it_signs_out_after_the_idle_timeout(users):
    with time_machine.travel(NOW, tick=False) as clock:
        client = _signed_in("leeds")
        clock.shift(settings.SESSION_COOKIE_AGE - 60)
        assert client.get("/").status_code == 200
        clock.shift(settings.SESSION_COOKIE_AGE + 1)
        assert _sent_to_sign_in(client.get("/"))


def test_it_signs_out_at_the_absolute_limit_however_busy(users):
    step = settings.SESSION_COOKIE_AGE - 60
    with time_machine.travel(NOW, tick=False) as clock:
        client = _signed_in("leeds")
        elapsed = 0
        while elapsed + step < settings.PORTAL_SESSION_ABSOLUTE_TIMEOUT_SECONDS:
            clock.shift(step)
            elapsed += step
            assert client.get("/").status_code == 200, f"still active after {elapsed} seconds"
        clock.shift(step)
        response = client.get("/")
        assert _sent_to_sign_in(response)
        page = client.get(response["Location"]).content.decode()
        assert "your session reached its time limit" in page


def test_it_ends_every_session_of_a_disabled_account(users):
    leeds_laptop, leeds_phone, bradford = _signed_in("leeds"), _signed_in("leeds"), _signed_in("bradford")
    assert Session.objects.count() == 3
    user = users["leeds"]
    user.is_active = False
    user.save()
    assert Session.objects.count() == 1
    assert _sent_to_sign_in(leeds_laptop.get("/"))
    assert _sent_to_sign_in(leeds_phone.get("/"))
    assert bradford.get("/").status_code == 200


def test_it_refuses_a_disabled_account_at_sign_in(users):
    users["leeds"].is_active = False
    users["leeds"].save()
    response = Client().post(reverse("login"), {"username": "leeds", "password": "correct-horse-battery"})
    assert response.status_code == 200
    assert "_auth_user_id" not in Client().session

"""Signing in: the lockout per username and address, its message, the cool-off
and the admin's unlock; the sign-in records in the audit trail."""

import datetime
from io import StringIO

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _sign_in(username, password, ip="10.0.0.1"):
    client = Client(REMOTE_ADDR=ip)
    return client, client.post(reverse("login"), {"username": username, "password": password})


def _fail(username, times, ip="10.0.0.1"):
    responses = [_sign_in(username, "wrong-password", ip)[1] for _ in range(times)]
    return responses[-1]


def test_it_locks_a_username_and_address_out_after_the_failure_limit(users):
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    below = _fail("leeds", settings.AXES_FAILURE_LIMIT - 1)
    assert below.status_code == 200
    assert "Enter a correct username and password" in below.content.decode()

    locked = _fail("leeds", 1)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "You cannot sign in for now" in page
    assert "Try again in 15 minutes" in page
    assert "ask a portal administrator to unlock your account" in page

    # The right password does not help while locked out.
    client, response = _sign_in("leeds", "correct-horse-battery")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_does_not_lock_out_the_same_user_elsewhere_or_others_here(users):
    _fail("leeds", settings.AXES_FAILURE_LIMIT)
    client, response = _sign_in("leeds", "correct-horse-battery", ip="10.0.0.2")
    assert response.status_code == 302
    client, response = _sign_in("bradford", "correct-horse-battery", ip="10.0.0.1")
    assert response.status_code == 302


def test_it_lets_the_user_in_again_after_the_cool_off(users):
    _fail("leeds", settings.AXES_FAILURE_LIMIT)
    later = datetime.datetime.now(tz=datetime.UTC) + settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)
    with time_machine.travel(later):
        _, response = _sign_in("leeds", "correct-horse-battery")
    assert response.status_code == 302


def test_it_lets_an_admin_unlock_an_account(users):
    _fail("leeds", settings.AXES_FAILURE_LIMIT)
    assert AccessAttempt.objects.filter(username="leeds").exists()
    call_command("axes_reset_username", "leeds", stdout=StringIO())
    _, response = _sign_in("leeds", "correct-horse-battery")
    assert response.status_code == 302


def test_it_lets_an_admin_unlock_through_the_admin(users, client_for):
    _fail("leeds", settings.AXES_FAILURE_LIMIT)
    attempt = AccessAttempt.objects.get(username="leeds")
    admin = client_for("admin")
    response = admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    _, response = _sign_in("leeds", "correct-horse-battery")
    assert response.status_code == 302


def test_it_records_sign_ins_and_failures_without_passwords(users):
    _sign_in("leeds", "correct-horse-battery")
    _sign_in("leeds", "a-secret-guess")
    assert AccessLog.objects.filter(username="leeds").count() == 1
    assert AccessFailureLog.objects.filter(username="leeds").count() == 1
    attempt = AccessAttempt.objects.get(username="leeds")
    assert "a-secret-guess" not in attempt.get_data + attempt.post_data


def test_it_sends_the_admin_login_to_the_portal_sign_in(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/admin/"


def test_it_sends_a_password_reset_link_by_email(users, client):
    from django.core import mail

    users["leeds"].email = "leeds@example.org"
    users["leeds"].save()
    response = client.post(reverse("password_reset"), {"email": "leeds@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/password-reset/" in line).split("testserver", 1)[1]
    form_page = client.get(link, follow=True)
    assert "Set a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-much-longer-passphrase-9", "new_password2": "a-much-longer-passphrase-9"},
    )
    assert done.status_code == 302
    users["leeds"].refresh_from_db()
    assert users["leeds"].check_password("a-much-longer-passphrase-9")


def test_it_refuses_a_weak_new_password(users, client):
    from django.core import mail

    users["leeds"].email = "leeds@example.org"
    users["leeds"].save()
    client.post(reverse("password_reset"), {"email": "leeds@example.org"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line).split("testserver", 1)[
        1
    ]
    form_page = client.get(link, follow=True)
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": "password", "new_password2": "password"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    users["leeds"].refresh_from_db()
    assert users["leeds"].check_password("correct-horse-battery")


def test_it_refuses_an_overlong_username_on_the_field(users):
    client, response = _sign_in("x" * 300, "whatever")
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == ["Username must be 150 characters or fewer"]
    assert not AccessAttempt.objects.exists()


def test_it_counts_an_overlong_username_from_any_sign_in_path_as_a_failure(users, rf):
    from django.contrib.auth import authenticate

    request = rf.post("/api/v1/token/", {"username": "y" * 400})
    request.axes_ip_address = "10.0.0.9"
    assert authenticate(request=request, username="y" * 400, password="whatever") is None
    assert AccessAttempt.objects.get().username == "y" * 255

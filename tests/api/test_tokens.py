"""Personal API tokens: made and revoked on the account page, shown once,
stored hashed, refused at once when revoked."""

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from partnership.models import ApiToken
from partnership.services import api_token_create, api_token_revoke

ORGANISATIONS = "/api/v1/organisations/"


def bearer(raw):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_it_redirects_anonymous_users_to_sign_in(client, users):
    response = client.get(reverse("account"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("name", ["staff", "leeds", "panel"])
def test_it_shows_the_account_page_to_every_role(client_for, name):
    response = client_for(name).get(reverse("account"))
    assert response.status_code == 200
    assert b"API tokens" in response.content


def test_it_shows_a_new_token_once_and_stores_only_its_digest(client_for, users):
    client = client_for("staff")
    response = client.post(reverse("account"), {"name": "Dashboard feed"})
    assert response.status_code == 200
    raw = response.context["new_secret"]
    assert raw.startswith("vrp_")
    assert raw.encode() in response.content
    assert response["Cache-Control"] == "no-store"

    token = ApiToken.objects.get(user=users["staff"])
    assert token.name == "Dashboard feed"
    secret = raw.split("_", 2)[2]
    assert token.secret_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.prefix, token.secret_sha256, token.name}

    again = client.get(reverse("account"))
    assert raw.encode() not in again.content
    assert b"Dashboard feed" in again.content


def test_it_refuses_a_token_without_a_name(client_for):
    response = client_for("staff").post(reverse("account"), {"name": ""})
    assert response.status_code == 200
    assert b"Enter a name for the token" in response.content
    assert not ApiToken.objects.exists()


def test_it_lets_a_token_act_as_its_user(users):
    _, raw = api_token_create(user=users["staff"], name="t")
    response = bearer(raw).get(ORGANISATIONS)
    assert response.status_code == 200
    assert response.json()["count"] == 4


def test_it_gives_a_token_its_users_role(users):
    """A coordinator's token sees what the coordinator's pages see: reference data is staff only."""
    _, raw = api_token_create(user=users["leeds"], name="t")
    response = bearer(raw).get(ORGANISATIONS)
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_it_records_when_a_token_was_last_used(client_for, users):
    token, raw = api_token_create(user=users["staff"], name="t")
    assert token.last_used_at is None
    bearer(raw).get(ORGANISATIONS)
    token.refresh_from_db()
    assert token.last_used_at is not None
    page = client_for("staff").get(reverse("account"))
    assert b"Never" not in page.content


def test_it_refuses_a_revoked_token_at_once(users):
    token, raw = api_token_create(user=users["staff"], name="t")
    client = bearer(raw)
    assert client.get(ORGANISATIONS).status_code == 200
    api_token_revoke(token=token, by=users["staff"])
    response = client.get(ORGANISATIONS)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_revokes_from_the_account_page(client_for, users):
    token, raw = api_token_create(user=users["leeds"], name="Spreadsheet")
    response = client_for("leeds").post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.is_revoked
    assert bearer(raw).get(ORGANISATIONS).status_code == 401
    page = client_for("leeds").get(reverse("account"))
    assert b"Revoked" in page.content


def test_it_hides_another_users_token(client_for, users):
    token, raw = api_token_create(user=users["leeds"], name="Leeds only")
    response = client_for("bradford").post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert not token.is_revoked
    assert b"Leeds only" not in client_for("bradford").get(reverse("account")).content
    assert b"Leeds only" not in client_for("staff").get(reverse("account")).content


def test_it_refuses_a_token_of_a_deactivated_user(users):
    _, raw = api_token_create(user=users["staff"], name="t")
    users["staff"].is_active = False
    users["staff"].save()
    assert bearer(raw).get(ORGANISATIONS).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer vrp_nope", "Bearer vrp_0123456789ab_wrongsecret", "Bearer a b"],
)
def test_it_refuses_malformed_or_unknown_tokens(users, header):
    api_token_create(user=users["staff"], name="t")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(ORGANISATIONS)
    assert response.status_code == 401


def test_it_refuses_a_right_prefix_with_the_wrong_secret(users):
    token, raw = api_token_create(user=users["staff"], name="t")
    forged = f"vrp_{token.prefix}_{'x' * 43}"
    assert bearer(forged).get(ORGANISATIONS).status_code == 401


def test_it_keeps_session_authentication_for_the_browser(client_for):
    assert client_for("staff").get(ORGANISATIONS).status_code == 200


def test_it_refuses_anonymous_requests_with_401(client, users):
    response = client.get(ORGANISATIONS)
    assert response.status_code == 401
    assert response.json() == {
        "status": 401,
        "code": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
        "errors": [],
    }


def test_it_gives_a_new_token_the_default_term(users, settings):
    settings.PORTAL_API_TOKEN_DAYS = 30
    token, _ = api_token_create(user=users["staff"], name="t")
    assert abs(token.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)


def test_it_lets_the_owner_choose_the_term_on_the_account_page(client_for, users):
    response = client_for("staff").post(reverse("account"), {"name": "Weekly job", "days": "7"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=users["staff"])
    assert abs(token.expires_at - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)
    page = response.content.decode()
    assert "Expires" in page and f"{token.expires_at:%-d %b %Y}" in page


def test_it_refuses_a_term_it_does_not_offer(client_for, users):
    response = client_for("staff").post(reverse("account"), {"name": "Forever", "days": "100000"})
    assert b"Choose when the token expires" in response.content
    assert not ApiToken.objects.exists()


def test_it_refuses_an_expired_token_and_says_so(client_for, users):
    token, raw = api_token_create(user=users["staff"], name="Old feed")
    assert bearer(raw).get(ORGANISATIONS).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = bearer(raw).get(ORGANISATIONS)
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "token_expired"
    assert "expired on" in body["detail"] and "/account/" in body["detail"]
    page = client_for("staff").get(reverse("account")).content.decode()
    assert "Expired" in page


def test_it_records_last_use_at_most_once_a_minute(users, django_assert_num_queries):
    token, raw = api_token_create(user=users["staff"], name="t")
    client = bearer(raw)
    client.get(ORGANISATIONS)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(ORGANISATIONS)
    token.refresh_from_db()
    assert token.last_used_at == first, "a second request within the minute writes nothing"
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get(ORGANISATIONS)
    token.refresh_from_db()
    assert token.last_used_at > first


def test_it_shows_when_each_token_was_last_used(client_for, users):
    token, raw = api_token_create(user=users["staff"], name="t")
    bearer(raw).get(ORGANISATIONS)
    token.refresh_from_db()
    page = client_for("staff").get(reverse("account")).content.decode()
    assert timezone.localtime(token.last_used_at).strftime("%-d %b %Y %H:%M") in page


def test_it_refuses_the_token_of_a_role_that_needs_two_factor_until_it_is_set_up(users, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    token, raw = api_token_create(user=users["staff"], name="t")
    settings.PORTAL_REQUIRE_2FA = True
    response = bearer(raw).get(ORGANISATIONS)
    assert response.status_code == 401
    assert response.json()["code"] == "two_factor_required"
    TOTPDevice.objects.create(user=users["staff"], name="Authenticator app", confirmed=True)
    assert bearer(raw).get(ORGANISATIONS).status_code == 200
    # A coordinator's role does not require it (unless PORTAL_2FA_REQUIRED_FOR_ALL_ROLES).
    _, coordinator = api_token_create(user=users["leeds"], name="t")
    assert bearer(coordinator).get(ORGANISATIONS).status_code == 200


def test_it_creates_a_token_only_from_a_session_with_the_second_factor(client_for, users, settings):
    settings.PORTAL_REQUIRE_2FA = True
    client = client_for("staff")  # signed in with a password only
    response = client.post(reverse("account"), {"name": "Sneaky"})
    assert response.status_code in (200, 302)
    assert not ApiToken.objects.exists()

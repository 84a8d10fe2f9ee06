"""People and roles in the admin (issue 13): invite, role and CSPs, deactivate,
unlock, reset the second factor, and every change recorded."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from partnership.models import ApiToken, Role, RoleChange, User
from partnership.services import api_token_create


@pytest.fixture
def admin_client(users):
    client = Client()
    client.force_login(users["admin"])
    return client


def _invite(admin_client, reference_data, **overrides):
    data = {
        "username": "newcoord",
        "email": "new@example.org",
        "first_name": "New",
        "last_name": "Coordinator",
        "role": Role.CSP_COORDINATOR,
        "csps": [reference_data["orgs"]["csp_leeds"].pk, reference_data["orgs"]["csp_bradford"].pk],
        "_save": "Save",
    }
    data.update(overrides)
    return admin_client.post(reverse("admin:partnership_user_add"), data)


def test_the_user_admin_page_answers(admin_client):
    assert admin_client.get("/admin/partnership/user/").status_code == 200
    for name in ("partnership", "district", "organisation", "financialyear"):
        assert admin_client.get(f"/admin/partnership/{name}/").status_code == 200


def test_an_invited_coordinator_of_two_csps_chooses_a_password_from_the_link(admin_client, reference_data):
    response = _invite(admin_client, reference_data)
    assert response.status_code == 302, _debug_form_errors(response)
    person = User.objects.get(username="newcoord")
    assert person.role == Role.CSP_COORDINATOR
    assert set(person.csps.values_list("name", flat=True)) == {"Safer Leeds", "Bradford CSP"}
    assert not person.has_usable_password()
    assert RoleChange.objects.filter(user=person, what__contains="CSP coordinator (Bradford CSP, Safer Leeds)").exists()

    (message,) = mail.outbox
    assert message.to == ["new@example.org"]
    link = re.search(r"http://testserver(/invitation/\S+/)", message.body).group(1)
    visitor = Client()
    page = visitor.get(link, follow=True)
    assert "Choose your password" in page.content.decode()
    visitor.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a long new passphrase 7", "new_password2": "a long new passphrase 7"},
    )
    person.refresh_from_db()
    assert person.check_password("a long new passphrase 7")
    # Used once: the same link is refused now.
    assert "expired or been used" in Client().get(link, follow=True).content.decode()


def test_a_coordinator_without_a_csp_is_refused_next_to_the_field(admin_client, reference_data):
    response = _invite(admin_client, reference_data, csps=[])
    assert response.status_code == 200
    assert "Choose the CSP, or CSPs, this person coordinates" in response.content.decode()
    assert not User.objects.filter(username="newcoord").exists()
    assert mail.outbox == []


def test_a_change_of_role_is_recorded_with_who_made_it(admin_client, users, reference_data):
    person = users["staff2"]
    response = admin_client.post(
        reverse("admin:partnership_user_change", args=[person.pk]),
        {
            "username": person.username,
            "email": "s2@example.org",
            "first_name": "",
            "last_name": "",
            "role": Role.PANEL_MEMBER,
            "is_active": "on",
            "role_changes-TOTAL_FORMS": "0",
            "role_changes-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, _debug_form_errors(response)
    person.refresh_from_db()
    assert person.role == Role.PANEL_MEMBER
    change = RoleChange.objects.get(user=person)
    assert change.by == users["admin"]
    assert "VRP staff" in change.what and "→" in change.what


def test_deactivating_ends_sessions_and_api_tokens_at_once(admin_client, users):
    person = users["staff2"]
    signed_in = Client()
    signed_in.force_login(person)
    token, raw = api_token_create(user=person, name="spreadsheet")
    assert signed_in.get(reverse("home")).status_code == 200

    admin_client.post(
        reverse("admin:partnership_user_changelist"), {"action": "deactivate", "_selected_action": [person.pk]}
    )

    person.refresh_from_db()
    assert not person.is_active
    assert signed_in.get(reverse("home")).status_code == 302  # sent to sign in
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert Client().get("/api/v1/grants/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert RoleChange.objects.filter(user=person, what__startswith="Deactivated").exists()


def test_unlock_clears_a_lockout_and_reset_removes_second_factor_devices(admin_client, users, settings):
    from axes.models import AccessAttempt
    from django_otp.plugins.otp_totp.models import TOTPDevice

    person = users["staff2"]
    AccessAttempt.objects.create(
        username=person.username, ip_address="10.0.0.1", failures_since_start=settings.AXES_FAILURE_LIMIT
    )
    TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
    page = admin_client.get(reverse("admin:partnership_user_change", args=[person.pk])).content.decode()
    assert "Locked out" in page and "Set up (1 device)" in page

    url = reverse("admin:partnership_user_changelist")
    admin_client.post(url, {"action": "unlock", "_selected_action": [person.pk]})
    admin_client.post(url, {"action": "reset_second_factor", "_selected_action": [person.pk]})

    assert not AccessAttempt.objects.filter(username=person.username).exists()
    assert not TOTPDevice.objects.filter(user=person).exists()


def test_an_organisation_in_use_is_not_deleted_and_can_be_retired(admin_client, users, reference_data):
    leeds = reference_data["orgs"]["csp_leeds"]
    from svd.returns.services import returns_open_quarter

    returns_open_quarter(quarter=reference_data["years"][2024].quarters.get(number=1))
    url = reverse("admin:partnership_organisation_changelist")
    response = admin_client.post(url, {"action": "delete_selected", "_selected_action": [leeds.pk], "post": "yes"})
    assert "Cannot delete organisation" in response.content.decode()
    leeds.refresh_from_db()  # still there
    admin_client.post(url, {"action": "retire", "_selected_action": [leeds.pk]})
    leeds.refresh_from_db()
    assert leeds.is_active is False


def _debug_form_errors(response):
    """The admin form's errors, so a failing assertion says why the page did not save."""
    return response.context and response.context["adminform"].form.errors

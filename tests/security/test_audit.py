"""The audit trail: staff see who changed what and when, per object and across
the portal; nobody can edit or delete an entry, through the portal or the admin."""

import datetime
import re

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grants.models import Grant, GrantStatus
from partnership.audit import tracked_models

pytestmark = pytest.mark.django_db


@pytest.fixture
def grant_changed_by_staff(demo_users):
    grant = Grant.objects.order_by("pk").first()
    grant._history_user = demo_users["staff"]
    grant.status = (
        GrantStatus.choices[-1][0] if grant.status != GrantStatus.choices[-1][0] else GrantStatus.choices[0][0]
    )
    grant.notes = "Indicative letter received"
    grant.save()
    return grant


def test_it_tracks_every_money_and_workflow_model():
    labels = set(tracked_models())
    for label in (
        "grants.grant",
        "grants.grantconditions",
        "grants.matchcontribution",
        "svd.svdallocation",
        "svd.svdshare",
        "interventions.intervention",
        "interventions.quarterlyoutcome",
    ):
        assert label in labels


def test_it_lists_recent_changes_across_the_portal_for_staff(client_as, grant_changed_by_staff):
    response = client_as("staff").get(reverse("audit"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows, "the demo data has history"
    assert rows == sorted(rows, key=lambda row: row["when"], reverse=True)
    assert {"grants.grant", "svd.svdallocation"} <= {row["label"] for row in rows} or response.context["has_next"]


def test_it_filters_by_model_user_and_date(client_as, grant_changed_by_staff):
    staff = client_as("staff")
    by_model = staff.get(reverse("audit"), {"model": "grants.grant"}).context["rows"]
    assert by_model and {row["label"] for row in by_model} == {"grants.grant"}

    # The demo's staff member also approved the demo's quarterly returns, and its
    # coordinators filled them in: each user's filter shows their changes only.
    by_user = staff.get(reverse("audit"), {"user": "vrp-staff"}).context["rows"]
    assert {row["who"] for row in by_user} == {"vrp-staff"}
    assert [(row["label"], row["object_id"], row["who"]) for row in by_user][0] == (
        "grants.grant",
        grant_changed_by_staff.pk,
        "vrp-staff",
    )
    by_coordinator = staff.get(reverse("audit"), {"user": "csp-leeds"}).context["rows"]
    assert by_coordinator and {row["who"] for row in by_coordinator} == {"csp-leeds"}
    assert ("grants.grant", grant_changed_by_staff.pk) not in {
        (row["label"], row["object_id"]) for row in by_coordinator
    }

    today = timezone.localdate()
    assert staff.get(reverse("audit"), date_boxes("date_from", today)).context["rows"]
    tomorrow = today + datetime.timedelta(days=1)
    assert staff.get(reverse("audit"), date_boxes("date_from", tomorrow)).context["rows"] == []


def date_boxes(name, day):
    """A date as GOV.UK's date input sends it: day, month and year boxes."""
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def test_it_explains_a_bad_filter_on_the_field(client_as):
    response = client_as("staff").get(
        reverse("audit"),
        date_boxes("date_from", datetime.date(2026, 5, 2))
        | date_boxes("date_to", datetime.date(2026, 5, 1))
        | {"model": "nope"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"date_to", "model"}


def test_it_shows_an_objects_history_with_old_and_new_values(client_as, grant_changed_by_staff):
    url = reverse("audit_object", args=["grants.grant", grant_changed_by_staff.pk])
    response = client_as("staff").get(url)
    assert response.status_code == 200
    latest = response.context["timeline"][0]
    assert latest["who"] == "vrp-staff" and latest["change"] == "Changed"
    staff_user = grant_changed_by_staff.history.first().history_user
    assert latest["who_name"] == (staff_user.get_full_name() or staff_user.username)
    changes = {change["field"]: (change["old"], change["new"]) for change in latest["changes"]}
    assert changes["Notes"][1] == "Indicative letter received"
    statuses = dict(GrantStatus.choices)
    assert changes["Status"][1] == statuses[grant_changed_by_staff.status]  # the label, not the stored value
    assert response.context["timeline"][-1]["change"] == "Created"


def test_it_answers_404_for_an_untracked_model_or_unknown_object(client_as, demo_users):
    staff = client_as("staff")
    assert staff.get(reverse("audit_object", args=["partnership.user", demo_users["staff"].pk])).status_code == 404
    assert staff.get(reverse("audit_object", args=["grants.grant", 999999])).status_code == 404


def test_it_lists_sign_ins_and_failures(users):
    Client().post(reverse("login"), {"username": "leeds", "password": "correct-horse-battery"})
    Client().post(reverse("login"), {"username": "leeds", "password": "wrong"})
    staff = Client()
    staff.force_login(users["staff"])
    rows = staff.get(reverse("audit"), {"model": "sign-ins", "user": "leeds"}).context["rows"]
    assert sorted(row["change"] for row in rows) == ["Failed sign-in", "Signed in"]


@pytest.mark.parametrize("name", ["leeds", "bradford", "panel"])
def test_it_refuses_the_audit_trail_to_everyone_but_staff(client_as, grant_changed_by_staff, name):
    client = client_as(name)
    assert client.get(reverse("audit")).status_code == 403
    assert client.get(reverse("audit_object", args=["grants.grant", grant_changed_by_staff.pk])).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client, grant_changed_by_staff):
    for url in (reverse("audit"), reverse("audit_object", args=["grants.grant", grant_changed_by_staff.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_it_accepts_no_writes_on_the_audit_pages(client_as, grant_changed_by_staff):
    staff = client_as("staff")
    before = Grant.history.count()
    assert staff.post(reverse("audit")).status_code == 405
    assert staff.post(reverse("audit_object", args=["grants.grant", grant_changed_by_staff.pk])).status_code == 405
    assert Grant.history.count() == before


def _history_and_sign_in_models():
    history = {model.history.model for model in tracked_models().values()}
    return history | {AccessLog, AccessFailureLog}


def test_it_keeps_history_and_sign_in_records_read_only_in_the_admin(rf, users):
    request = rf.get("/admin/")
    request.user = users["admin"]
    for model in _history_and_sign_in_models():
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            continue  # not in the admin at all: nothing to edit there
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model


def test_it_refuses_a_superuser_deleting_a_sign_in_record_in_the_admin(client_for, users):
    Client().post(reverse("login"), {"username": "leeds", "password": "correct-horse-battery"})
    entry = AccessLog.objects.get(username="leeds")
    admin_client = client_for("admin")
    assert admin_client.get(reverse("admin:axes_accesslog_change", args=[entry.pk])).status_code == 200
    assert (
        admin_client.post(reverse("admin:axes_accesslog_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    )
    assert AccessLog.objects.filter(pk=entry.pk).exists()


def test_it_offers_no_revert_from_history_in_the_admin(client_as, grant_changed_by_staff):
    from django.conf import settings

    assert settings.SIMPLE_HISTORY_REVERT_DISABLED is True
    assert admin.site.is_registered(Grant)
    grant = grant_changed_by_staff
    first = Grant.history.filter(id=grant.pk).earliest("history_date")
    url = reverse("admin:grants_grant_simple_history", args=[grant.pk, first.history_id])
    before = Grant.history.count()
    response = client_as("admin").post(url, {"notes": "Reverted through the admin", "amount": "1.00"})
    assert response.status_code != 302, "the revert form must not be accepted"
    grant.refresh_from_db()
    assert grant.notes == "Indicative letter received"
    assert Grant.history.count() == before


def test_it_names_returns_people_and_amounts_as_people_know_them(client_as, demo_users):
    from svd.models import QuarterlyReturn

    approved = QuarterlyReturn.objects.filter(status="approved").select_related("csp").first()
    # The list is newest first, 50 a page: since the demo gained its Q4 returns an
    # approved Q1 return's changes are past the first page, so the list is checked
    # on the return changed last and the history page on the approved one.
    newest = QuarterlyReturn.objects.select_related("csp").get(
        pk=QuarterlyReturn.history.latest("history_date", "history_id").id
    )
    staff = client_as("staff")
    page = staff.get(reverse("audit"), {"model": "svd.quarterlyreturn"}).content.decode()
    assert f"{newest.csp.name} {newest.quarter.label} return" in page
    assert "Quarterly return " + str(newest.pk) not in page
    history = staff.get(reverse("audit_object", args=["svd.quarterlyreturn", approved.pk])).content.decode()
    assert f"History of {approved.csp.name} {approved.quarter.label} return" in history
    assert ">Approved<" in history and ">approved<" not in history
    assert not re.search(r"\d{1,2}:\d\d:\d\d|[ap]\.m\.", history)  # one 24-hour format, no seconds
    last_saved_by = approved.last_saved_by
    if last_saved_by is not None:
        assert f">{last_saved_by.pk}<" not in history


def test_it_pages_the_audit_trail(client_as, demo_users):
    staff = client_as("staff")
    first = staff.get(reverse("audit"))
    assert len(first.context["rows"]) == 50 and first.context["has_next"]
    second = staff.get(reverse("audit"), {"page": 2})
    assert second.context["rows"] and second.context["rows"][0]["when"] <= first.context["rows"][-1]["when"]
    assert 'rel="prev"' in second.content.decode()


def test_it_keeps_the_csrf_token_out_of_the_filter_url(client_as, demo_users):
    # A GET form's fields become the URL: a token there would sit in the browser's
    # history and in every paging link.
    page = client_as("staff").get(reverse("audit"), {"model": "svd.quarterlyreturn"}).content.decode()
    filter_form = re.search(r'<form method="get".*?</form>', page, re.S).group(0)
    assert 'name="model"' in filter_form
    assert "csrfmiddlewaretoken" not in filter_form

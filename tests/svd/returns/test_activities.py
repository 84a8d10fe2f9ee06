"""Free-text Annex B activities: a coordinator adds one for work not in the
register, and can take it off again while the return is still theirs to change."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from partnership.models import Role, User
from svd.models import AnnexBLine, ReturnStatus
from svd.returns import services

from .helpers import fill

ACTIVITY = "Knife crime assemblies"


@pytest.fixture
def activity(q1, users):
    """Leeds's draft return with an activity its coordinator added."""
    return services.activity_add(quarterly_return=q1["leeds"], name=ACTIVITY, by=users["leeds"])


@pytest.fixture
def leeds_colleague(reference_data):
    """A second coordinator for Safer Leeds: the same rights as the first."""
    user = User.objects.create_user(
        username="leeds-colleague",
        password="correct-horse-battery",
        role=Role.CSP_COORDINATOR,
        csp=reference_data["orgs"]["csp_leeds"],
    )
    client = Client()
    client.force_login(user)
    return client


def remove_url(line):
    return reverse("svd:activity_remove", args=[line.quarterly_return_id, line.pk])


def still_listed(line):
    return AnnexBLine.objects.filter(pk=line.pk).exists()


def test_it_lets_the_coordinator_remove_an_activity_they_added(client_for, activity):
    client = client_for("leeds")
    version = activity.quarterly_return.version

    response = client.post(remove_url(activity), follow=True)

    assert response.redirect_chain[-1][0] == reverse("svd:annex_b_edit", args=[activity.quarterly_return_id])
    assert f"Activity removed: {ACTIVITY}." in response.content.decode()
    assert not still_listed(activity)
    activity.quarterly_return.refresh_from_db()
    assert activity.quarterly_return.version == version + 1


def test_it_shows_the_removal_in_the_returns_history(client_for, activity):
    client_for("leeds").post(remove_url(activity))

    page = client_for("staff").get(reverse("svd:return_history", args=[activity.quarterly_return_id])).content.decode()

    row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{ACTIVITY}(?:(?!</tr>).)*Removed(?:(?!</tr>).)*</tr>", page, re.S)
    assert row and "leeds" in row.group(0)


def test_it_lets_a_colleague_of_the_same_csp_remove_it(leeds_colleague, activity):
    response = leeds_colleague.post(remove_url(activity))

    assert response.status_code == 302
    assert not still_listed(activity)


def test_it_refuses_the_other_csps_coordinator_and_panel_members(client_for, activity):
    assert client_for("bradford").post(remove_url(activity)).status_code == 404
    assert client_for("panel").post(remove_url(activity)).status_code == 403
    assert Client().post(remove_url(activity)).status_code == 302  # to sign in
    assert still_listed(activity)
    activity.quarterly_return.refresh_from_db()
    assert activity.quarterly_return.version == 2  # the add only


def test_it_refuses_once_the_return_is_submitted(client_for, users, activity):
    leeds = fill(activity.quarterly_return, users["leeds"])
    services.return_submit(quarterly_return=leeds, by=users["leeds"])

    response = client_for("leeds").post(remove_url(activity), follow=True)

    assert response.redirect_chain[-1][0] == reverse("svd:return_detail", args=[leeds.pk])
    assert "This return has been submitted, so it cannot be changed." in response.content.decode()
    assert still_listed(activity)
    assert "Remove" not in response.content.decode()
    with pytest.raises(services.ReturnNotEditable):
        services.activity_remove(line=activity, by=users["leeds"])


def test_it_offers_a_remove_button_naming_each_activity_but_none_for_an_intervention(client_for, q1, activity):
    page = client_for("leeds").get(reverse("svd:annex_b_edit", args=[q1["leeds"].pk])).content.decode()

    buttons = re.findall(
        r'<button type="submit" form="remove-activity-(\d+)"[^>]*aria-label="([^"]*)"[^>]*>(.*?)</button>', page, re.S
    )
    assert buttons == [(str(activity.pk), f"Remove this activity: {ACTIVITY}", "Remove this activity")]
    assert f'<form id="remove-activity-{activity.pk}" method="post" action="{remove_url(activity)}"' in page


def test_it_keeps_a_registered_intervention_on_the_return(client_for, users, q1, interventions):
    line = q1["leeds"].annex_b_lines.get(intervention=interventions["leeds"])

    assert client_for("leeds").post(remove_url(line)).status_code == 404
    with pytest.raises(ValidationError):
        services.activity_remove(line=line, by=users["leeds"])
    assert still_listed(line)


def test_it_refuses_the_other_csps_coordinator_in_the_service_too(users, activity):
    with pytest.raises(PermissionDenied):
        services.activity_remove(line=activity, by=users["bradford"])
    assert still_listed(activity)


def test_it_keeps_the_return_not_started_when_only_activities_change(users, q1, activity):
    services.activity_remove(line=activity, by=users["leeds"])

    q1["leeds"].refresh_from_db()
    assert (q1["leeds"].status, q1["leeds"].version) == (ReturnStatus.NOT_STARTED, 3)

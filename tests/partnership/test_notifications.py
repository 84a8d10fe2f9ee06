"""News that comes to people: who is told of each workflow step, on their home
page and by e-mail, what they chose not to be told, and that a broker that is
down never breaks the action that caused the news."""

from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from kombu.exceptions import OperationalError

from partnership.models import Notification, NotificationKind
from svd.returns import services
from tests.svd.returns.helpers import fill


@pytest.fixture
def addresses(users):
    for name, user in users.items():
        user.email = f"{name}@example.org"
        user.save()
    return users


def _submitted(q1, users):
    leeds = fill(q1["leeds"], users["leeds"])
    return services.return_submit(quarterly_return=leeds, by=users["leeds"])


def test_it_tells_staff_when_a_return_is_submitted_by_e_mail_and_on_their_home_page(
    q1, addresses, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _submitted(q1, addresses)

    assert sorted(m.to[0] for m in mail.outbox) == ["staff2@example.org", "staff@example.org"]
    assert mail.outbox[0].subject == "Safer Leeds submitted its Q1 2025/26 return"
    assert reverse("svd:return_detail", args=[q1["leeds"].pk]) in mail.outbox[0].body
    page = client_for("staff").get(reverse("home")).content.decode()
    assert "Safer Leeds submitted its Q1 2025/26 return" in page
    assert "Safer Leeds submitted" not in client_for("leeds").get(reverse("home")).content.decode()


def test_it_tells_the_coordinators_when_their_return_is_returned_with_the_comments(
    q1, addresses, django_capture_on_commit_callbacks
):
    submitted = _submitted(q1, addresses)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_send_back(
            quarterly_return=submitted, comments="Line 2's forecast needs a reason.", by=addresses["staff"]
        )

    assert [m.to for m in mail.outbox] == [["leeds@example.org"]]
    assert mail.outbox[0].subject == "Your Q1 2025/26 return needs changes"
    assert "Line 2's forecast needs a reason." in mail.outbox[0].body  # not HTML-escaped


def test_it_tells_staff_of_a_resubmission_and_the_coordinators_of_the_approval(
    q1, addresses, django_capture_on_commit_callbacks
):
    submitted = _submitted(q1, addresses)
    returned = services.return_send_back(quarterly_return=submitted, comments="Check Q1.", by=addresses["staff"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        resubmitted = services.return_submit(quarterly_return=returned, by=addresses["leeds"])
        services.return_approve(quarterly_return=resubmitted, by=addresses["staff"])

    subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert subjects == [
        ("leeds@example.org", "Your Q1 2025/26 return is approved"),
        ("staff2@example.org", "Safer Leeds resubmitted its Q1 2025/26 return"),
        ("staff@example.org", "Safer Leeds resubmitted its Q1 2025/26 return"),
    ]


def test_it_keeps_a_declined_kind_off_e_mail_but_on_the_home_page(
    q1, addresses, client_for, django_capture_on_commit_callbacks
):
    client = client_for("staff")
    page = client.get(reverse("account")).content.decode()
    assert "A CSP submits a quarterly return (VRP staff)" in page
    response = client.post(
        reverse("notification_preferences"), {"wanted": [NotificationKind.RETURN_RESUBMITTED]}, follow=True
    )
    assert "Your e-mail choices are saved." in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        _submitted(q1, addresses)

    assert [m.to for m in mail.outbox] == [["staff2@example.org"]]
    assert "Safer Leeds submitted its Q1 2025/26 return" in client.get(reverse("home")).content.decode()


def test_it_approves_the_return_when_the_broker_is_down_and_keeps_the_notice(
    q1, addresses, client_for, django_capture_on_commit_callbacks, caplog
):
    submitted = _submitted(q1, addresses)
    with (
        mock.patch("partnership.tasks.notifications_send.delay", side_effect=OperationalError("connection refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client_for("staff").post(reverse("svd:return_approve", args=[submitted.pk]), follow=True)

    submitted.refresh_from_db()
    assert submitted.status == "approved"
    assert response.status_code == 200
    assert "Your Q1 2025/26 return is approved" in client_for("leeds").get(reverse("home")).content.decode()
    assert "not queued" in caplog.text
    assert "leeds@example.org" not in caplog.text and "Safer Leeds" not in caplog.text  # ids only


def test_it_dismisses_only_ones_own_notice(q1, addresses, client_for):
    _submitted(q1, addresses)
    mine = Notification.objects.get(user=addresses["staff"])
    theirs = Notification.objects.get(user=addresses["staff2"])

    client_for("staff").post(reverse("notice_dismiss", args=[theirs.pk]))
    client_for("staff").post(reverse("notice_dismiss", args=[mine.pk]))

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.dismissed_at is not None and theirs.dismissed_at is None
    assert "submitted its Q1" not in client_for("staff").get(reverse("home")).content.decode()

"""The home pages answer "what now?" for each role, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnership.models import Notification, NotificationKind, Quarter
from svd.models import ReminderKind, SentReminder
from svd.returns import services
from tests.svd.returns.helpers import fill


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def overdue(q1, monkeypatch):
    """The day after Q1 2025/26 returns were due: every unsubmitted one is overdue."""
    day = q1["leeds"].quarter.due_on + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
    return q1


def test_it_shows_staff_what_awaits_review_what_is_overdue_and_the_grant_conditions(client_for, overdue, users):
    services.return_submit(quarterly_return=fill(overdue["leeds"], users["leeds"]), by=users["leeds"])

    page = client_for("staff").get(reverse("home")).content.decode()

    assert "Review the Q1 2025/26 return from Safer Leeds" in page
    assert "Overdue returns" in page and "Bradford CSP" in page
    assert reverse("svd:return_chase", args=[overdue["bradford"].pk]) in page
    assert "Match funding" in page and "Spend on qualifying interventions" in page
    assert 'alt="Bar chart of each CSP' in page and "SVD allocation and approved spend to date per CSP" in page
    assert "Start the next report" in page


def test_it_chases_an_overdue_return_once_however_often_staff_press(client_for, overdue, users):
    users["bradford"].email = "bradford@example.org"
    users["bradford"].save()
    client = client_for("staff")
    url = reverse("svd:return_chase", args=[overdue["bradford"].pk])

    first = client.post(url, follow=True).content.decode()
    second = client.post(url, follow=True).content.decode()

    assert "Reminder sent to the coordinators" in first
    assert "already chased today" in second
    assert SentReminder.objects.filter(quarterly_return=overdue["bradford"], kind=ReminderKind.CHASE).count() == 1
    notices = Notification.objects.filter(user=users["bradford"], kind=NotificationKind.RETURN_CHASED)
    assert notices.count() == 1
    assert "Reminder: your Q1 2025/26 return is overdue" in client_for("bradford").get(reverse("home")).content.decode()


def test_it_refuses_to_chase_a_return_that_is_not_overdue(client_for, q1, users, monkeypatch):
    day = q1["leeds"].quarter.due_on
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
    response = client_for("staff").post(reverse("svd:return_chase", args=[q1["leeds"].pk]), follow=True)
    assert "This return is not overdue." in response.content.decode()
    assert not SentReminder.objects.exists()


def test_it_shows_the_coordinator_their_returns_state_due_date_and_the_reviewers_comment(client_for, q1, users):
    submitted = services.return_submit(quarterly_return=fill(q1["leeds"], users["leeds"]), by=users["leeds"])
    services.return_send_back(quarterly_return=submitted, comments="Please explain line 2.", by=users["staff"])

    page = client_for("leeds").get(reverse("home")).content.decode()

    assert "Q1 2025/26 return" in page and "Returned for changes" in page
    assert "Due 31 July 2025" in page
    assert "Please explain line 2." in page
    assert reverse("svd:return_list") in page and reverse("svd:my_shares") in page
    assert "You have nothing to do" not in page


def test_it_tells_a_coordinator_with_everything_submitted_what_happens_next(client_for, q1, users):
    services.return_submit(quarterly_return=fill(q1["leeds"], users["leeds"]), by=users["leeds"])
    page = client_for("leeds").get(reverse("home")).content.decode()
    assert "Every return you owe has been submitted" in page
    assert reverse("svd:return_detail", args=[q1["leeds"].pk]) in page  # still linked, under the latest returns


def test_it_shows_a_panel_member_the_latest_paper_with_its_downloads(client_for, published):
    page = client_for("panel").get(reverse("home")).content.decode()
    assert "The latest paper" in page
    assert reverse("reporting:report_download", args=[published.pk, "pdf"]) in page
    assert reverse("reporting:report_download", args=[published.pk, "html"]) in page
    notice = Notification.objects.get(kind=NotificationKind.REPORT_PUBLISHED)
    # The test partnership names no reporting body, so the neutral wording stands in (partnership.wording).
    assert "Papers for the reporting body" in page
    assert notice.subject == "New paper for the reporting body: Test update"
    assert notice.subject in page


def test_it_keeps_staff_detail_off_a_panel_members_report_page(client_for, published):
    page = client_for("panel").get(reverse("reporting:report_detail", args=[published.pk])).content.decode()
    assert published.checksum not in page and "SHA-256" not in page
    assert "Status" not in page
    staff_page = client_for("staff").get(reverse("reporting:report_detail", args=[published.pk])).content.decode()
    assert published.checksum in staff_page


def test_it_shows_an_admin_people_locked_accounts_and_set_up(client_for, users):
    page = client_for("admin").get(reverse("home")).content.decode()
    assert "Portal administration" in page and 'href="/admin/"' in page
    assert "Locked accounts" in page and "No account is locked out." in page
    assert "Set-up" in page


@pytest.mark.parametrize("who", ["staff", "leeds", "panel", "admin"])
def test_it_pins_the_home_pages_queries_however_many_returns_there_are(client_for, overdue, users, reference_data, who):
    client = client_for(who)
    client.get(reverse("home"))
    few = _queries(client)
    services.returns_open_quarter(quarter=Quarter.objects.get(financial_year=reference_data["years"][2025], number=2))
    services.return_submit(quarterly_return=fill(overdue["bradford"], users["bradford"]), by=users["bradford"])
    many = _queries(client)
    assert few == many
    assert many == PINNED[who]


# Each page: session, user, the layout's partnership and the session save, plus its own reads:
# staff: notices, awaiting review, overdue (with the last chase), the year, the compliance
# figures as year_figures reads them (grants, match funding, the 30% rule, SVD shares, the reporting
# rate's CSPs and returns, outcome totals, budget lines, and svd_spend_to_date's CSPs, shares and Annex A
# lines, which the spend chart reuses), the core grant's link, the shares issued, the next report;
# a coordinator: notices, open returns, latest returns, the latest comment, a report;
# a panel member: notices, the published reports; an admin: notices, people, lockouts, set-up checks.
PINNED = {"staff": 28, "leeds": 12, "panel": 8, "admin": 17}

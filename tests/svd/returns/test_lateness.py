"""Due, on time and late: one definition (QuarterlyReturn), in the partnership's
time zone, and the same answer on the grid, the list, the return's page, the home
pages and the API."""

from datetime import UTC, datetime

import time_machine
from django.urls import reverse

from svd.returns import services
from tests.svd.returns.helpers import fill

LATE = '<strong class="govuk-tag govuk-tag--red">Late</strong>'
ON_TIME = '<span class="govuk-body-s">on time</span>'


def _submit_at(quarterly_return, by, when):
    with time_machine.travel(when, tick=False):
        return services.return_submit(quarterly_return=quarterly_return, by=by)


def _row_of(listing, quarterly_return):
    """The list's row for this return (the list also holds the quarters its visit opened)."""
    href = f'href="{reverse("svd:return_detail", args=[quarterly_return.pk])}"'
    (row,) = [row for row in listing.split("<tr") if href in row]
    return row


def test_it_judges_on_time_on_the_london_date_not_the_utc_date(q1, users):
    # Q1 2025/26 is due on 31 July 2025. 23:30 UTC on 31 July is 00:30 BST on 1 August: late.
    leeds = fill(q1["leeds"], users["leeds"])
    submitted = _submit_at(leeds, users["leeds"], datetime(2025, 7, 31, 23, 30, tzinfo=UTC))

    assert submitted.first_submitted_on.isoformat() == "2025-08-01"
    assert submitted.submitted_late
    assert not submitted.received_on_time


def test_it_counts_a_submission_just_before_london_midnight_as_on_time(q1, users):
    leeds = fill(q1["leeds"], users["leeds"])
    submitted = _submit_at(leeds, users["leeds"], datetime(2025, 7, 31, 22, 59, tzinfo=UTC))  # 23:59 BST

    assert submitted.received_on_time and not submitted.submitted_late


def test_a_return_submitted_late_keeps_its_tag_everywhere_after_approval(client_for, q1, users):
    leeds = fill(q1["leeds"], users["leeds"])
    _submit_at(leeds, users["leeds"], datetime(2025, 11, 2, 10, tzinfo=UTC))  # three months late
    services.return_approve(quarterly_return=leeds, by=users["staff"])
    staff, coordinator = client_for("staff"), client_for("leeds")

    with time_machine.travel(datetime(2025, 12, 1, 10, tzinfo=UTC), tick=False):
        grid = staff.get(reverse("svd:reporting_rate")).content.decode()
        listing = coordinator.get(reverse("svd:return_list")).content.decode()
        detail = coordinator.get(reverse("svd:return_detail", args=[leeds.pk])).content.decode()
        api = staff.get(f"/api/v1/returns/{leeds.pk}/").json()

    # Looking at the list opens the current quarter's returns too (no beat needed): find Q1's row by its address.
    leeds_row = _row_of(listing, leeds)
    assert LATE in leeds_row
    assert LATE in detail and "first submitted 2 November 2025" in detail
    assert grid.count(LATE) == 2  # Leeds, submitted late; Bradford, never submitted
    assert api["late"] is True and api["received_on_time"] is False


def test_the_list_and_detail_page_agree_with_the_grid_on_an_on_time_return(client_for, q1, users):
    leeds = fill(q1["leeds"], users["leeds"])
    _submit_at(leeds, users["leeds"], datetime(2025, 7, 20, 10, tzinfo=UTC))
    with time_machine.travel(datetime(2025, 8, 10, 10, tzinfo=UTC), tick=False):
        listing = client_for("staff").get(reverse("svd:return_list")).content.decode()
        detail = client_for("staff").get(reverse("svd:return_detail", args=[leeds.pk])).content.decode()
    rows = {csp: _row_of(listing, q1[csp]) for csp in ("leeds", "bradford")}

    assert "Safer Leeds</td>" in rows["leeds"] and "Bradford CSP</td>" in rows["bradford"]
    assert ON_TIME in rows["leeds"] and LATE not in rows["leeds"]
    assert LATE in rows["bradford"]  # not submitted, due 31 July
    assert ON_TIME in detail and LATE not in detail


def test_the_coordinator_home_page_says_an_overdue_return_is_late(client_for, q1):
    with time_machine.travel(datetime(2025, 8, 10, 10, tzinfo=UTC), tick=False):
        page = client_for("bradford").get(reverse("home")).content.decode()
    task = [li for li in page.split("<li") if "Q1 2025/26 return" in li][0]
    assert LATE in task
    with time_machine.travel(datetime(2025, 7, 10, 10, tzinfo=UTC), tick=False):
        page = client_for("bradford").get(reverse("home")).content.decode()
    assert LATE not in page

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from svd.models import FundingLine, QuarterlyReturn, ReturnStatus
from svd.returns import services

from .helpers import fill, valid_figures

PAGES = [
    "return_detail",
    "annex_a_edit",
    "annex_b_edit",
    "return_check",
    "return_submitted",
    "return_history",
    "return_send_back",
    "return_approve",
    "return_reopen",
    "return_download",
    "return_upload",
]
POSTS = [
    "annex_a_edit",
    "annex_b_edit",
    "activity_add",
    "return_check",
    "return_send_back",
    "return_approve",
    "return_reopen",
    "return_upload",
    "return_reply",
]


def form_data(quarterly_return):
    a, b = valid_figures(quarterly_return)
    data = {"version": quarterly_return.version}
    for annex, values in (("a", a), ("b", b)):
        for line_id, fields in values.items():
            for field, value in fields.items():
                data[f"{annex}-{line_id}-{field}"] = value
    return data


@pytest.mark.parametrize("name", PAGES + ["return_list", "reporting_rate"])
def test_it_sends_anonymous_visitors_to_sign_in(client, q1, name):
    url = reverse(f"svd:{name}", args=[q1["leeds"].pk]) if name in PAGES else reverse(f"svd:{name}")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", PAGES)
def test_it_refuses_panel_members(client_for, q1, name):
    assert client_for("panel").get(reverse(f"svd:{name}", args=[q1["leeds"].pk])).status_code == 403


def test_it_keeps_the_reporting_rate_for_staff(client_for, q1):
    assert client_for("leeds").get(reverse("svd:reporting_rate")).status_code == 403
    assert client_for("panel").get(reverse("svd:reporting_rate")).status_code == 403
    assert client_for("staff").get(reverse("svd:reporting_rate")).status_code == 200


# Review actions are staff-only for every coordinator, whoever's return it is:
# the wrong role gets 403, which says nothing about whether the return exists.
STAFF_ONLY = {"return_send_back", "return_approve", "return_reopen"}


def _refusal(name):
    return 403 if name in STAFF_ONLY else 404


@pytest.mark.parametrize("name", PAGES)
def test_it_hides_leeds_return_from_bradford_on_every_page(client_for, q1, name):
    assert client_for("bradford").get(reverse(f"svd:{name}", args=[q1["leeds"].pk])).status_code == _refusal(name)


@pytest.mark.parametrize("name", POSTS)
def test_it_hides_leeds_return_from_bradford_for_every_action(client_for, q1, users, name):
    leeds = fill(q1["leeds"], users["leeds"])
    response = client_for("bradford").post(
        reverse(f"svd:{name}", args=[leeds.pk]),
        form_data(leeds) | {"comments": "x", "reason": "x", "name": "x", "body": "x"},
    )
    assert response.status_code == _refusal(name)
    leeds.refresh_from_db()
    assert leeds.status == ReturnStatus.DRAFT and leeds.version == 2


@pytest.mark.parametrize("name", sorted(STAFF_ONLY))
def test_it_gives_a_coordinator_the_same_refusal_for_a_review_action_on_a_return_that_does_not_exist(
    client_for, q1, name
):
    missing = QuarterlyReturn.objects.order_by("-pk").first().pk + 100
    assert client_for("bradford").get(reverse(f"svd:{name}", args=[missing])).status_code in (403, 405)
    assert client_for("bradford").post(reverse(f"svd:{name}", args=[missing])).status_code == 403


def test_it_refuses_a_guessed_id(client_for, q1):
    missing = QuarterlyReturn.objects.order_by("-pk").first().pk + 100
    assert client_for("leeds").get(reverse("svd:return_detail", args=[missing])).status_code == 404


def test_it_lists_only_the_coordinators_own_returns(client_for, q1):
    page = client_for("leeds").get(reverse("svd:return_list")).content.decode()
    assert "Safer Leeds" in page and "Bradford CSP" not in page
    page = client_for("staff").get(reverse("svd:return_list")).content.decode()
    assert "Safer Leeds" in page and "Bradford CSP" in page


def test_it_refuses_review_actions_to_the_coordinator(client_for, q1, users):
    leeds = fill(q1["leeds"], users["leeds"])
    services.return_submit(quarterly_return=leeds, by=users["leeds"])
    client = client_for("leeds")
    assert client.post(reverse("svd:return_approve", args=[leeds.pk])).status_code == 403
    assert client.post(reverse("svd:return_send_back", args=[leeds.pk]), {"comments": "x"}).status_code == 403
    leeds.refresh_from_db()
    assert leeds.status == ReturnStatus.SUBMITTED


def test_it_shows_every_error_linked_to_its_field(client_for, q1):
    leeds = q1["leeds"]
    line = leeds.annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR)
    data = {"version": 1, f"a-{line.pk}-spend_this_quarter": "-5", f"a-{line.pk}-forecast_to_year_end": "3.333"}
    response = client_for("leeds").post(reverse("svd:annex_a_edit", args=[leeds.pk]), data)
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'href="#a-{line.pk}-spend_this_quarter"' in page and "Spend this quarter must be £0.00 or more" in page
    assert f'href="#a-{line.pk}-forecast_to_year_end"' in page and "to the penny" in page
    assert f'id="a-{line.pk}-spend_this_quarter"' in page
    leeds.refresh_from_db()
    assert leeds.version == 1


def test_it_refuses_the_second_of_two_concurrent_saves_and_shows_what_changed(client_for, q1, users):
    leeds = q1["leeds"]
    line = leeds.annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR)
    url = reverse("svd:annex_a_edit", args=[leeds.pk])
    first = client_for("leeds").post(
        url, {"version": 1, f"a-{line.pk}-spend_this_quarter": "10.00", f"a-{line.pk}-spend_to_date": "10.00"}
    )
    assert first.status_code == 302
    second = client_for("staff").post(
        url, {"version": 1, f"a-{line.pk}-spend_this_quarter": "77.00", f"a-{line.pk}-spend_to_date": "77.00"}
    )
    assert second.status_code == 409
    page = second.content.decode()
    assert "Your changes have not been saved" in page and "leeds saved this return" in page
    assert "10.00" in page and 'name="version" value="2"' in page
    line.refresh_from_db()
    assert line.spend_this_quarter == 10


def test_it_walks_the_whole_journey_through_the_pages(client_for, q1, users):
    leeds = q1["leeds"]
    coordinator, staff = client_for("leeds"), client_for("staff")
    detail = reverse("svd:return_detail", args=[leeds.pk])
    page = coordinator.get(detail).content.decode()
    assert "Annex A: financial return" in page and "Check your answers and submit" in page
    check = reverse("svd:return_check", args=[leeds.pk])
    page = coordinator.get(check).content.decode()
    assert "There is a problem" in page and "Submit return" not in page
    assert re.search(r'href="/svd/returns/\d+/annex-a/\?check=1#a-\d+-spend_this_quarter"', page)
    data = form_data(leeds)
    assert coordinator.post(reverse("svd:annex_a_edit", args=[leeds.pk]), data).status_code == 302
    data["version"] = 2
    assert coordinator.post(reverse("svd:annex_b_edit", args=[leeds.pk]), data).status_code == 302
    page = coordinator.get(check).content.decode()
    assert "Submit return" in page and "There is a problem" not in page
    assert coordinator.post(check).status_code == 302
    page = staff.get(detail).content.decode()
    assert "Approve return" in page and "Return for changes" in page
    staff.post(reverse("svd:return_send_back", args=[leeds.pk]), {"comments": "Please add a narrative for Q1."})
    page = coordinator.get(detail).content.decode()
    assert "Returned for changes" in page and "Please add a narrative for Q1." in page
    coordinator.post(check)
    staff.post(reverse("svd:return_approve", args=[leeds.pk]))
    leeds.refresh_from_db()
    assert leeds.status == ReturnStatus.APPROVED
    assert coordinator.get(reverse("svd:annex_a_edit", args=[leeds.pk])).status_code == 302  # locked
    page = staff.get(detail).content.decode()
    assert "Reopen return" in page and reverse("svd:return_history", args=[leeds.pk]) in page
    rate = staff.get(reverse("svd:reporting_rate")).content.decode()
    assert "Approved" in rate and "on time" in rate


def test_it_shows_who_changed_which_value(client_for, q1, users):
    leeds = fill(q1["leeds"], users["leeds"])
    line = leeds.annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR)
    services.return_save(
        quarterly_return=leeds,
        version=leeds.version,
        by=users["staff"],
        annex_a={line.pk: {"spend_this_quarter": "30.00", "spend_to_date": "30.00"}},
    )
    page = client_for("leeds").get(reverse("svd:return_history", args=[leeds.pk])).content.decode()
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*staff(?:(?!</tr>).)*Spend this quarter(?:(?!</tr>).)*</tr>", page, re.S)
    assert row and "£25.50" in row.group(0) and "£30.00" in row.group(0)


def test_it_pins_the_queries_of_the_return_list(client_for, q1, django_assert_num_queries, reference_data):
    from partnership.models import Quarter

    client = client_for("staff")
    client.get(reverse("svd:return_list"))
    # session, user, whether the current quarter still needs opening (one query when
    # it does not), partnership (page header), the count for the pages, a page of
    # returns with CSP and quarter, then the session's save: savepoint, update, release.
    with django_assert_num_queries(9):
        client.get(reverse("svd:return_list"))
    services.returns_open_quarter(quarter=Quarter.objects.get(financial_year=reference_data["years"][2025], number=2))
    with django_assert_num_queries(9):
        client.get(reverse("svd:return_list"))


def test_it_lists_returns_a_page_at_a_time_newest_quarter_first(client_for, q1, reference_data, monkeypatch):
    from partnership.models import Quarter
    from svd.returns import views

    monkeypatch.setattr(views, "RETURNS_PER_PAGE", 2)
    services.returns_open_quarter(quarter=Quarter.objects.get(financial_year=reference_data["years"][2025], number=2))
    client = client_for("staff")

    first = client.get(reverse("svd:return_list")).content.decode()
    second = client.get(reverse("svd:return_list") + "?page=2").content.decode()
    beyond = client.get(reverse("svd:return_list") + "?page=99").content.decode()

    assert first.count('Q2 2025/26<span class="govuk-visually-hidden"> return for') == 2
    assert "Q1 2025/26<span" not in first
    assert 'href="?page=2" rel="next"' in first and "Page 1 of 2" in first
    assert second.count('Q1 2025/26<span class="govuk-visually-hidden"> return for') == 2
    assert 'href="?page=1" rel="prev"' in second
    assert "Page 2 of 2" in beyond  # a page past the end shows the last


def test_it_pins_the_queries_of_the_reporting_rate(client_for, q1, django_assert_num_queries, reference_data):
    from partnership.models import Quarter

    client = client_for("staff")
    # session, user, partnership (page header), the years with returns, the CSPs,
    # the returns with their quarters, then the session's save: savepoint, update, release.
    with django_assert_num_queries(9):
        client.get(reverse("svd:reporting_rate"))
    services.returns_open_quarter(quarter=Quarter.objects.get(financial_year=reference_data["years"][2025], number=2))
    services.returns_open_quarter(quarter=Quarter.objects.get(financial_year=reference_data["years"][2024], number=4))
    with django_assert_num_queries(9):
        client.get(reverse("svd:reporting_rate"))


def test_it_shows_the_latest_year_of_the_reporting_rate_unless_asked_for_another_or_all(client_for, q1, reference_data):
    from partnership.models import Quarter

    services.returns_open_quarter(quarter=Quarter.objects.get(financial_year=reference_data["years"][2024], number=4))
    staff = client_for("staff")

    latest = staff.get(reverse("svd:reporting_rate")).content.decode()
    earlier = staff.get(reverse("svd:reporting_rate"), {"year": 2024}).content.decode()
    every = staff.get(reverse("svd:reporting_rate"), {"year": "all"}).content.decode()

    assert "Q1 2025/26" in latest and "Q4 2024/25" not in latest
    assert "Q4 2024/25" in earlier and "Q1 2025/26" not in earlier
    assert "Q4 2024/25" in every and "Q1 2025/26" in every


def test_it_shows_a_year_asked_for_by_name_even_without_returns_never_another(client_for, q1, reference_data):
    """A figure's link names its year: a year with no returns is an empty grid, not the latest year's."""
    from partnership.services import financial_year_ensure

    financial_year_ensure(start_year=2023)
    staff = client_for("staff")

    empty = staff.get(reverse("svd:reporting_rate"), {"year": 2023})

    assert empty.status_code == 200
    assert empty.context["chosen"].start_year == 2023
    assert "Q1 2025/26" not in empty.content.decode()
    assert staff.get(reverse("svd:reporting_rate"), {"year": 1999}).status_code == 404
    assert staff.get(reverse("svd:reporting_rate"), {"year": "nonsense"}).status_code == 404


def test_it_draws_each_reporting_rate_cell_with_its_status_link_and_timeliness(client_for, q1, users):
    leeds = fill(q1["leeds"], users["leeds"])
    cell = (
        '<a class="govuk-link" href="{}"><strong class="govuk-tag govuk-tag--{}">{}</strong>'
        '<span class="govuk-visually-hidden"> {} Q1 2025/26</span></a>{}</td>'
    )

    # Signed in on each day: a session begun at another time has its own timeouts.
    with time_machine.travel(datetime(2025, 7, 15, 9, tzinfo=UTC), tick=False):  # Q1 is due on 31 July
        services.return_submit(quarterly_return=leeds, by=users["leeds"])
        before_due = client_for("staff").get(reverse("svd:reporting_rate")).content.decode()
    with time_machine.travel(datetime(2025, 8, 1, 9, tzinfo=UTC), tick=False):
        after_due = client_for("staff").get(reverse("svd:reporting_rate")).content.decode()

    leeds_url, bradford_url = (reverse("svd:return_detail", args=[q1[csp].pk]) for csp in ("leeds", "bradford"))
    on_time = ' <span class="govuk-body-s">on time</span>'
    late = ' <strong class="govuk-tag govuk-tag--red">Late</strong>'
    assert cell.format(leeds_url, "turquoise", "Submitted", "Safer Leeds", on_time) in before_due
    assert cell.format(bradford_url, "grey", "Not started", "Bradford CSP", "") in before_due
    assert cell.format(leeds_url, "turquoise", "Submitted", "Safer Leeds", on_time) in after_due
    assert cell.format(bradford_url, "grey", "Not started", "Bradford CSP", late) in after_due


def test_it_lists_returns_awaiting_review_on_the_staff_home_page(client_for, q1, users):
    leeds = fill(q1["leeds"], users["leeds"])
    assert "Review the Q1 2025/26 return" not in client_for("staff").get(reverse("home")).content.decode()
    services.return_submit(quarterly_return=leeds, by=users["leeds"])
    page = client_for("staff").get(reverse("home")).content.decode()
    assert "Review the Q1 2025/26 return from Safer Leeds" in page
    page = client_for("leeds").get(reverse("home")).content.decode()
    # Submitted: nothing left for the coordinator to do; the return stays linked under their latest returns.
    assert "Every return you owe has been submitted" in page
    assert '<div class="govuk-task-list__status">Submitted</div>' in page

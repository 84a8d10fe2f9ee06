"""The compliance view: the 2024/25 figures of the panel update, each with its threshold and rows."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import BudgetLine, Grant
from partnership.models import FinancialYear, User
from partnership.money import format_gbp
from svd.models import AnnexALine, ReturnStatus
from svd.selectors import approved_spend_to_date


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def row(response, key):
    """The text of one line of the compliance table."""
    html = response.content.decode()
    match = re.search(rf'<tr class="govuk-table__row" id="{key}">(.*?)</tr>', html, re.S)
    assert match, key
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


@pytest.fixture
def staff_client(demo, client):
    user = User.objects.create_user(username="compliance-staff", password="x" * 12, role="vrp_staff")
    client.force_login(user)
    return client


def test_it_shows_the_2024_25_conditions_of_the_panel_update(staff_client):
    response = staff_client.get(reverse("reporting:compliance") + "?year=2024")

    assert "£4,341,877.11" in row(response, "core_grant")
    match = row(response, "match")
    assert "£674,000.00" in match
    assert "Pledged: £30,000.00" in match and "Confirmed: £350,000.00" in match and "Evidenced: £330,000.00" in match
    assert " Met " in match  # confirmed and evidenced, £680,000, cover the £674,000 required
    qualifying = row(response, "qualifying")
    assert "£1,368,197.00" in qualifying and "£1,302,563.14" in qualifying
    assert "21 qualifying interventions" in qualifying and " Met " in qualifying
    svd = row(response, "svd")
    assert "Labour: £96,302.13" in svd and "Non-labour: £65,436.47" in svd and "Total: £161,738.60" in svd
    assert "Shares issued: £161,738.60" in svd and " Met " in svd


def test_it_links_each_line_to_the_rows_behind_it(staff_client):
    html = staff_client.get(reverse("reporting:compliance") + "?year=2024").content.decode()
    core = Grant.objects.get(reference="vru-core-2024-25")

    assert f'href="{reverse("grants:grant_detail", args=[core.pk])}"' in html
    # Exactly the rows behind each figure: the contributions counted, the year's allocations.
    assert f'href="{reverse("grants:contribution_list")}?year=2024&amp;status=secured"' in html
    assert f'href="{reverse("svd:allocation_list")}?year=2024"' in html
    interventions = reverse("interventions:intervention_list")
    assert f'href="{interventions}?year=2024&amp;stream=core&amp;qualifying=yes"' in html
    assert f'href="{reverse("svd:spend_to_date")}?year=2024"' in html


def test_it_says_spend_to_date_is_not_yet_available_until_returns_are_approved(staff_client):
    from svd.models import QuarterlyReturn

    QuarterlyReturn.objects.filter(quarter__financial_year__start_year=2024).update(status="submitted")
    spend = row(staff_client.get(reverse("reporting:compliance") + "?year=2024"), "spend")
    assert "Not yet available" in spend and "Not applicable" in spend


def test_it_judges_svd_spend_against_the_shares_the_csps_hold_not_the_whole_grant(staff_client):
    from svd.models import SvdShare

    csp_shares = sum(
        SvdShare.objects.filter(allocation__period__financial_year__start_year=2024, recipient__kind="csp").values_list(
            "amount", flat=True
        ),
        Decimal("0.00"),
    )
    spend = row(staff_client.get(reverse("reporting:compliance") + "?year=2024"), "spend")

    assert csp_shares < Decimal("161738.60")  # five CSPs hold 5 of the 19 shares
    spent = approved_spend_to_date(FinancialYear.objects.get(start_year=2024))
    assert Decimal("0") < spent <= csp_shares
    assert format_gbp(spent) in spend and format_gbp(csp_shares) in spend and " Met " in spend
    assert "£161,738.60" not in spend
    assert "Safer Leeds (share" in spend  # each CSP against its own shares


def test_it_is_not_met_when_one_csp_spends_more_than_its_own_shares(staff_client):
    from svd.models import AnnexALine

    line = (
        AnnexALine.objects.filter(quarterly_return__status="approved", quarterly_return__quarter__number=4)
        .filter(quarterly_return__quarter__financial_year__start_year=2024)
        .order_by("pk")
        .first()
    )
    AnnexALine.objects.filter(pk=line.pk).update(spend_to_date=line.allocation + Decimal("0.01"))
    spend = row(staff_client.get(reverse("reporting:compliance") + "?year=2024"), "spend")
    assert "Not met" in spend


def test_it_counts_only_approved_returns_in_spend_to_date(staff_client):
    """2025/26's Q1 returns are open, not approved: figures typed into them do not count."""
    AnnexALine.objects.filter(quarterly_return__quarter__financial_year__start_year=2025).update(
        spend_this_quarter=Decimal("500.00"), spend_to_date=Decimal("500.00")
    )
    assert not AnnexALine.objects.filter(
        quarterly_return__quarter__financial_year__start_year=2025, quarterly_return__status=ReturnStatus.APPROVED
    ).exists()

    spend = row(staff_client.get(reverse("reporting:compliance") + "?year=2025"), "spend")

    assert "£500.00" not in spend


def test_the_spend_line_leads_to_the_annex_a_lines_with_the_same_total(staff_client):
    html = staff_client.get(reverse("reporting:compliance") + "?year=2024").content.decode()
    link = f"{reverse('svd:spend_to_date')}?year=2024"
    assert f'href="{link}"' in html

    page = staff_client.get(link).content.decode()
    total = re.search(r'<tr class="govuk-table__row" id="spend-total">(.*?)</tr>', page, re.S).group(1)
    assert format_gbp(approved_spend_to_date(FinancialYear.objects.get(start_year=2024))) in total
    assert page.count('href="/svd/returns/') >= 10  # each CSP's two lines lead to the approved return


def test_it_shows_the_unallocated_headroom_of_the_core_grant(staff_client):
    page = text_of(staff_client.get(reverse("reporting:compliance") + "?year=2024"))
    # £4,341,877.11 less £2,236,019 on 46 interventions less £2,000,000 of budget lines
    assert "Unallocated headroom £105,858.11" in page
    assert "over-allocated" not in page


def test_it_warns_when_the_core_grant_is_over_allocated(staff_client):
    core = Grant.objects.get(reference="vru-core-2024-25")
    BudgetLine.objects.create(grant=core, kind="other", description="Too much", amount=Decimal("105858.12"))

    page = text_of(staff_client.get(reverse("reporting:compliance") + "?year=2024"))

    assert "Unallocated headroom -£0.01" in page
    assert "The core grant is over-allocated" in page


def test_it_answers_404_for_a_year_that_does_not_exist(staff_client):
    assert staff_client.get(reverse("reporting:compliance") + "?year=1999").status_code == 404
    assert staff_client.get(reverse("reporting:compliance") + "?year=twenty").status_code == 404


def test_it_refuses_the_compliance_view_to_everyone_but_staff(client, client_for):
    assert client.get(reverse("reporting:compliance")).status_code == 302
    assert client_for("leeds").get(reverse("reporting:compliance")).status_code == 403
    assert client_for("panel").get(reverse("reporting:compliance")).status_code == 403
    assert client_for("staff").get(reverse("reporting:compliance")).status_code == 200


def test_it_lists_unmet_conditions_as_staff_tasks_on_the_home_page(staff_client, monkeypatch):
    from partnership.models import FinancialYear
    from reporting import home

    monkeypatch.setattr(home, "compliance_year", lambda: FinancialYear.objects.get(start_year=2025))

    html = staff_client.get(reverse("home")).content.decode()

    assert "Needs attention:" in html  # the staff home lists unmet conditions under its grant conditions
    assert "Match funding in 2025/26" in html  # nothing secured yet of £674,000
    assert f'href="{reverse("reporting:compliance")}?year=2025#match"' in html


def test_it_lists_no_task_for_conditions_that_are_met(staff_client, monkeypatch):
    from partnership.models import FinancialYear
    from reporting import home

    monkeypatch.setattr(home, "compliance_year", lambda: FinancialYear.objects.get(start_year=2024))

    html = staff_client.get(reverse("home")).content.decode()

    assert "Match funding in 2024/25" not in html  # £680,000 secured of £674,000
    # The staff home shows every condition's position; a met one is no task.
    assert "Spend on qualifying interventions in 2024/25" not in html
    assert "Needs attention:" not in html

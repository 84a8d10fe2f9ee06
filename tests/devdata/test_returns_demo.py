import io
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse

from interventions.selectors import outcome_totals
from partnership.models import FinancialYear
from svd.models import QuarterlyReturn, ReturnStatus
from svd.selectors import approved_spend_to_date


def test_it_loads_approved_returns_for_all_four_quarters_of_2024_25_and_opens_q1_2025_26(demo):
    approved = QuarterlyReturn.objects.filter(quarter__financial_year__start_year=2024, status=ReturnStatus.APPROVED)
    assert approved.count() == 20  # five CSPs, Q1-Q4: Q4 is invented (docs/demo-data.md)
    assert set(approved.values_list("quarter__number", flat=True)) == {1, 2, 3, 4}
    assert set(
        QuarterlyReturn.objects.filter(quarter__financial_year__start_year=2025).values_list(
            "quarter__number", "status"
        )
    ) == {(1, ReturnStatus.NOT_STARTED)}
    opened = QuarterlyReturn.objects.filter(quarter__financial_year__start_year=2025)
    assert opened.count() == 5
    assert [r.annex_b_lines.get().name for r in opened] == ["Detached youth work in hotspot areas"] * 5
    assert sum(r.received_on_time for r in approved.select_related("quarter")) == 19  # Wakefield's Q2 was late


def test_it_keeps_the_reports_outcome_figures(demo):
    totals = outcome_totals(FinancialYear.objects.get(start_year=2024), up_to_quarter=3)
    assert (totals.young_people, totals.adults, totals.workforce_trained) == (9281, 714, 264)


def test_it_reports_approved_spend_to_date_consistent_with_the_shares(demo):
    # Each CSP spends 20%, 25% and 27% of each of its shares in Q1 to Q3, each to the penny, and
    # the rest in Q4: by the year end every CSP share is spent exactly, and no penny more.
    from svd.models import SvdShare

    csp_shares = SvdShare.objects.filter(allocation__period__financial_year__start_year=2024, recipient__kind="csp")
    assert csp_shares.count() == 10
    expected = sum((share.amount for share in csp_shares), Decimal("0.00"))
    assert approved_spend_to_date(FinancialYear.objects.get(start_year=2024)) == expected


def test_it_loads_again_without_changing_anything(demo):
    before = list(QuarterlyReturn.objects.values_list("pk", "status", "version", "submitted_at"))
    call_command("load_demo", stdout=io.StringIO())
    assert list(QuarterlyReturn.objects.values_list("pk", "status", "version", "submitted_at")) == before


def test_it_puts_the_open_return_on_the_coordinators_home_page(demo, client):
    from partnership.models import User

    client.force_login(User.objects.get(username="csp-leeds"))
    page = client.get(reverse("home")).content.decode()
    # The coordinator's home leads with the return to do now, then its due date (the paper branch's home).
    now = page.split('id="now"', 1)[1].split("</div>", 1)[0]
    assert "Q1 2025/26 return</a>" in now and "Not started" in now and "Due 31 July 2025." in now

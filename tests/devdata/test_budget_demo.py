"""The demo's 2024/25 core budget: plans, Q1 to Q4 actuals and the forecasts
recorded at the ends of Q1 to Q3 (invented, docs/demo-data.md)."""

from decimal import Decimal

from django.test import Client
from django.urls import reverse

from grants.budget import grant_budget
from grants.models import Grant
from partnership.models import FinancialYear, User
from reporting.figure_registry import figures_for_year


def test_it_holds_a_full_year_of_budget_actuals_and_three_recorded_forecasts(demo):
    core = Grant.objects.get(reference="vru-core-2024-25")
    budget = grant_budget(core)
    assert len(budget.lines) == 5 and budget.quarters_reported == 4
    assert all(row.planned_total == row.amount for row in budget.lines)
    assert budget.amount == Decimal("2000000.00")
    assert budget.actual_to_date == Decimal("1982358.14")
    assert budget.forecast_underspend == Decimal("17641.86")
    assert budget.recorded_quarters == [1, 2, 3]
    # The lines' amounts, and so the published figures, are as before.
    figures = figures_for_year(FinancialYear.objects.get(start_year=2024))
    assert figures["budget_lines"] == Decimal("2000000.00")
    assert figures["core_headroom"] == Decimal("105858.11")


def test_the_demo_budget_page_shows_the_forecasts_kept(demo):
    core = Grant.objects.get(reference="vru-core-2024-25")
    client = Client()
    client.force_login(User.objects.get(username="vrp-staff"))
    page = client.get(reverse("grants:grant_budget", args=[core.pk])).content.decode()
    assert "Q3 forecast" in page and "Forecast underspend of £17,641.86" in page

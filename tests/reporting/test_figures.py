"""The demo's figures are the April 2025 panel update's figures."""

from decimal import Decimal

from partnership.models import FinancialYear
from reporting.figures import year_figures


def test_it_reproduces_the_2024_25_figures_of_the_panel_update(demo):
    figures = year_figures(FinancialYear.objects.get(start_year=2024))

    assert figures.core_grant == Decimal("4341877.11")
    assert figures.match.required == Decimal("674000.00")
    assert figures.qualifying_minimum == Decimal("1302563.14")
    assert figures.core.count == 46
    assert (figures.core.qualifying_count, figures.core.qualifying_amount) == (21, Decimal("1368197.00"))
    assert (figures.core.other_count, figures.core.other_amount) == (25, Decimal("867822.00"))
    assert figures.qualifying_met
    assert figures.svd_interventions.count == 11
    assert (figures.svd_labour, figures.svd_non_labour) == (Decimal("96302.13"), Decimal("65436.47"))
    assert figures.svd_total == Decimal("161738.60")


def test_it_keeps_the_part_year_svd_money_in_2022_23(demo):
    figures = year_figures(FinancialYear.objects.get(start_year=2022))

    assert (figures.svd_labour, figures.svd_non_labour) == (Decimal("21553.33"), Decimal("42728.41"))
    assert figures.svd_by_period[0][0] == "January–March 2023 (2022/23)"

"""The demo's figures are the April 2025 panel update's figures.

Every test that asserts what the demo holds lives in tests/devdata/; the rest of the
suite uses the demo as a realistic fixture and asserts behaviour."""

from decimal import Decimal

from interventions import selectors
from interventions.models import Intervention, ToolkitApproach
from partnership.models import FinancialYear
from reporting.figures import year_figures
from svd.models import SvdAllocation


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


def test_it_splits_the_2024_25_money_among_the_eleven_partners_exactly(demo):
    allocation = SvdAllocation.objects.get(period__financial_year__start_year=2024)
    for stream, amount in (("labour", Decimal("96302.13")), ("non_labour", Decimal("65436.47"))):
        amounts = list(allocation.shares.filter(stream=stream).order_by("position").values_list("amount", flat=True))
        assert sum(amounts) == amount
        assert max(amounts) - min(amounts) <= Decimal("0.01")


def test_it_aggregates_the_demo_by_stream_qualifying_quarter_and_district(demo):
    year = FinancialYear.objects.get(start_year=2024)

    by_stream = {r["key"]: (r["count"], r["amount"]) for r in selectors.funding_by("stream", financial_year=year)}
    by_qualifying = {
        r["key"]: (r["count"], r["amount"])
        for r in selectors.funding_by("qualifying", financial_year=year, stream="core")
    }
    by_quarter = {
        r["key"]: (r["young_people"], r["adults"], r["workforce_trained"])
        for r in selectors.outcomes_by("quarter", financial_year=year)
    }
    by_year = selectors.funding_by("financial_year", stream="core")
    by_district = {r["key"]: r for r in selectors.funding_by("district", financial_year=year, stream="core")}
    outcomes_by_district = selectors.outcomes_by("district", financial_year=year)
    outcomes_by_qualifying = selectors.outcomes_by("qualifying", financial_year=year)

    assert by_stream["core"] == (46, Decimal("2236019.00"))
    assert by_stream["svd"][0] == 11
    assert by_qualifying == {True: (21, Decimal("1368197.00")), False: (25, Decimal("867822.00"))}
    # Q1-Q3 are the report's outcomes; Q4 is what the demo's approved Q4 returns fed the register
    # (each CSP district intervention's Q3 counts again, docs/demo-data.md).
    assert sorted(by_quarter) == [1, 2, 3, 4]
    report_quarters = [by_quarter[q] for q in (1, 2, 3)]
    assert tuple(sum(v[i] for v in report_quarters) for i in range(3)) == (9281, 714, 264)
    assert by_quarter[4] == (2480, 190, 71)
    assert by_year == [{"key": 2024, "count": 46, "amount": Decimal("2236019.00")}]
    assert sum(r["amount"] for r in by_district.values()) == Decimal(
        "2236019.00"
    )  # each demo intervention covers one district
    assert by_district["Leeds"]["amount"] == Decimal("160000") + sum(
        Decimal(a) for a in ("23000", "26000", "19500", "21000", "70000", "35000", "32000", "30000", "27000")
    )
    assert sum(r["young_people"] for r in outcomes_by_district) == 9281 + 2480  # the whole year, Q4 too
    assert sum(r["young_people"] for r in outcomes_by_qualifying) == 9281 + 2480


def test_it_seeds_the_toolkit_list_with_the_approaches_the_demo_uses(demo):
    used = set(Intervention.objects.exclude(approach_name="").values_list("approach_name", flat=True))

    assert used <= set(ToolkitApproach.objects.values_list("name", flat=True))

"""Aggregates by year, quarter, district, stream and qualifying status, from the database."""

from decimal import Decimal

from interventions import selectors
from interventions.models import Intervention, ToolkitApproach
from partnership.models import FinancialYear


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
    assert sum(y for y, _, _ in by_quarter.values()) == 9281
    assert sorted(by_quarter) == [1, 2, 3]
    assert (sum(v[1] for v in by_quarter.values()), sum(v[2] for v in by_quarter.values())) == (714, 264)
    assert by_year == [{"key": 2024, "count": 46, "amount": Decimal("2236019.00")}]
    assert sum(r["amount"] for r in by_district.values()) == Decimal(
        "2236019.00"
    )  # each demo intervention covers one district
    assert by_district["Leeds"]["amount"] == Decimal("160000") + sum(
        Decimal(a) for a in ("23000", "26000", "19500", "21000", "70000", "35000", "32000", "30000", "27000")
    )
    assert sum(r["young_people"] for r in outcomes_by_district) == 9281
    assert sum(r["young_people"] for r in outcomes_by_qualifying) == 9281


def test_it_seeds_the_toolkit_list_with_the_approaches_the_demo_uses(demo):
    used = set(Intervention.objects.exclude(approach_name="").values_list("approach_name", flat=True))

    assert used <= set(ToolkitApproach.objects.values_list("name", flat=True))


def test_it_keeps_the_rating_snapshot_when_the_toolkit_changes(demo):
    mentoring = ToolkitApproach.objects.get(name="Mentoring")
    mentoring.impact, mentoring.evidence_quality = "high", 5
    mentoring.save()
    year = FinancialYear.objects.get(start_year=2024)

    assert selectors.funding_summary(year).qualifying_count == 21

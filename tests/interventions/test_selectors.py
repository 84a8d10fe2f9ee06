"""Aggregates by year, quarter, district, stream and qualifying status, from the database."""

from interventions import selectors
from interventions.models import ToolkitApproach
from partnership.models import FinancialYear


def test_it_keeps_the_rating_snapshot_when_the_toolkit_changes(demo):
    mentoring = ToolkitApproach.objects.get(name="Mentoring")
    mentoring.impact, mentoring.evidence_quality = "high", 5
    mentoring.save()
    year = FinancialYear.objects.get(start_year=2024)

    assert selectors.funding_summary(year).qualifying_count == 21

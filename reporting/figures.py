"""The figures for one financial year: what the compliance view shows, the panel
report prints (PDF, HTML twin, JSON snapshot), the figures API answers and the
figures export holds. Every one of them calls `year_figures` and reads a figure
by its name in `FIGURES` (reporting/figure_registry.py); there is no second
implementation. docs/figures.md is generated from the registry."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from grants import selectors as grant_selectors
from grants.models import Grant, MatchContribution
from interventions import selectors as intervention_selectors
from interventions.models import FundingStream, InterventionFunding, QuarterlyOutcome
from partnership.models import FinancialYear
from partnership.money import ZERO
from svd import selectors as svd_selectors
from svd.models import QuarterlyReturn, SvdAllocation
from svd.returns.selectors import RateColumn


@dataclass(frozen=True)
class YearFigures:
    financial_year: FinancialYear
    core_grant: Decimal | None
    core_grant_status: str
    match: grant_selectors.MatchFundingProgress
    qualifying_minimum: Decimal | None
    qualifying_share_percent: Decimal | None
    core: intervention_selectors.StreamSummary
    svd_interventions: intervention_selectors.StreamSummary
    svd_labour: Decimal
    svd_non_labour: Decimal
    svd_by_period: list = field(default_factory=list)
    svd_shares_issued: Decimal = ZERO
    svd_spend: object = None  # svd.returns.selectors.SpendToDate
    returns: object = None  # the reporting rate's total (RateColumn) for quarters 1..up_to_quarter
    outcomes: object = None  # interventions.selectors.OutcomeTotals for quarters 1..up_to_quarter
    budget_lines: Decimal = ZERO
    up_to_quarter: int = 4

    @property
    def svd_total(self) -> Decimal:
        return self.svd_labour + self.svd_non_labour

    @property
    def qualifying_met(self) -> bool:
        return self.qualifying_minimum is not None and self.core.qualifying_amount >= self.qualifying_minimum


def year_figures(financial_year: FinancialYear, up_to_quarter: int = 4) -> YearFigures:
    grant = grant_selectors.core_grant_for_year(financial_year)
    conditions = getattr(grant, "conditions", None) if grant else None
    allocations = list(svd_selectors.svd_allocation_for_year(financial_year))
    return YearFigures(
        financial_year=financial_year,
        core_grant=grant.amount if grant else None,
        core_grant_status=grant.get_status_display() if grant else "",
        match=grant_selectors.match_funding_progress(financial_year),
        qualifying_minimum=conditions.minimum_qualifying_spend() if conditions else None,
        qualifying_share_percent=conditions.qualifying_share_percent if conditions else None,
        core=intervention_selectors.funding_summary(financial_year, FundingStream.CORE),
        svd_interventions=intervention_selectors.funding_summary(financial_year, FundingStream.SVD),
        svd_labour=sum((a.labour_amount for a in allocations), ZERO),
        svd_non_labour=sum((a.non_labour_amount for a in allocations), ZERO),
        svd_by_period=[
            (a.period.label, a.labour_amount, a.non_labour_amount, a.get_status_display()) for a in allocations
        ],
        svd_shares_issued=svd_selectors.shares_issued_for_year(financial_year).shared,
        svd_spend=svd_selectors.svd_spend_to_date(financial_year),
        returns=returns_total(financial_year, up_to_quarter),
        outcomes=intervention_selectors.outcome_totals(financial_year, up_to_quarter=up_to_quarter),
        budget_lines=grant_selectors.budget_lines_total_for_year(financial_year),
        up_to_quarter=up_to_quarter,
    )


def returns_total(financial_year: FinancialYear, up_to_quarter: int = 4) -> RateColumn:
    """Returns expected, received and on time over the year's quarters 1..up_to_quarter,
    the reporting-rate grid's own total for those quarters (so the grid and the report agree)."""
    return svd_selectors.returns_reporting_rate(
        financial_year=financial_year, today=timezone.localdate(), up_to_quarter=up_to_quarter
    ).total


def years_with_data() -> list:
    """The financial years anything is recorded for: a grant, a match contribution,
    an SVD allocation, intervention funding, an outcome or a quarterly return."""

    recorded = [
        Grant.objects.filter(period__financial_year=OuterRef("pk")),
        MatchContribution.objects.filter(financial_year=OuterRef("pk")),
        SvdAllocation.objects.filter(period__financial_year=OuterRef("pk")),
        InterventionFunding.objects.filter(financial_year=OuterRef("pk")),
        QuarterlyOutcome.objects.filter(quarter__financial_year=OuterRef("pk")),
        QuarterlyReturn.objects.filter(quarter__financial_year=OuterRef("pk")),
    ]
    condition = Q()
    for queryset in recorded:
        condition |= Q(Exists(queryset))
    return list(FinancialYear.objects.filter(condition).order_by("start_year"))


def latest_year_with_data() -> FinancialYear | None:
    """Where every year picker opens: the latest year with data, else the latest year."""
    years = years_with_data()
    return years[-1] if years else FinancialYear.objects.order_by("-start_year").first()

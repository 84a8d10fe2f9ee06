"""The figures for one financial year: what the compliance view shows and the
panel report prints. Both call `year_figures`; there is no second implementation."""

from dataclasses import dataclass, field
from decimal import Decimal

from grants import selectors as grant_selectors
from interventions import selectors as intervention_selectors
from interventions.models import FundingStream
from partnership.models import FinancialYear
from partnership.money import ZERO
from svd import selectors as svd_selectors


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

    @property
    def svd_total(self) -> Decimal:
        return self.svd_labour + self.svd_non_labour

    @property
    def qualifying_met(self) -> bool:
        return self.qualifying_minimum is not None and self.core.qualifying_amount >= self.qualifying_minimum


def year_figures(financial_year: FinancialYear) -> YearFigures:
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
    )

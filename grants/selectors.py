"""Reads of grants and match funding that other apps (and the compliance view) use."""
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from partnership.models import FinancialYear

from .models import ContributionStatus, Grant, MatchContribution, Programme

ZERO = Decimal("0.00")


def grants_for_year(financial_year: FinancialYear):
    return (
        Grant.objects.filter(period__financial_year=financial_year)
        .select_related("funder", "period__financial_year", "conditions")
        .order_by("programme", "period__starts_on", "reference")
    )


def core_grant_for_year(financial_year: FinancialYear) -> Grant | None:
    """The year's VRU core grant with its conditions, or None if none is recorded."""
    return grants_for_year(financial_year).filter(programme=Programme.VRU_CORE).first()


@dataclass(frozen=True)
class MatchFundingProgress:
    required: Decimal
    pledged: Decimal
    confirmed: Decimal
    evidenced: Decimal

    @property
    def total(self) -> Decimal:
        """Everything counted towards the requirement, whatever its status."""
        return self.pledged + self.confirmed + self.evidenced

    @property
    def secured(self) -> Decimal:
        """Confirmed or evidenced: what the requirement is judged on."""
        return self.confirmed + self.evidenced

    @property
    def met(self) -> bool:
        return self.secured >= self.required


def match_funding_progress(financial_year: FinancialYear) -> MatchFundingProgress:
    grant = core_grant_for_year(financial_year)
    conditions = getattr(grant, "conditions", None) if grant else None
    required = conditions.required_match_funding() if conditions else ZERO
    sums = dict(
        MatchContribution.objects.filter(financial_year=financial_year)
        .values_list("status")
        .annotate(total=Sum("value"))
        .values_list("status", "total")
    )
    return MatchFundingProgress(
        required=required,
        pledged=sums.get(ContributionStatus.PLEDGED, ZERO),
        confirmed=sums.get(ContributionStatus.CONFIRMED, ZERO),
        evidenced=sums.get(ContributionStatus.EVIDENCED, ZERO),
    )

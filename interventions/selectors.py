"""Reads of the intervention register: the aggregates that the compliance view,
the panel report and the API all use. Aggregation happens in the database."""
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from partnership.models import FinancialYear

from . import rules
from .models import FundingStream, InterventionFunding, QuarterlyOutcome

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class StreamSummary:
    """Interventions funded from one stream in one year, split by the 30% rule."""

    count: int
    amount: Decimal
    qualifying_count: int
    qualifying_amount: Decimal

    @property
    def other_count(self) -> int:
        return self.count - self.qualifying_count

    @property
    def other_amount(self) -> Decimal:
        return self.amount - self.qualifying_amount


def funding_summary(financial_year: FinancialYear, stream: str = FundingStream.CORE) -> StreamSummary:
    """Counts and totals of the interventions funded from `stream` in the year.

    One query. Qualifying is decided by interventions.rules, nowhere else.
    """
    qualifying = rules.qualifying_q(prefix="intervention__")
    row = InterventionFunding.objects.filter(financial_year=financial_year, stream=stream).aggregate(
        n=Count("intervention", distinct=True),
        total=Sum("amount"),
        n_qualifying=Count("intervention", filter=qualifying, distinct=True),
        total_qualifying=Sum("amount", filter=qualifying),
    )
    return StreamSummary(
        count=row["n"],
        amount=row["total"] or ZERO,
        qualifying_count=row["n_qualifying"],
        qualifying_amount=row["total_qualifying"] or ZERO,
    )


def qualifying_spend_for_year(financial_year: FinancialYear) -> Decimal:
    """Core-budget spend on interventions that qualify under the 30% rule."""
    return funding_summary(financial_year, FundingStream.CORE).qualifying_amount


@dataclass(frozen=True)
class OutcomeTotals:
    young_people: int
    adults: int
    workforce_trained: int


def outcome_totals(financial_year: FinancialYear, up_to_quarter: int = 4, interventions=None) -> OutcomeTotals:
    """All interventions combined, for the year's quarters 1..up_to_quarter."""
    outcomes = QuarterlyOutcome.objects.filter(
        quarter__financial_year=financial_year, quarter__number__lte=up_to_quarter
    )
    if interventions is not None:
        outcomes = outcomes.filter(intervention__in=interventions)
    row = outcomes.aggregate(y=Sum("young_people"), a=Sum("adults"), t=Sum("workforce_trained"))
    return OutcomeTotals(young_people=row["y"] or 0, adults=row["a"] or 0, workforce_trained=row["t"] or 0)


def outcomes_by_quarter(financial_year: FinancialYear, up_to_quarter: int = 4):
    """[(quarter number, young people, adults, trained)] for the chart and the report."""
    rows = (
        QuarterlyOutcome.objects.filter(quarter__financial_year=financial_year, quarter__number__lte=up_to_quarter)
        .values("quarter__number")
        .annotate(y=Sum("young_people"), a=Sum("adults"), t=Sum("workforce_trained"))
        .order_by("quarter__number")
    )
    return [(r["quarter__number"], r["y"], r["a"], r["t"]) for r in rows]


def svd_funded_interventions(financial_year: FinancialYear):
    """The Serious Violence funded interventions for the report's appendix."""
    return (
        InterventionFunding.objects.filter(financial_year=financial_year, stream=FundingStream.SVD)
        .select_related("intervention__provider")
        .prefetch_related("intervention__districts")
        .order_by("intervention__name")
    )

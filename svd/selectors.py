"""Reads of SVD allocations and shares that other apps use."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from partnership import access
from partnership.models import FinancialYear, User
from partnership.money import ZERO

from .models import AllocationStatus, QuarterlyReturn, Stream, SvdAllocation, SvdRecipient, SvdShare


def svd_allocations() -> QuerySet[SvdAllocation]:
    """Every SVD allocation in period order, with its period's year: the panel
    report lists each year's labour and non-labour amounts."""
    return SvdAllocation.objects.select_related("period__financial_year", "grant").order_by("period__starts_on")


def svd_allocation_for_year(financial_year: FinancialYear) -> QuerySet[SvdAllocation]:
    """The year's allocations (a year may hold a part-year period)."""
    return svd_allocations().filter(period__financial_year=financial_year)


def shares_visible_to(user: User) -> QuerySet[SvdShare]:
    return access.visible(
        user, SvdShare.objects.select_related("allocation__period__financial_year", "recipient")
    ).order_by("allocation__period__starts_on", "stream", "position")


def allocation_detail(user: User, pk: int | str) -> SvdAllocation:
    """One allocation with its recipients and shares in stated order (404 if not visible)."""
    return access.get_visible_or_404(
        user,
        svd_allocations().prefetch_related(
            Prefetch("recipients", queryset=SvdRecipient.objects.select_related("organisation").order_by("position")),
            Prefetch(
                "shares",
                queryset=SvdShare.objects.select_related("recipient", "overridden_by").order_by("stream", "position"),
            ),
        ),
        pk=pk,
    )


def _shares_total(stream: str) -> Subquery:
    """The total of an allocation's shares in one stream, as a subquery: a Sum over
    a join with the recipients as well would count every share once per recipient."""
    return Subquery(
        SvdShare.objects.filter(allocation=OuterRef("pk"), stream=stream)
        .values("allocation")
        .annotate(total=Sum("amount"))
        .values("total")[:1]
    )


def allocations_visible_to(user: User) -> QuerySet[SvdAllocation]:
    """Allocations with the totals of their shares per stream, whether they add up
    (as `StreamShares.adds_up` says on the detail page) and the recipients, in one query."""
    recipients = SvdRecipient.objects.filter(allocation=OuterRef("pk")).values("allocation").annotate(n=Count("pk"))
    return access.visible(
        user,
        svd_allocations().annotate(
            labour_shares=_shares_total(Stream.LABOUR),
            non_labour_shares=_shares_total(Stream.NON_LABOUR),
            recipient_count=Coalesce(Subquery(recipients.values("n")[:1]), 0),
            shares_issued=Coalesce(F("labour_shares"), ZERO) + Coalesce(F("non_labour_shares"), ZERO),
            shares_add_up=Case(
                When(
                    Q(labour_shares=F("labour_amount")) & Q(non_labour_shares=F("non_labour_amount")),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        ),
    )


@dataclass(frozen=True)
class AllocationTotals:
    """The totals of a list of `allocations_visible_to`'s rows: no further queries."""

    labour: Decimal
    non_labour: Decimal
    shares_issued: Decimal

    @property
    def total(self) -> Decimal:
        return self.labour + self.non_labour

    @classmethod
    def of(cls, allocations: list[SvdAllocation]) -> AllocationTotals:
        return cls(
            labour=sum((a.labour_amount for a in allocations), ZERO),
            non_labour=sum((a.non_labour_amount for a in allocations), ZERO),
            shares_issued=sum((a.shares_issued for a in allocations), ZERO),
        )


@dataclass(frozen=True)
class StreamShares:
    stream: str
    label: str
    amount: Decimal
    shares: list

    @property
    def total(self) -> Decimal:
        return sum((s.amount for s in self.shares), ZERO)

    @property
    def adds_up(self) -> bool:
        return bool(self.shares) and self.total == self.amount


def shares_by_stream(allocation: SvdAllocation) -> list[StreamShares]:
    """Uses the prefetched shares of `allocation_detail`: no further queries."""
    return [
        StreamShares(
            stream=stream.value,
            label=stream.label,
            amount=allocation.amount_for(stream),
            shares=[s for s in allocation.shares.all() if s.stream == stream],
        )
        for stream in Stream
    ]


@dataclass(frozen=True)
class SharesIssued:
    """For the compliance view: how much of the year's SVD money is shared out."""

    allocated: Decimal
    shared: Decimal
    allocations: int
    allocations_issued: int

    @property
    def all_shared(self) -> bool:
        return self.allocations > 0 and self.shared == self.allocated and self.allocations == self.allocations_issued


def shares_issued_for_year(financial_year: FinancialYear) -> SharesIssued:
    rows = list(svd_allocation_for_year(financial_year).annotate(shared=Sum("shares__amount")))
    return SharesIssued(
        allocated=sum((a.total for a in rows), ZERO),
        shared=sum((a.shared or ZERO for a in rows), ZERO),
        allocations=len(rows),
        allocations_issued=sum(1 for a in rows if a.status == AllocationStatus.ISSUED),
    )


def allocations_with_shares_visible_to(user: User) -> QuerySet[SvdAllocation]:
    """For the API: allocations with recipients and shares prefetched (3 queries a page)."""
    return access.visible(
        user,
        svd_allocations().prefetch_related(
            Prefetch("recipients", queryset=SvdRecipient.objects.select_related("organisation").order_by("position")),
            Prefetch(
                "shares",
                queryset=SvdShare.objects.select_related("recipient", "allocation__period__financial_year").order_by(
                    "stream", "position"
                ),
            ),
        ),
    )


def years_with_svd_data() -> list:
    """The financial years with an SVD allocation or a quarterly return, in order."""
    allocated = SvdAllocation.objects.filter(period__financial_year=OuterRef("pk"))
    opened = QuarterlyReturn.objects.filter(quarter__financial_year=OuterRef("pk"))
    return list(FinancialYear.objects.filter(Exists(allocated) | Exists(opened)).order_by("start_year"))


def latest_year_with_shares(*, up_to_start_year: int) -> FinancialYear | None:
    """The latest financial year, up to the one given, in which SVD shares were issued."""
    return (
        FinancialYear.objects.filter(start_year__lte=up_to_start_year, periods__svd_allocation__shares__isnull=False)
        .order_by("-start_year")
        .distinct()
        .first()
    )


# --- Quarterly returns ---------------------------------------------------------
# Re-exported here so the floor above (reporting) asks svd.selectors only.
from .returns.selectors import (  # noqa: E402,F401
    approved_spend_to_date,
    coordinator_open_returns,
    coordinator_recent_returns,
    latest_reviewer_comment,
    overdue_returns,
    returns_awaiting_review,
    svd_spend_to_date,
    years_with_returns,
)
from .returns.selectors import reporting_rate as returns_reporting_rate  # noqa: E402,F401

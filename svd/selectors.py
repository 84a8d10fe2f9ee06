"""Reads of SVD allocations and shares that other apps use."""
from django.db.models import Min, Q, Sum

from partnership import access
from partnership.models import OrganisationKind

from .models import SvdAllocation, SvdShare


def svd_allocations():
    """Every SVD allocation in period order, with its period's year: the panel
    report lists each year's labour and non-labour amounts."""
    return SvdAllocation.objects.select_related("period__financial_year", "grant").order_by("period__starts_on")


def svd_allocation_for_year(financial_year):
    """The year's allocations (a year may hold a part-year period)."""
    return svd_allocations().filter(period__financial_year=financial_year)


def shares_visible_to(user):
    return access.visible(
        user, SvdShare.objects.select_related("allocation__period__financial_year", "recipient")
    ).order_by("allocation__period__starts_on", "stream", "position")


def csp_share_totals(financial_year):
    """[(CSP name, labour, non-labour)] of the year's SVD shares held by CSPs, in
    the allocation's stated order: the panel report's allocation per CSP. One query."""
    rows = (
        SvdShare.objects.filter(
            allocation__period__financial_year=financial_year,
            recipient__kind=OrganisationKind.COMMUNITY_SAFETY_PARTNERSHIP,
        )
        .values("recipient__name")
        .annotate(
            labour=Sum("amount", filter=Q(stream="labour")),
            non_labour=Sum("amount", filter=Q(stream="non_labour")),
            first_position=Min("position"),
        )
        .order_by("first_position", "recipient__name")
    )
    return [(r["recipient__name"], r["labour"], r["non_labour"]) for r in rows]

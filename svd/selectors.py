"""Reads of SVD allocations and shares that other apps use."""
from partnership import access

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


# --- Quarterly returns (work/returns) ------------------------------------------
# Re-exported here so the floor above (reporting) asks svd.selectors only.
from .returns.selectors import approved_spend_to_date  # noqa: E402,F401
from .returns.selectors import coordinator_open_returns, returns_awaiting_review  # noqa: E402,F401

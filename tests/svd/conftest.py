from decimal import Decimal

import pytest

from partnership.services import full_year_period
from svd.models import AllocationStatus, SvdAllocation, SvdRecipient
from svd.services import svd_allocation_split


@pytest.fixture
def allocation(reference_data):
    """2024/25 SVD money shared by the police, then Safer Leeds, then Bradford CSP."""
    orgs = reference_data["orgs"]
    allocation = SvdAllocation.objects.create(
        period=full_year_period(reference_data["years"][2024]),
        labour_amount=Decimal("100.00"),
        non_labour_amount=Decimal("65436.47"),
        status=AllocationStatus.ISSUED,
    )
    for position, org in enumerate([orgs["police"], orgs["csp_leeds"], orgs["csp_bradford"]], start=1):
        SvdRecipient.objects.create(allocation=allocation, organisation=org, position=position)
    svd_allocation_split(allocation=allocation)
    return allocation

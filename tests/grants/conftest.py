from decimal import Decimal

import pytest

from grants.models import Grant, GrantConditions, GrantStatus, MatchFundingBasis, Programme
from partnership.services import full_year_period


@pytest.fixture
def core_grant(reference_data):
    """The 2024/25 core grant with the West Yorkshire conditions (20% of £3,370,000; 30%)."""
    grant = Grant.objects.create(
        reference="vru-core-2024-25",
        funder=reference_data["orgs"]["home_office"],
        programme=Programme.VRU_CORE,
        period=full_year_period(reference_data["years"][2024]),
        amount=Decimal("4341877.11"),
        status=GrantStatus.CONFIRMED,
    )
    GrantConditions.objects.create(
        grant=grant,
        match_funding_basis=MatchFundingBasis.PERCENTAGE,
        match_funding_percent=Decimal("20.00"),
        match_reference_amount=Decimal("3370000.00"),
        match_reference_label="2021/22 allocation",
        qualifying_share_percent=Decimal("30.00"),
    )
    return grant

"""Fixtures for the quarterly-return tests (tests/svd and the real-worker reminder
test): SVD shares for 2025/26 among the police and the two test CSPs, an
intervention in each district, and Q1 2025/26 opened. The helpers that fill a
return are in tests/svd/returns/helpers.py."""

from decimal import Decimal

import pytest

from interventions.models import InterventionStatus
from partnership.models import Quarter
from partnership.services import full_year_period
from svd.models import AllocationStatus, QuarterlyReturn
from svd.returns import services
from tests.interventions.factories import InterventionFactory
from tests.partnership.factories import ProviderFactory
from tests.svd.factories import SvdAllocationFactory


@pytest.fixture
def shares(reference_data):
    """£300.00 labour and £600.01 non-labour, split among the police, Safer Leeds
    and Bradford CSP (tests/svd/returns/helpers.py names Leeds's shares)."""
    orgs = reference_data["orgs"]
    return SvdAllocationFactory(
        period=full_year_period(reference_data["years"][2025]),
        labour_amount=Decimal("300.00"),
        non_labour_amount=Decimal("600.01"),
        status=AllocationStatus.CONFIRMED,
        recipients=[orgs["police"], orgs["csp_leeds"], orgs["csp_bradford"]],
    )


@pytest.fixture
def interventions(reference_data):
    """A live, unrated A&E navigator in Leeds and one in Bradford: {"leeds", "bradford"}."""
    made = {}
    for key in ("leeds", "bradford"):
        district = reference_data["districts"][key]
        made[key] = InterventionFactory(
            reference=f"navigator-{key}",
            name=f"A&E Navigator {key.title()}",
            provider=ProviderFactory(ref=f"provider-{key}", name=f"{key.title()} Youth Trust", district=district),
            status=InterventionStatus.LIVE,
            impact="",
            evidence_quality=None,
            districts=[district],
        )
    return made


@pytest.fixture
def q1(reference_data, users, shares, interventions):
    """Q1 2025/26 opened: {"quarter", "leeds", "bradford"} (the returns)."""
    quarter = Quarter.objects.get(financial_year=reference_data["years"][2025], number=1)
    services.returns_open_quarter(quarter=quarter)
    return {
        "quarter": quarter,
        "leeds": QuarterlyReturn.objects.get(quarter=quarter, csp=reference_data["orgs"]["csp_leeds"]),
        "bradford": QuarterlyReturn.objects.get(quarter=quarter, csp=reference_data["orgs"]["csp_bradford"]),
    }

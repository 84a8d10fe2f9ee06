"""Fixtures for the quarterly-return tests: SVD shares for 2025/26 among the
police and the two test CSPs, an intervention in each district, and Q1 2025/26
opened. Import the fixtures into a test module by name."""

from decimal import Decimal

import pytest

from interventions.models import Intervention, InterventionStatus
from partnership.models import Organisation, OrganisationKind, Quarter
from partnership.services import full_year_period
from svd.models import QuarterlyReturn, SvdAllocation, SvdRecipient
from svd.returns import services
from svd.services import svd_allocation_split

# Leeds's shares: labour £300.00 / 3 = £100.00; non-labour £600.01 / 3 = £200.00
# (the leftover penny goes to the police, first in the stated order).
LEEDS_LABOUR = Decimal("100.00")
LEEDS_NON_LABOUR = Decimal("200.00")


@pytest.fixture
def shares(reference_data):
    orgs = reference_data["orgs"]
    allocation = SvdAllocation.objects.create(
        period=full_year_period(reference_data["years"][2025]),
        labour_amount=Decimal("300.00"),
        non_labour_amount=Decimal("600.01"),
    )
    for position, key in enumerate(["police", "csp_leeds", "csp_bradford"], start=1):
        SvdRecipient.objects.create(allocation=allocation, organisation=orgs[key], position=position)
    svd_allocation_split(allocation=allocation)
    return allocation


@pytest.fixture
def interventions(reference_data):
    made = {}
    for key in ("leeds", "bradford"):
        district = reference_data["districts"][key]
        provider = Organisation.objects.create(
            ref=f"provider-{key}",
            name=f"{key.title()} Youth Trust",
            kind=OrganisationKind.PROVIDER,
            provider_sector="vcse",
            district=district,
        )
        intervention = Intervention.objects.create(
            reference=f"navigator-{key}",
            name=f"A&E Navigator {key.title()}",
            provider=provider,
            status=InterventionStatus.LIVE,
        )
        intervention.districts.add(district)
        made[key] = intervention
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


def valid_figures(quarterly_return):
    """Annex A and B values that pass every rule (Q1: spend to date = this quarter)."""
    a = {}
    for line in quarterly_return.annex_a_lines.all():
        a[line.pk] = {
            "spend_this_quarter": "25.50",
            "spend_to_date": "25.50",
            "forecast_to_year_end": str(line.allocation),
            "explanation": "",
        }
    b = {
        line.pk: {
            "delivered": "Navigators in the emergency department five nights a week.",
            "young_people": "40",
            "adults": "3",
            "workforce_trained": "2",
            "progress": "on_track",
            "risks_and_issues": "",
            "narrative": "Steady referrals.",
            "case_study": "",
        }
        for line in quarterly_return.annex_b_lines.all()
    }
    return a, b


def fill(quarterly_return, by):
    a, b = valid_figures(quarterly_return)
    quarterly_return.refresh_from_db()
    services.return_save(
        quarterly_return=quarterly_return, version=quarterly_return.version, by=by, annex_a=a, annex_b=b
    )
    quarterly_return.refresh_from_db()
    return quarterly_return

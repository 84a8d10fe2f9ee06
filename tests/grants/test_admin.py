"""The admin for grants and SVD allocations: every model listed, searchable and filterable."""

import pytest
from django.urls import reverse

MODELS = [
    ("grants", "grant"),
    ("grants", "grantconditions"),
    ("grants", "matchcontribution"),
    ("grants", "budgetline"),
    ("grants", "evidencefile"),
    ("grants", "grantdocument"),
    ("svd", "svdallocation"),
    ("svd", "svdrecipient"),
    ("svd", "svdshare"),
]


@pytest.mark.parametrize("app, model", MODELS)
def test_it_lists_searches_and_shows_history_in_the_admin(client_for, core_grant, allocation_for_admin, app, model):
    client = client_for("admin")
    url = reverse(f"admin:{app}_{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url + "?q=leeds").status_code == 200


def test_it_keeps_grant_history_in_the_admin(client_for, core_grant):
    response = client_for("admin").get(reverse("admin:grants_grant_history", args=[core_grant.pk]))
    assert response.status_code == 200


def test_it_refuses_the_admin_to_a_coordinator(client_for, core_grant):
    response = client_for("leeds").get(reverse("admin:grants_grant_changelist"))
    assert response.status_code == 302  # to the admin's sign-in


@pytest.fixture
def allocation_for_admin(reference_data):
    from decimal import Decimal

    from partnership.services import full_year_period
    from svd.models import SvdAllocation, SvdRecipient
    from svd.services import svd_allocation_split

    allocation = SvdAllocation.objects.create(
        period=full_year_period(reference_data["years"][2025]),
        labour_amount=Decimal("1.00"),
        non_labour_amount=Decimal("2.00"),
    )
    SvdRecipient.objects.create(allocation=allocation, organisation=reference_data["orgs"]["csp_leeds"], position=1)
    svd_allocation_split(allocation=allocation)
    return allocation

"""The ground floor's endpoints: organisations, districts, financial years, quarters."""

import pytest

from partnership.models import Organisation, OrganisationKind
from partnership.services import financial_year_ensure


def test_it_filters_and_orders_organisations(api_for):
    client = api_for("staff")
    csps = client.get("/api/v1/organisations/", {"kind": "csp", "ordering": "-name"}).json()
    assert [o["name"] for o in csps["results"]] == ["Safer Leeds", "Bradford CSP"]
    leeds = client.get("/api/v1/organisations/", {"district": "Leeds"}).json()
    assert [o["ref"] for o in leeds["results"]] == ["csp-leeds"]


def test_it_filters_quarters_by_financial_year(api_for):
    body = api_for("staff").get("/api/v1/quarters/", {"financial_year": 2025, "ordering": "-number"}).json()
    assert [(q["label"], q["number"]) for q in body["results"]][0][1] == 4
    assert body["count"] == 4
    assert {q["financial_year"] for q in body["results"]} == {2025}


def test_it_describes_a_financial_year(api_for, reference_data):
    year = reference_data["years"][2024]
    body = api_for("staff").get(f"/api/v1/financial-years/{year.pk}/").json()
    assert body == {
        "id": year.pk,
        "start_year": 2024,
        "label": "2024/25",
        "starts_on": "2024-04-01",
        "ends_on": "2025-03-31",
    }


@pytest.mark.parametrize("name", ["leeds", "panel"])
def test_it_keeps_reference_data_to_staff_as_the_policy_says(api_for, reference_data, name):
    client = api_for(name)
    assert client.get("/api/v1/organisations/").json()["count"] == 0
    police = reference_data["orgs"]["police"]
    assert client.get(f"/api/v1/organisations/{police.pk}/").status_code == 404


def test_it_lists_organisations_in_a_fixed_number_of_queries(api_for, reference_data, django_assert_num_queries):
    client = api_for("staff")
    # 1 token and its user, 1 last-used update, 1 count, 1 page (district joined)
    with django_assert_num_queries(4):
        assert client.get("/api/v1/organisations/").json()["count"] == 4
    for n in range(20):
        Organisation.objects.create(
            ref=f"provider-{n}",
            name=f"Provider {n}",
            kind=OrganisationKind.PROVIDER,
            provider_sector="vcse",
            district=reference_data["districts"]["leeds"],
        )
    # last used was recorded a moment ago, so no update this time
    with django_assert_num_queries(3):
        assert client.get("/api/v1/organisations/").json()["count"] == 24


def test_it_lists_quarters_in_a_fixed_number_of_queries(api_for, reference_data, django_assert_num_queries):
    client = api_for("staff")
    client.get("/api/v1/quarters/")
    with django_assert_num_queries(3):
        assert client.get("/api/v1/quarters/").json()["count"] == 8
    for year in range(2026, 2030):
        financial_year_ensure(start_year=year)
    with django_assert_num_queries(3):
        assert client.get("/api/v1/quarters/").json()["count"] == 24

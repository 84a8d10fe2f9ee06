"""The grants API: staff read grants, conditions and contributions; nobody writes."""

from decimal import Decimal

import pytest

from grants.models import Grant, MatchContribution, Programme
from partnership.services import full_year_period


def test_it_gives_staff_grants_with_their_conditions_to_the_penny(client_for, core_grant):
    body = client_for("staff").get("/api/v1/grants/").json()

    grant = body["results"][0]
    assert grant["amount"] == "4341877.11"
    assert grant["conditions"]["required_match_funding"] == "674000.00"
    assert grant["conditions"]["minimum_qualifying_spend"] == "1302563.14"


@pytest.mark.parametrize("who", ["leeds", "panel"])
@pytest.mark.parametrize("url", ["/api/v1/grants/", "/api/v1/grant-conditions/", "/api/v1/match-contributions/"])
def test_it_shows_non_staff_no_grants_or_match_funding(client_for, core_grant, who, url):
    response = client_for(who).get(url)
    assert response.status_code == 200 and response.json()["results"] == []


def test_it_answers_404_for_a_grant_a_coordinator_may_not_see(client_for, core_grant):
    assert client_for("leeds").get(f"/api/v1/grants/{core_grant.pk}/").status_code == 404


def test_it_refuses_anonymous_requests(client, core_grant):
    assert client.get("/api/v1/grants/").status_code in (401, 403)


@pytest.mark.parametrize(
    "amount",
    ["-1.00", "10.001", "1000000000000.00", "a lot"],
)
def test_it_refuses_writes_whatever_the_amount_and_saves_nothing(client_for, core_grant, reference_data, amount):
    """The API is read-only: bad (and good) input is refused before it is read.
    Bad input is refused field by field through the forms (test_views_grants)."""
    client = client_for("staff")
    payload = {
        "reference": "api-grant",
        "funder": reference_data["orgs"]["home_office"].pk,
        "programme": "other",
        "period": core_grant.period_id,
        "amount": amount,
        "status": "confirmed",
    }
    assert client.post("/api/v1/grants/", payload, content_type="application/json").status_code == 405
    assert (
        client.patch(
            f"/api/v1/grants/{core_grant.pk}/", {"amount": amount}, content_type="application/json"
        ).status_code
        == 405
    )
    assert client.delete(f"/api/v1/grants/{core_grant.pk}/").status_code == 405
    assert (
        client.post("/api/v1/match-contributions/", {"value": amount}, content_type="application/json").status_code
        == 405
    )
    assert list(Grant.objects.values_list("reference", "amount")) == [("vru-core-2024-25", Decimal("4341877.11"))]
    assert not MatchContribution.objects.exists()


def test_it_lists_grants_with_a_fixed_number_of_queries(
    client_for, core_grant, reference_data, django_assert_num_queries
):
    client = client_for("staff")
    # session, user, count for the page, the grants (funder, period, year, conditions joined)
    # then saving the session (savepoint, update, release)
    with django_assert_num_queries(7):
        client.get("/api/v1/grants/")
    for n in range(5):
        Grant.objects.create(
            reference=f"extra-{n}",
            funder=reference_data["orgs"]["home_office"],
            programme=Programme.OTHER,
            period=full_year_period(reference_data["years"][2025]),
            amount=Decimal("1.00"),
        )
    with django_assert_num_queries(7):
        assert client.get("/api/v1/grants/").json()["count"] == 6


def test_it_lists_contributions_with_a_fixed_number_of_queries(client_for, reference_data, django_assert_num_queries):
    client = client_for("staff")

    def add(n):
        for i in range(n):
            MatchContribution.objects.create(
                partner=reference_data["orgs"]["police"],
                financial_year=reference_data["years"][2024],
                form="cash",
                description=f"c{i}",
                value=Decimal("1.00"),
            )

    add(1)
    # session, user, count, contributions (partner, year joined, evidence counted), session save (3)
    with django_assert_num_queries(7):
        client.get("/api/v1/match-contributions/")
    add(4)
    with django_assert_num_queries(7):
        body = client.get("/api/v1/match-contributions/").json()
    assert body["count"] == 5 and body["results"][0]["value"] == "1.00"

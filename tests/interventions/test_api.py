"""/api/v1/interventions/ and /api/v1/outcomes/: the pages' access, filters, fixed query counts."""

from decimal import Decimal

import pytest

from interventions.models import FundingStream, Intervention, InterventionFunding, QuarterlyOutcome
from partnership.models import Quarter

from .factories import make_intervention, provider

INTERVENTIONS = "/api/v1/interventions/"
OUTCOMES = "/api/v1/outcomes/"


@pytest.fixture
def register(reference_data):
    q1 = Quarter.objects.get(financial_year__start_year=2024, number=1)
    made = {
        "leeds": make_intervention(reference_data, "leeds", ref="leeds-one"),
        "bradford": make_intervention(reference_data, "bradford", ref="bradford-one", impact="", evidence=None),
        "wide": make_intervention(reference_data, "wide", ref="wide-one", stream=FundingStream.SVD),
    }
    for intervention in made.values():
        QuarterlyOutcome.objects.create(intervention=intervention, quarter=q1, young_people=3)
    return made


def refs(response):
    return {row["reference"] if "reference" in row else row["intervention"] for row in response.json()["results"]}


def test_it_lists_interventions_with_rating_and_funding_for_staff(client_for, register):
    response = client_for("staff").get(INTERVENTIONS, {"ordering": "reference"})

    rows = response.json()["results"]
    assert [r["reference"] for r in rows] == ["bradford-one", "leeds-one", "wide-one"]
    leeds = rows[1]
    assert leeds["rating"]["qualifies"] is True and leeds["rating"]["impact"] == "high"
    assert leeds["funding"] == [{"financial_year": "2024/25", "stream": "core", "amount": "1000.00"}]
    assert rows[0]["rating"]["qualifies"] is False


def test_it_filters_interventions_like_the_list_page(client_for, register):
    client = client_for("staff")

    assert refs(client.get(INTERVENTIONS, {"year": 2024, "stream": "core"})) == {"leeds-one", "bradford-one"}
    assert refs(client.get(INTERVENTIONS, {"qualifying": "yes"})) == {"leeds-one", "wide-one"}
    assert client.get(INTERVENTIONS, {"stream": "nonsense"}).status_code == 400


def test_it_shows_a_coordinator_only_their_district_and_partnership_wide(client_for, register):
    client = client_for("leeds")

    assert refs(client.get(INTERVENTIONS)) == {"leeds-one", "wide-one"}
    assert refs(client.get(OUTCOMES)) == {"leeds-one", "wide-one"}
    assert client.get(f"{INTERVENTIONS}bradford-one/").status_code == 404
    outcome = QuarterlyOutcome.objects.get(intervention__reference="bradford-one")
    assert client.get(f"{OUTCOMES}{outcome.pk}/").status_code == 404


def test_it_refuses_panel_members_and_anonymous_callers(client, client_for, register):
    assert client_for("panel").get(INTERVENTIONS).status_code == 403
    assert client_for("panel").get(OUTCOMES).status_code == 403
    assert client.get(INTERVENTIONS).status_code in (401, 403)


def test_it_lets_a_coordinator_write_outcomes_only_for_their_own_district(client_for, register):
    client = client_for("leeds")
    body = {"quarter": "2024/25 Q2", "young_people": 8, "adults": 1, "workforce_trained": 0}

    own = client.post(OUTCOMES, {**body, "intervention": "leeds-one"}, content_type="application/json")
    wide = client.post(OUTCOMES, {**body, "intervention": "wide-one"}, content_type="application/json")
    other = client.post(OUTCOMES, {**body, "intervention": "bradford-one"}, content_type="application/json")
    other_outcome = QuarterlyOutcome.objects.get(intervention__reference="bradford-one")
    patch_other = client.patch(f"{OUTCOMES}{other_outcome.pk}/", {"young_people": 99}, content_type="application/json")

    assert own.status_code == 201 and own.json()["quarter"] == "2024/25 Q2"
    assert wide.status_code == 403
    assert other.status_code == 400  # an intervention the caller cannot see does not exist for them
    assert patch_other.status_code == 404
    assert QuarterlyOutcome.objects.filter(quarter__number=2).count() == 1
    assert QuarterlyOutcome.objects.get(intervention__reference="bradford-one").young_people == 3


def test_it_refuses_bad_counts_through_the_api(client_for, register):
    response = client_for("staff").post(
        OUTCOMES,
        {
            "intervention": "leeds-one",
            "quarter": "2024/25 Q5",
            "young_people": -1,
            "adults": "many",
            "workforce_trained": 0,
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert {"quarter", "young_people", "adults"} <= {error["field"] for error in response.json()["errors"]}
    assert QuarterlyOutcome.objects.count() == 3


def test_it_updates_counts_for_staff(client_for, register):
    outcome = QuarterlyOutcome.objects.get(intervention__reference="wide-one")

    client = client_for("staff")
    etag = client.get(f"{OUTCOMES}{outcome.pk}/")["ETag"]

    response = client.patch(
        f"{OUTCOMES}{outcome.pk}/", {"adults": 4}, content_type="application/json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 200
    outcome.refresh_from_db()
    assert (outcome.young_people, outcome.adults) == (3, 4)
    # The ETag read before that change is now stale: a second writer holding it changes nothing.
    stale = client.patch(f"{OUTCOMES}{outcome.pk}/", {"adults": 9}, content_type="application/json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    outcome.refresh_from_db()
    assert outcome.adults == 4


@pytest.mark.parametrize("size", [5, 60])
def test_it_runs_a_fixed_number_of_queries_for_the_lists(reference_data, client_for, django_assert_num_queries, size):
    org = provider(reference_data)
    year = reference_data["years"][2024]
    q1 = Quarter.objects.get(financial_year=year, number=1)
    made = Intervention.objects.bulk_create(
        [Intervention(reference=f"i-{k}", name=f"I {k}", provider=org) for k in range(size)]
    )
    Intervention.districts.through.objects.bulk_create(
        [Intervention.districts.through(intervention=i, district=reference_data["districts"]["leeds"]) for i in made]
    )
    InterventionFunding.objects.bulk_create(
        [InterventionFunding(intervention=i, financial_year=year, stream="core", amount=Decimal("1.00")) for i in made]
    )
    QuarterlyOutcome.objects.bulk_create([QuarterlyOutcome(intervention=i, quarter=q1) for i in made])
    client = client_for("leeds")

    # 1 session, 2 user, 3 the user's CSPs (user.csps, once per request, for the
    # access policy), 4 count, 5 page with provider, 6 districts, 7 funding with
    # year, 8-10 the session saved (savepoint, update, release)
    with django_assert_num_queries(10):
        assert len(client.get(INTERVENTIONS).json()["results"]) == min(size, 50)
    # 1 session, 2 user, 3 the user's CSPs, 4 count, 5 page with intervention and
    # quarter, 6 breakdowns, 7-9 session saved
    with django_assert_num_queries(9):
        assert len(client.get(OUTCOMES).json()["results"]) == min(size, 50)

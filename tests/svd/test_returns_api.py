import pytest
from rest_framework.test import APIClient

from svd.models import FundingLine, QuarterlyReturn, ReturnStatus
from svd.returns import services

from .returns_fixtures import fill, interventions, q1, shares, valid_figures  # noqa: F401

ACTIONS = ["submit", "approve", "return", "reopen"]


@pytest.fixture
def api(users):
    def make(name):
        client = APIClient()
        client.force_authenticate(users[name])
        return client

    return make


def draft_body(quarterly_return):
    a, b = valid_figures(quarterly_return)
    return {
        "version": quarterly_return.version,
        "annex_a": [{"id": pk, **values} for pk, values in a.items()],
        "annex_b": [{"id": pk, **values} for pk, values in b.items()],
    }


def test_it_lists_only_the_coordinators_own_returns(api, q1):
    rows = api("leeds").get("/api/v1/returns/").json()["results"]
    assert [row["csp_name"] for row in rows] == ["Safer Leeds"]
    assert {row["csp_name"] for row in api("staff").get("/api/v1/returns/").json()["results"]} == {"Safer Leeds", "Bradford CSP"}
    assert api("panel").get("/api/v1/returns/").json()["results"] == []


def test_it_shows_money_as_strings_to_the_penny(api, q1):
    row = api("leeds").get(f"/api/v1/returns/{q1['leeds'].pk}/").json()
    assert {line["funding_line"]: line["allocation"] for line in row["annex_a"]} == {"labour": "100.00", "non_labour": "200.00"}


def test_it_hides_leeds_return_from_bradford_for_reading_writing_and_every_action(api, q1, users):
    leeds = fill(q1["leeds"], users["leeds"])
    client = api("bradford")
    assert client.get(f"/api/v1/returns/{leeds.pk}/").status_code == 404
    assert client.patch(f"/api/v1/returns/{leeds.pk}/", draft_body(leeds), format="json").status_code == 404
    for name in ACTIONS:
        assert client.post(f"/api/v1/returns/{leeds.pk}/{name}/", {"comments": "x", "reason": "x"}, format="json").status_code == 404
    assert client.get(f"/api/v1/returns/{leeds.pk + 1000}/").status_code == 404
    leeds.refresh_from_db()
    assert (leeds.status, leeds.version) == (ReturnStatus.DRAFT, 2)


def test_it_writes_a_draft_and_walks_the_workflow(api, q1, users):
    leeds, coordinator, staff = q1["leeds"], api("leeds"), api("staff")
    response = coordinator.patch(f"/api/v1/returns/{leeds.pk}/", draft_body(leeds), format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "draft" and response.json()["version"] == 2
    assert coordinator.post(f"/api/v1/returns/{leeds.pk}/approve/").status_code == 403
    assert coordinator.post(f"/api/v1/returns/{leeds.pk}/submit/").json()["status"] == "submitted"
    assert staff.post(f"/api/v1/returns/{leeds.pk}/return/", {"comments": ""}, format="json").status_code == 400
    assert staff.post(f"/api/v1/returns/{leeds.pk}/return/", {"comments": "Fix Q1"}, format="json").json()["status"] == "returned"
    assert coordinator.post(f"/api/v1/returns/{leeds.pk}/submit/").json()["status"] == "resubmitted"
    body = staff.post(f"/api/v1/returns/{leeds.pk}/approve/").json()
    assert body["status"] == "approved" and body["received_on_time"] is False  # due 31 July 2025, submitted today
    assert coordinator.patch(f"/api/v1/returns/{leeds.pk}/", draft_body(QuarterlyReturn.objects.get(pk=leeds.pk)), format="json").status_code == 409
    assert staff.post(f"/api/v1/returns/{leeds.pk}/reopen/", {"reason": "Typo in spend"}, format="json").json()["status"] == "returned"


def test_it_lists_each_problem_and_refuses_submission(api, q1):
    leeds = q1["leeds"]
    line = leeds.annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR)
    body = {"version": 1, "annex_a": [{"id": line.pk, "spend_this_quarter": "-1", "spend_to_date": "1"}]}
    response = api("leeds").patch(f"/api/v1/returns/{leeds.pk}/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0] == {"annex": "a", "line": line.pk, "field": "spend_this_quarter", "message": "SVD labour share: Spend this quarter must be £0.00 or more"}
    assert api("leeds").post(f"/api/v1/returns/{leeds.pk}/submit/").status_code == 400


def test_it_refuses_a_stale_write_with_what_changed(api, q1, users):
    leeds = q1["leeds"]
    body = draft_body(leeds)
    assert api("leeds").patch(f"/api/v1/returns/{leeds.pk}/", body, format="json").status_code == 200
    body["annex_a"][0]["spend_this_quarter"] = "1.00"
    response = api("staff").patch(f"/api/v1/returns/{leeds.pk}/", body, format="json")
    assert response.status_code == 409
    assert any(change["field"] == "spend this quarter" and change["to"] == "25.50" for change in response.json()["changes"])


def test_it_refuses_a_line_of_another_return(api, q1):
    other = q1["bradford"].annex_a_lines.first()
    body = {"version": 1, "annex_a": [{"id": other.pk, "spend_this_quarter": "1.00", "spend_to_date": "1.00"}]}
    assert api("leeds").patch(f"/api/v1/returns/{q1['leeds'].pk}/", body, format="json").status_code == 400
    other.refresh_from_db()
    assert other.spend_this_quarter is None


def test_it_pins_the_queries_of_the_list(api, q1, reference_data, django_assert_num_queries):
    from partnership.models import Quarter

    client = api("staff")
    # returns with CSP and quarter, the count, Annex A lines, Annex B lines with interventions
    with django_assert_num_queries(4):
        client.get("/api/v1/returns/")
    services.returns_open_quarter(quarter=Quarter.objects.get(financial_year=reference_data["years"][2025], number=2))
    with django_assert_num_queries(4):
        assert client.get("/api/v1/returns/").json()["count"] == 4

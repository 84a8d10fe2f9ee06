import pytest
from rest_framework.test import APIClient

from svd.models import FundingLine, ReturnStatus
from svd.returns import services

from .helpers import fill, valid_figures

ACTIONS = ["submit", "approve", "return", "reopen"]


@pytest.fixture
def api(users):
    def make(name):
        client = APIClient()
        client.force_authenticate(users[name])
        return client

    return make


def etag(quarterly_return):
    quarterly_return.refresh_from_db()
    return f'"svd.quarterlyreturn-{quarterly_return.pk}-v{quarterly_return.version}"'


def draft_body(quarterly_return):
    a, b = valid_figures(quarterly_return)
    return {
        "annex_a": [{"id": pk, **values} for pk, values in a.items()],
        "annex_b": [{"id": pk, **values} for pk, values in b.items()],
    }


def test_it_lists_only_the_coordinators_own_returns(api, q1):
    rows = api("leeds").get("/api/v1/returns/").json()["results"]
    assert [row["csp_name"] for row in rows] == ["Safer Leeds"]
    assert {row["csp_name"] for row in api("staff").get("/api/v1/returns/").json()["results"]} == {
        "Safer Leeds",
        "Bradford CSP",
    }
    assert api("panel").get("/api/v1/returns/").json()["results"] == []


def test_it_shows_money_as_strings_to_the_penny(api, q1):
    row = api("leeds").get(f"/api/v1/returns/{q1['leeds'].pk}/").json()
    assert {line["funding_line"]: line["allocation"] for line in row["annex_a"]} == {
        "labour": "100.00",
        "non_labour": "200.00",
    }


def test_it_hides_leeds_return_from_bradford_for_reading_writing_and_every_action(api, q1, users):
    leeds = fill(q1["leeds"], users["leeds"])
    client = api("bradford")
    assert client.get(f"/api/v1/returns/{leeds.pk}/").status_code == 404
    for if_match in (etag(leeds), "*", None):
        headers = {"HTTP_IF_MATCH": if_match} if if_match else {}
        assert (
            client.patch(f"/api/v1/returns/{leeds.pk}/", draft_body(leeds), format="json", **headers).status_code == 404
        )
        for name in ACTIONS:
            assert (
                client.post(
                    f"/api/v1/returns/{leeds.pk}/{name}/", {"comments": "x", "reason": "x"}, format="json", **headers
                ).status_code
                == 404
            )
    assert client.get(f"/api/v1/returns/{leeds.pk + 1000}/").status_code == 404
    leeds.refresh_from_db()
    assert (leeds.status, leeds.version) == (ReturnStatus.DRAFT, 2)


def test_it_writes_a_draft_and_walks_the_workflow(api, q1, users):
    leeds, coordinator, staff = q1["leeds"], api("leeds"), api("staff")
    url = f"/api/v1/returns/{leeds.pk}/"
    assert coordinator.get(url)["ETag"] == etag(leeds)
    response = coordinator.patch(url, draft_body(leeds), format="json", HTTP_IF_MATCH=etag(leeds))
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "draft" and response.json()["version"] == 2
    assert response["ETag"] == etag(leeds)
    assert coordinator.post(f"{url}approve/", HTTP_IF_MATCH=etag(leeds)).status_code == 403
    response = coordinator.post(f"{url}submit/", HTTP_IF_MATCH=etag(leeds))
    assert (
        response.json()["status"] == "submitted"
        and response["ETag"] == etag(leeds) == f'"svd.quarterlyreturn-{leeds.pk}-v3"'
    )
    assert staff.post(f"{url}return/", {"comments": ""}, format="json", HTTP_IF_MATCH=etag(leeds)).status_code == 400
    assert (
        staff.post(f"{url}return/", {"comments": "Fix Q1"}, format="json", HTTP_IF_MATCH=etag(leeds)).json()["status"]
        == "returned"
    )
    assert coordinator.post(f"{url}submit/", HTTP_IF_MATCH=etag(leeds)).json()["status"] == "resubmitted"
    body = staff.post(f"{url}approve/", HTTP_IF_MATCH=etag(leeds)).json()
    assert body["status"] == "approved" and body["received_on_time"] is False  # due 31 July 2025, submitted today
    response = coordinator.patch(url, draft_body(leeds), format="json", HTTP_IF_MATCH=etag(leeds))
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    assert (
        staff.post(f"{url}reopen/", {"reason": "Typo in spend"}, format="json", HTTP_IF_MATCH=etag(leeds)).json()[
            "status"
        ]
        == "returned"
    )


def test_it_needs_if_match_on_every_write_and_changes_nothing_without_it(api, q1, users):
    leeds = fill(q1["leeds"], users["leeds"])
    url = f"/api/v1/returns/{leeds.pk}/"
    response = api("leeds").patch(url, draft_body(leeds), format="json")
    assert response.status_code == 428 and response.json()["code"] == "precondition_required"
    for name in ACTIONS:
        assert api("staff").post(f"{url}{name}/", {"comments": "x", "reason": "x"}, format="json").status_code == 428
    leeds.refresh_from_db()
    assert (leeds.status, leeds.version) == (ReturnStatus.DRAFT, 2)


def test_it_refuses_an_action_from_a_stale_etag(api, q1, users):
    leeds = q1["leeds"]
    stale = etag(leeds)
    fill(leeds, users["leeds"])
    response = api("leeds").post(f"/api/v1/returns/{leeds.pk}/submit/", HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    leeds.refresh_from_db()
    assert leeds.status == ReturnStatus.DRAFT and leeds.submitted_at is None


def test_it_lists_each_problem_and_refuses_submission(api, q1):
    leeds = q1["leeds"]
    line = leeds.annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR)
    body = {"annex_a": [{"id": line.pk, "spend_this_quarter": "-1", "spend_to_date": "1"}]}
    response = api("leeds").patch(f"/api/v1/returns/{leeds.pk}/", body, format="json", HTTP_IF_MATCH=etag(leeds))
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "annex": "a",
        "line": line.pk,
        "field": "spend_this_quarter",
        "code": "invalid",
        "message": "SVD labour share: Spend this quarter must be £0.00 or more",
    }
    assert api("leeds").post(f"/api/v1/returns/{leeds.pk}/submit/", HTTP_IF_MATCH=etag(leeds)).status_code == 400


def test_it_refuses_a_stale_write_with_what_changed(api, q1, users):
    leeds = q1["leeds"]
    body, read = draft_body(leeds), etag(leeds)
    assert (
        api("leeds").patch(f"/api/v1/returns/{leeds.pk}/", body, format="json", HTTP_IF_MATCH=read).status_code == 200
    )
    body["annex_a"][0]["spend_this_quarter"] = "1.00"
    response = api("staff").patch(f"/api/v1/returns/{leeds.pk}/", body, format="json", HTTP_IF_MATCH=read)
    assert response.status_code == 412 and response.json()["code"] == "precondition_failed"
    leeds.refresh_from_db()
    assert leeds.version == 2 and leeds.annex_a_lines.get(pk=body["annex_a"][0]["id"]).spend_this_quarter != 1
    assert any(
        change["field"] == "spend this quarter" and change["to"] == "25.50" for change in response.json()["changes"]
    )


def test_it_refuses_a_line_of_another_return(api, q1):
    other = q1["bradford"].annex_a_lines.first()
    body = {"annex_a": [{"id": other.pk, "spend_this_quarter": "1.00", "spend_to_date": "1.00"}]}
    assert (
        api("leeds")
        .patch(f"/api/v1/returns/{q1['leeds'].pk}/", body, format="json", HTTP_IF_MATCH=etag(q1["leeds"]))
        .status_code
        == 400
    )
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

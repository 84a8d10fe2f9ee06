"""Odd requests anywhere under /api/ get the API's JSON error, never a 500 and
never an HTML page: unknown routes, lookups that match no route, methods a
route does not have, bodies of the wrong type, page numbers and filters with
bad values, malformed If-Match headers.

The routes come from the URL configuration (tests/api/routes.py), so a new
endpoint is swept without a list to keep by hand.
"""

import pytest
import yaml
from django.test import Client

from partnership.api_support.schema_file import checked_in_schema_yaml

from .routes import api_routes

ODD_LOOKUPS = ["210000.00", "-1", "0", "99999999999999999999", "x" * 300, "%20", "a.b", "%E2%82%AC", "1e3"]


def assert_api_error(response, status):
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert body["status"] == status
    assert set(body) >= {"status", "code", "detail", "errors"}
    assert body["detail"]
    return body


def test_it_answers_the_issues_odd_intervention_reference_in_json(api_for):
    """GET /api/v1/interventions/210000.00/ matched no route, so Django drew its HTML 404."""
    body = assert_api_error(api_for("staff").get("/api/v1/interventions/210000.00/"), 404)
    assert body["code"] == "not_found"


@pytest.mark.parametrize("value", ODD_LOOKUPS)
def test_it_answers_an_odd_lookup_on_every_route_with_a_json_404(api_for, value):
    client = api_for("staff")
    for route in api_routes():
        if not route.kwargs:
            continue
        url = "/" + route.route
        for name in route.kwargs:
            url = url.replace(f"<{name}>", value)
        response = client.get(url)
        # An action that takes only POST may say so first; either way, in JSON.
        expected = {404} if "get" in route.methods else {404, 405}
        assert response.status_code in expected, f"GET {url}: {response.status_code}"
        assert response["Content-Type"].startswith("application/json"), f"GET {url}: {response['Content-Type']}"


@pytest.mark.parametrize(
    "url", ["/api/v1/nothing-here/", "/api/v1/grants/1/2/3/", "/api/v2/grants/", "/api/", "/api/v1/returns/1/x/"]
)
def test_it_answers_an_unknown_api_route_with_a_json_404(api_for, client, users, url):
    assert_api_error(api_for("staff").get(url), 404)
    # Signed out too: the shape does not depend on who asks.
    assert_api_error(client.get(url), 404)


def test_it_keeps_html_404_pages_outside_the_api(client_for):
    response = client_for("staff").get("/grants/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_it_answers_a_server_error_under_the_api_in_json(users, monkeypatch):
    from partnership import api as partnership_api

    def broken(self):
        raise RuntimeError("a bug")

    monkeypatch.setattr(partnership_api.DistrictViewSet, "get_queryset", broken)
    client = Client(raise_request_exception=False)
    client.force_login(users["staff"])
    body = assert_api_error(client.get("/api/v1/districts/"), 500)
    assert body["code"] == "server_error"
    assert "a bug" not in body["detail"]


def test_it_answers_put_on_a_return_instead_of_a_500(api_for):
    """PUT /api/v1/returns/<id>/ answered 500 ('super' object has no attribute 'update'):
    returns are written with PATCH, so PUT is not allowed, and the schema says so."""
    body = assert_api_error(api_for("staff").put("/api/v1/returns/1/", {}, HTTP_IF_MATCH="*"), 405)
    assert body["code"] == "method_not_allowed"
    paths = yaml.safe_load(checked_in_schema_yaml())["paths"]
    assert "put" not in paths["/api/v1/returns/{id}/"]
    assert "patch" in paths["/api/v1/returns/{id}/"]


def test_it_answers_every_method_a_route_lacks_with_a_json_405(api_for):
    client = api_for("staff")
    for route in api_routes():
        if route.route in ("api/schema/", "api/docs/"):
            continue
        url = route.url(**dict.fromkeys(route.kwargs, 1))
        for method in {"get", "post", "put", "patch", "delete"} - route.methods:
            response = getattr(client, method)(url, {}, format="json")
            # A lookup that finds nothing may answer 404 first; either way, JSON.
            assert response.status_code in (404, 405), f"{method.upper()} {url}: {response.status_code}"
            assert response["Content-Type"].startswith("application/json"), f"{method.upper()} {url}"


def test_every_documented_operation_exists(api_for):
    """Nothing the schema documents answers 405 or 500 for want of code behind it."""
    client = api_for("staff")
    paths = yaml.safe_load(checked_in_schema_yaml())["paths"]
    for route, item in paths.items():
        url = route.replace("{id}", "999999").replace("{reference}", "no-such-reference")
        for method in item:
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            response = getattr(client, method)(url, {}, format="json", HTTP_IF_MATCH="*")
            assert response.status_code not in (405, 500), f"{method.upper()} {route}: {response.status_code}"


@pytest.mark.parametrize("page", ["-1", "0", "abc", "99999999999999999999", "1.5"])
def test_it_answers_a_bad_page_number_with_a_json_404(api_for, page):
    for url in ("/api/v1/organisations/", "/api/v1/returns/", "/api/v1/interventions/"):
        assert_api_error(api_for("staff").get(url, {"page": page}), 404)


def test_it_caps_a_huge_page_size(api_for, reference_data):
    body = api_for("staff").get("/api/v1/organisations/", {"page_size": 10**9, "limit": 10**9}).json()
    assert len(body["results"]) <= 50


@pytest.mark.parametrize(
    "url, params",
    [
        ("/api/v1/returns/", {"csp": "abc"}),
        ("/api/v1/returns/", {"csp": "99999999999999999999"}),
        ("/api/v1/returns/", {"quarter": "-1.5"}),
        ("/api/v1/returns/", {"status": "nonsense"}),
        ("/api/v1/quarters/", {"financial_year": "99999999999999999999"}),
        ("/api/v1/quarters/", {"number": "1e400"}),
        ("/api/v1/quarters/", {"financial_year": "NaN"}),
        ("/api/v1/financial-years/", {"start_year": "99999999999999999999"}),
        ("/api/v1/interventions/", {"district": "99999999999999999999"}),
        ("/api/v1/interventions/", {"year": "abc"}),
        ("/api/v1/outcomes/", {"intervention": "x" * 500}),
        ("/api/v1/grants/", {"period__financial_year__start_year": "99999999999999999999"}),
        ("/api/v1/svd-shares/", {"allocation": "99999999999999999999"}),
        ("/api/v1/panel-reports/", {"financial_year": "99999999999999999999"}),
        ("/api/v1/open-data/360giving/", {"year": "99999999999999999999"}),
        ("/api/v1/organisations/", {"district": "Leeds\x00"}),
        ("/api/v1/districts/", {"code": "\x00"}),
        ("/api/v1/returns/", {"status": "\x00"}),
        ("/api/v1/interventions/", {"search": "\x00", "ordering": "\x00"}),
    ],
)
def test_it_refuses_a_filter_with_a_bad_value_in_json(api_for, reference_data, url, params):
    response = api_for("staff").get(url, params)
    assert response.status_code in (200, 400), f"{url} {params}: {response.status_code}"
    assert response["Content-Type"].startswith("application/json")
    if response.status_code == 400:
        assert response.json()["errors"], "a 400 names the parameter at fault"


def test_it_will_not_build_a_viewset_that_documents_put_without_one():
    from rest_framework import mixins, viewsets

    from partnership.api_support.concurrency import ConditionalUpdateMixin

    with pytest.raises(TypeError, match="UpdateModelMixin"):

        class Broken(ConditionalUpdateMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
            pass


def test_it_ignores_ordering_by_an_unknown_field(api_for, reference_data):
    response = api_for("staff").get("/api/v1/organisations/", {"ordering": "-secret_sha256,__class__,?"})
    assert response.status_code == 200


@pytest.fixture
def outcome_url(api_for, reference_data):
    from interventions.models import Intervention

    item = Intervention.objects.create(
        reference="ae-leeds", name="A&E Navigator", provider=reference_data["orgs"]["police"]
    )
    item.districts.add(reference_data["districts"]["leeds"])
    response = api_for("staff").post(
        "/api/v1/outcomes/",
        {"intervention": "ae-leeds", "quarter": "2024/25 Q1", "young_people": 1, "adults": 0, "workforce_trained": 0},
        format="json",
    )
    assert response.status_code == 201, response.content
    return f"/api/v1/outcomes/{response.json()['id']}/"


@pytest.mark.parametrize("header", ["garbage", '"unterminated', "W/", ",,,", "\t", '"a", W/"b", *x', "x" * 5000])
def test_it_refuses_a_malformed_if_match_with_412(api_for, outcome_url, header):
    body = assert_api_error(api_for("staff").patch(outcome_url, {"adults": 3}, HTTP_IF_MATCH=header), 412)
    assert body["code"] == "precondition_failed"


def test_it_refuses_an_empty_if_match_with_428(api_for, outcome_url):
    assert_api_error(api_for("staff").patch(outcome_url, {"adults": 3}, HTTP_IF_MATCH=""), 428)


@pytest.mark.parametrize(
    "content_type, body, status",
    [
        ("text/plain", b"adults=3", 415),
        ("application/xml", b"<adults>3</adults>", 415),
        ("application/json", b"{not json", 400),
        ("application/json", b"[1, 2, 3]", 400),
        ("application/json", b'"a string"', 400),
        ("application/json", b"\xff\xfe", 400),
        ("multipart/form-data", b"--x\r\n", 400),
    ],
)
def test_it_refuses_a_body_it_cannot_read_in_json(api_for, outcome_url, content_type, body, status):
    client = api_for("staff")
    etag = client.get(outcome_url)["ETag"]
    response = client.generic("PATCH", outcome_url, body, content_type=content_type, HTTP_IF_MATCH=etag)
    assert_api_error(response, status)


def test_it_refuses_a_list_where_an_object_belongs(api_for, reference_data):
    response = api_for("staff").post("/api/v1/outcomes/", [1, 2], format="json")
    assert_api_error(response, 400)

"""A permission test for every API route, and proof that a CSP coordinator's token
cannot reach another CSP's objects on any endpoint.

`ROUTES` must name every route the URL configuration has under /api/: a new
endpoint without an entry fails `test_it_has_a_permission_entry_for_every_api_route`.
Entries say how the route decides access:

* POLICY: a viewset whose queryset is `partnership.access.visible`. Checked
  generically for every non-staff user of the demo: a list shows only what the
  policy lets them see, and every other object is 404 to every method.
* STAFF: VRP staff only; everyone else gets 403.
* SIGNED_IN: any signed-in portal user (the schema and its docs page).
"""

import pytest
from rest_framework.test import APIClient

from partnership import access
from partnership.models import User
from partnership.services import api_token_create

from .routes import UNSAFE, api_routes

POLICY, STAFF, SIGNED_IN = "policy", "staff", "signed_in"


class Entry:
    def __init__(self, kind, params=None, anonymous=401):
        self.kind, self.params, self.anonymous = kind, params or {}, anonymous


YEAR = {"year": 2024}

ROUTES = {
    # The schema and its docs page.
    "api/schema/": Entry(SIGNED_IN),
    "api/docs/": Entry(SIGNED_IN, anonymous=302),
    # Ground floor (partnership/api.py).
    "api/v1/districts/": Entry(POLICY),
    "api/v1/districts/<pk>/": Entry(POLICY),
    "api/v1/organisations/": Entry(POLICY),
    "api/v1/organisations/<pk>/": Entry(POLICY),
    "api/v1/financial-years/": Entry(POLICY),
    "api/v1/financial-years/<pk>/": Entry(POLICY),
    "api/v1/quarters/": Entry(POLICY),
    "api/v1/quarters/<pk>/": Entry(POLICY),
    # The API root that DefaultRouter adds (the first router to claim "api/v1/").
    "api/v1/": Entry(SIGNED_IN),
    # grants/api.py: staff only in the policy; others get empty lists and 404s.
    "api/v1/grants/": Entry(POLICY),
    "api/v1/grants/<pk>/": Entry(POLICY),
    "api/v1/grant-budgets/": Entry(POLICY),
    "api/v1/grant-budgets/<pk>/": Entry(POLICY),
    "api/v1/grant-conditions/": Entry(POLICY),
    "api/v1/grant-conditions/<pk>/": Entry(POLICY),
    "api/v1/match-contributions/": Entry(POLICY),
    "api/v1/match-contributions/<pk>/": Entry(POLICY),
    # svd/api_allocations.py: allocations staff only; shares to their own CSP's coordinator.
    "api/v1/svd-allocations/": Entry(POLICY),
    "api/v1/svd-allocations/<pk>/": Entry(POLICY),
    "api/v1/svd-shares/": Entry(POLICY),
    "api/v1/svd-shares/<pk>/": Entry(POLICY),
    # interventions/api.py: the register by district; outcomes written for one's own district.
    "api/v1/interventions/": Entry(POLICY),
    "api/v1/interventions/<reference>/": Entry(POLICY),
    "api/v1/outcomes/": Entry(POLICY),
    "api/v1/outcomes/<pk>/": Entry(POLICY),
    # svd/returns/api.py: quarterly returns, a coordinator's own CSP's only; drafts
    # written with PATCH, and the workflow actions (each on one return, 404 to others).
    "api/v1/returns/": Entry(POLICY),
    "api/v1/returns/<pk>/": Entry(POLICY),
    "api/v1/returns/<pk>/submit/": Entry(POLICY),
    "api/v1/returns/<pk>/approve/": Entry(POLICY),
    "api/v1/returns/<pk>/return/": Entry(POLICY),
    "api/v1/returns/<pk>/reopen/": Entry(POLICY),
    # reporting/api.py: panel reports, read-only; staff see all, others published ones.
    "api/v1/panel-reports/": Entry(POLICY),
    "api/v1/panel-reports/<pk>/": Entry(POLICY),
    # Open data (reporting/open_data/api.py).
    "api/v1/open-data/360giving/": Entry(STAFF, YEAR),
    "api/v1/open-data/360giving/xlsx/": Entry(STAFF, YEAR),
    # The figure registry's values for a year (reporting/figures_api.py): staff only.
    "api/v1/figures/": Entry(STAFF, YEAR),
}

OUTSIDERS = ["csp-bradford", "csp-leeds", "panel-member"]
SAMPLE = 12  # objects tried per route and user: enough to cross every CSP in the demo


def test_it_has_a_permission_entry_for_every_api_route():
    found = {r.route for r in api_routes()}
    missing = sorted(found - set(ROUTES))
    stale = sorted(set(ROUTES) - found)
    assert not missing, f"API routes with no permission entry in tests/api/test_routes.py: {missing}"
    assert not stale, f"Entries for routes that no longer exist: {stale}"


def test_it_routes_every_viewset_through_the_access_policy():
    """A POLICY entry must really be a viewset over a model the policy names."""
    for route in api_routes():
        entry = ROUTES.get(route.route)
        if entry and entry.kind == POLICY:
            assert route.is_viewset, route.route
            label = route.model()._meta.label_lower
            assert label in access.POLICY or access.rule_for(route.model()) is access.STAFF_ONLY, label


def _client(user):
    _, raw = api_token_create(user=user, name="route test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def _sample_url(route, model=None):
    if not route.kwargs:
        return route.url()
    obj = (model or route.model())._default_manager.order_by("pk").first()
    return route.url(obj) if obj is not None else route.url(**dict.fromkeys(route.kwargs, 999999))


@pytest.mark.django_db
def test_it_refuses_anonymous_requests_on_every_route(demo):
    client = APIClient()
    for route in api_routes():
        entry = ROUTES[route.route]
        url = _sample_url(route)
        for method in route.methods:
            response = getattr(client, method)(url, entry.params if method == "get" else {}, format="json")
            assert response.status_code == entry.anonymous, f"{method.upper()} {url}: {response.status_code}"


@pytest.mark.django_db
def test_it_refuses_staff_only_routes_to_everyone_else(demo):
    staff = _client(User.objects.get(username="vrp-staff"))
    for name in OUTSIDERS:
        client = _client(User.objects.get(username=name))
        for route in api_routes():
            entry = ROUTES[route.route]
            if entry.kind != STAFF:
                continue
            assert staff.get(route.url(), entry.params).status_code == 200, route.route
            assert client.get(route.url(), entry.params).status_code == 403, f"{name} {route.route}"


@pytest.mark.django_db
def test_it_lets_every_signed_in_user_read_the_schema(demo):
    for name in ["vrp-staff", *OUTSIDERS]:
        user = User.objects.get(username=name)
        client = APIClient()
        client.force_login(user)
        for route in api_routes():
            if ROUTES[route.route].kind == SIGNED_IN:
                assert client.get(route.url()).status_code == 200, f"{name} {route.route}"


def _all_pages(client, url, params, key):
    """Every `key` (the viewset's lookup field) a list shows this client, or None
    if the client's role is refused (403)."""
    ids, page = [], 1
    while True:
        response = client.get(url, {**params, "page": page})
        if response.status_code == 403 and page == 1:
            return None
        assert response.status_code == 200, f"{url}: {response.status_code}"
        body = response.json()
        ids += [row[key] for row in body["results"]]
        if not body.get("next"):
            return ids
        page += 1


def _refused_wholesale(client, route):
    """Whether the user's role may not use this endpoint at all (403 on its list).
    Then a 403 on one object reveals nothing; otherwise a hidden object must be 404."""
    list_url = "/" + route.route.split("<", 1)[0]
    return client.get(list_url).status_code == 403


@pytest.mark.django_db
def test_it_keeps_every_user_to_the_objects_the_policy_lets_them_see(demo):
    """A coordinator's token (and a panel member's) sees on the API exactly what
    the access policy allows, and gets 404 from every method for anything else:
    in particular, nothing of another CSP."""
    checked = 0
    for name in OUTSIDERS:
        user = User.objects.get(username=name)
        client = _client(user)
        for route in api_routes():
            entry = ROUTES[route.route]
            if entry.kind != POLICY:
                continue
            model = route.model()
            visible = set(access.visible(user, model._default_manager.all()).values_list("pk", flat=True))
            if not route.kwargs:
                if "get" in route.methods:
                    key = route.view().lookup_field
                    shown = _all_pages(client, route.url(), entry.params, "id" if key == "pk" else key)
                    if key != "pk":
                        visible = set(model._default_manager.filter(pk__in=visible).values_list(key, flat=True))
                    if shown is not None:
                        assert set(shown) <= visible, f"{name} sees others' objects at {route.route}"
                        assert len(shown) == len(visible), f"{name}: {route.route} hides what the policy allows"
                continue
            refused = {403, 404} if _refused_wholesale(client, route) else {404}
            hidden = model._default_manager.exclude(pk__in=visible).order_by("?")[:SAMPLE]
            for obj in hidden:
                url = route.url(obj)
                for method in route.methods:
                    response = getattr(client, method)(url, {}, format="json", HTTP_IF_MATCH="*")
                    assert response.status_code in refused, f"{name} {method.upper()} {url}: {response.status_code}"
                    checked += 1
            if refused == {404} and "get" in route.methods:
                for obj in model._default_manager.filter(pk__in=visible).order_by("?")[:3]:
                    assert client.get(route.url(obj)).status_code == 200, f"{name} {route.route}"
    assert checked, "the demo gave no hidden objects to try"


@pytest.mark.django_db
def test_it_stops_a_coordinator_changing_anything_outside_their_csp(demo):
    """Every unsafe method on every POLICY route, on an object another CSP's
    coordinator cannot see, answers 404 and changes nothing."""
    bradford = User.objects.get(username="csp-bradford")
    client = _client(bradford)
    writable, tried = set(), set()
    for route in api_routes():
        if ROUTES[route.route].kind != POLICY or not (route.methods & UNSAFE) or not route.kwargs:
            continue
        writable.add(route.route)
        model = route.model()
        visible = access.visible(bradford, model._default_manager.all()).values_list("pk", flat=True)
        for obj in model._default_manager.exclude(pk__in=list(visible)).order_by("?")[:SAMPLE]:
            tried.add(route.route)
            before = model._default_manager.filter(pk=obj.pk).values().get()
            for method in route.methods & UNSAFE:
                response = getattr(client, method)(route.url(obj), {}, format="json", HTTP_IF_MATCH="*")
                assert response.status_code == 404, f"{method.upper()} {route.route}: {response.status_code}"
            after = model._default_manager.filter(pk=obj.pk).values().first()
            assert after == before, f"{route.route} changed another CSP's object"
    # Every write and every action (a return's PATCH, submit, approve, return, reopen...)
    # was really tried on another CSP's object, not skipped for want of one.
    assert {
        "api/v1/returns/<pk>/",
        "api/v1/returns/<pk>/submit/",
        "api/v1/returns/<pk>/approve/",
        "api/v1/returns/<pk>/return/",
        "api/v1/returns/<pk>/reopen/",
    } <= writable
    assert tried == writable, f"no other CSP's object to try at {sorted(writable - tried)}"

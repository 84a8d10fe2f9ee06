"""The access matrix: every route the portal answers, for every role, with
objects of the user's own CSP and of another CSP, states allow or refuse and
checks it.

A route that is not in MATRIX (or covered by the admin rule in routes.py) fails
the suite: add it here with who may use it. Other CSPs' objects answer 404,
never 403, so a refusal does not reveal that the object exists.

The number of (route, role) pairs checked is printed at the end of the run.
"""
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from grants.models import Grant
from partnership.models import Organisation, User

from .routes import (
    ADMIN,
    ADMIN_LOGIN,
    ADMIN_ONLY,
    ANONYMOUS,
    COORDINATORS,
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    OWNERS,
    PUBLIC,
    REDIRECT,
    ROLES,
    SIGNED_IN,
    STAFF_ONLY,
    USERNAMES,
    Route,
    admin_routes,
    all_routes,
    outcome_of,
    staff_object,
    url_for,
)

TO_SIGN_IN = Route(anonymous=LOGIN, staff=LOGIN, panel=LOGIN, coordinator=LOGIN)
POST_ONLY = Route(anonymous=NOT_ALLOWED, staff=NOT_ALLOWED, panel=NOT_ALLOWED, coordinator=NOT_ALLOWED)

MATRIX = {
    # partnership/: signing in and out, two-factor, password reset, audit, health.
    "home": SIGNED_IN,
    "login": Route(anonymous=OK, staff=REDIRECT, panel=REDIRECT, coordinator=REDIRECT),
    "logout": POST_ONLY,
    # The admin user has an authenticator (Fixtures); the others have none yet.
    "two_factor_setup": Route(anonymous=LOGIN, staff=OK, panel=OK, coordinator=OK, admin=REDIRECT),
    "two_factor_verify": Route(anonymous=LOGIN, staff=REDIRECT, panel=REDIRECT, coordinator=REDIRECT, admin=OK),
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": Route(
        anonymous=OK, staff=OK, panel=OK, coordinator=OK, kwargs=lambda fx: {"uidb64": "MQ", "token": "not-a-token"}
    ),
    "password_reset_complete": PUBLIC,
    "audit": STAFF_ONLY,
    "audit_object": staff_object(lambda fx: {"model": "grants.grant", "pk": fx.grant.pk}),
    "healthz": PUBLIC,
    "accessibility": PUBLIC,
    # The admin: one sign-in page for everyone (ours), then the admin's own gate.
    "admin_login_redirect": TO_SIGN_IN,
    "admin:login": TO_SIGN_IN,
    "admin:index": ADMIN_ONLY,
    "admin:logout": Route(
        anonymous=REDIRECT, staff=REDIRECT, panel=REDIRECT, coordinator=REDIRECT, admin=NOT_ALLOWED
    ),
    "admin:password_change": ADMIN_ONLY,
    "admin:password_change_done": ADMIN_ONLY,
    "admin:jsi18n": ADMIN_ONLY,
    "admin:autocomplete": Route(  # without its parameters it refuses even an admin
        anonymous=ADMIN_LOGIN, staff=ADMIN_LOGIN, panel=ADMIN_LOGIN, coordinator=ADMIN_LOGIN, admin=FORBIDDEN
    ),
    "admin:view_on_site": Route(
        anonymous=ADMIN_LOGIN, staff=ADMIN_LOGIN, panel=ADMIN_LOGIN, coordinator=ADMIN_LOGIN, admin=NOT_FOUND,
        kwargs=lambda fx: {"content_type_id": 1, "object_id": 1},
    ),
    "admin:app_list": Route(
        anonymous=ADMIN_LOGIN, staff=ADMIN_LOGIN, panel=ADMIN_LOGIN, coordinator=ADMIN_LOGIN, admin=OK,
        kwargs=lambda fx: {"app_label": "axes"},
    ),
    "admin:otp_totp_totpdevice_config": Route(
        anonymous=ADMIN_LOGIN, staff=ADMIN_LOGIN, panel=ADMIN_LOGIN, coordinator=ADMIN_LOGIN, admin=OK,
        kwargs=lambda fx: {"pk": fx.totp_device.pk},
    ),
    "admin:otp_totp_totpdevice_qrcode": Route(
        anonymous=ADMIN_LOGIN, staff=ADMIN_LOGIN, panel=ADMIN_LOGIN, coordinator=ADMIN_LOGIN, admin=OK,
        kwargs=lambda fx: {"pk": fx.totp_device.pk},
    ),
    "admin/(?P<url>.*)$": Route(
        anonymous=ADMIN_LOGIN, staff=ADMIN_LOGIN, panel=ADMIN_LOGIN, coordinator=ADMIN_LOGIN, admin=NOT_FOUND,
        url=lambda fx: "/admin/no-such-page/",
    ),
}


class Fixtures:
    """The objects the matrix's URLs point at, from the demo plus a few more."""

    def __init__(self):
        self.users = {role: User.objects.get(username=name) for role, name in USERNAMES.items()}
        self.grant = Grant.objects.order_by("pk").first()
        Group.objects.get_or_create(name="Matrix group")
        self.totp_device = TOTPDevice.objects.create(user=self.users[ADMIN], name="Matrix", confirmed=True)
        StaticDevice.objects.create(user=self.users[ADMIN], name="Matrix backup", confirmed=True)
        # A sign-in and a failed one, so the admin's sign-in records have rows.
        Client().post(reverse("login"), {"username": "nobody", "password": "wrong"})

    def user(self, role):
        return self.users[role]

    def csp(self, name):
        return Organisation.objects.get(ref=f"csp-{name}")

    def admin_object(self, model):
        return model._default_manager.order_by("pk").first()


def _expected_routes(fx):
    return {**admin_routes(fx), **MATRIX}


def _missing(expected):
    return [f"{key}  ({pattern})" for key, pattern in all_routes() if key not in expected]


def test_it_has_a_matrix_entry_for_every_route(demo):
    fx = Fixtures()
    expected = _expected_routes(fx)
    missing = _missing(expected)
    assert missing == [], "Routes with no access-matrix entry; add them to MATRIX:\n" + "\n".join(missing)
    stale = sorted(set(MATRIX) - {key for key, _ in all_routes()})
    assert stale == [], f"MATRIX entries for routes that no longer exist: {stale}"


def test_it_fails_for_a_route_added_without_a_matrix_entry(demo):
    from django.test import override_settings
    from django.urls import clear_url_caches

    fx = Fixtures()
    with override_settings(ROOT_URLCONF="tests.security.urls_with_a_new_route"):
        clear_url_caches()
        try:
            assert _missing(_expected_routes(fx)) == ["a_new_page  (a-new-page/)"]
        finally:
            clear_url_caches()


def test_it_gives_every_role_what_the_matrix_says(demo, access_matrix_counter):
    fx = Fixtures()
    clients = {ANONYMOUS: Client()}
    for role in ROLES[1:]:
        clients[role] = Client()
        clients[role].force_login(fx.user(role))

    expected_routes = _expected_routes(fx)
    wrong = []
    for key, _pattern in all_routes():
        route = expected_routes.get(key)
        if route is None:
            continue  # reported by test_it_has_a_matrix_entry_for_every_route
        owners = OWNERS if route.owned else (None,)
        for owner in owners:
            url = url_for(key, route, fx, owner)
            for role in ROLES:
                response = getattr(clients[role], route.method)(url, route.data)
                got, want = outcome_of(response), route.expected(role, owner)
                access_matrix_counter.add(key, role)
                if got != want:
                    wrong.append(f"{role:10} {route.method.upper()} {url}: got {got}, want {want}")
    assert wrong == [], "Access differs from the matrix:\n" + "\n".join(wrong)
    assert access_matrix_counter.pairs >= len(expected_routes) * len(ROLES) // 2


def test_it_answers_404_not_403_for_another_csps_object():
    """Every CSP-owned route in the matrix lets the owner in, so other coordinators get 404."""
    for key, route in MATRIX.items():
        if route.owned:
            assert route.coordinator not in (FORBIDDEN, NOT_FOUND), key
            assert route.expected("bradford", owner="leeds") == NOT_FOUND, key
    assert set(OWNERS) <= set(COORDINATORS)
    assert ADMIN in ROLES


def test_it_keeps_an_unverified_staff_member_out_of_every_page_until_the_second_factor(demo):
    """With two-factor sign-in on, staff who have only given a password reach
    nothing but the sign-in, two-factor, password-reset and public pages."""
    from django.test import override_settings

    from partnership.middleware import _OPEN_PREFIXES

    fx = Fixtures()
    expected_routes = _expected_routes(fx)
    client = Client()
    client.force_login(fx.user("staff"))
    leaks = []
    with override_settings(PORTAL_REQUIRE_2FA=True):
        for key, _pattern in all_routes():
            route = expected_routes.get(key)
            if route is None:
                continue
            url = url_for(key, route, fx, owner="leeds" if route.owned else None)
            if url.startswith(_OPEN_PREFIXES) or url in ("/sign-in/",):
                continue
            response = getattr(client, route.method)(url, route.data)
            if url.startswith("/api/"):
                if response.status_code != 403:
                    leaks.append(f"{url}: {response.status_code}")
            elif not (response.status_code == 302 and response["Location"].startswith("/two-factor/")):
                leaks.append(f"{url}: {response.status_code} {response.get('Location', '')}")
    assert leaks == []

"""The access matrix: every route the portal answers, for every role, with
objects of the user's own CSP and of another CSP, states allow or refuse and
checks it.

A route that is not in MATRIX (or covered by the admin rule in routes.py) fails
the suite: add it here with who may use it. Other CSPs' objects answer 404,
never 403, so a refusal does not reveal that the object exists.

The number of (route, role) pairs checked is printed at the end of the run.
"""

from dataclasses import replace

from django.test import Client

# The API (DRF, token then session authentication): no credentials -> 401 (the
# token scheme answers first, with WWW-Authenticate); lists are filtered by the
# access policy (so a role that may see none gets an empty list), and an object
# the user may not see is 404.
from .matrix_fixtures import Fixtures
from .routes import (
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
    UNAUTHORISED,
    Route,
    admin_routes,
    all_routes,
    outcome_of,
    own_csp,
    staff_object,
    url_for,
)

API_LIST = Route(anonymous=UNAUTHORISED, staff=OK, panel=OK, coordinator=OK)
API_READERS = Route(anonymous=UNAUTHORISED, staff=OK, panel=FORBIDDEN, coordinator=OK)
READERS = Route(anonymous=LOGIN, staff=OK, panel=FORBIDDEN, coordinator=OK)
STAFF_FORM_POST_ONLY = Route(anonymous=LOGIN, staff=NOT_ALLOWED, panel=FORBIDDEN, coordinator=FORBIDDEN)


def api_staff_object(kwargs):
    return Route(anonymous=UNAUTHORISED, staff=OK, panel=NOT_FOUND, coordinator=NOT_FOUND, kwargs=kwargs)


# A report that is not published: staff only; for everyone else it does not exist.
STAFF_DRAFT = Route(anonymous=LOGIN, staff=OK, panel=NOT_FOUND, coordinator=NOT_FOUND)
# The returns API's actions are POSTs: a GET is refused before anything is looked up.
API_POST_ONLY_RETURN = Route(
    anonymous=UNAUTHORISED,
    staff=NOT_ALLOWED,
    panel=NOT_ALLOWED,
    coordinator=NOT_ALLOWED,
    kwargs=lambda fx: {"pk": fx.quarterly_return("leeds").pk},
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
    "invitation_accept": Route(
        anonymous=OK, staff=OK, panel=OK, coordinator=OK, kwargs=lambda fx: {"uidb64": "MQ", "token": "not-a-token"}
    ),
    "audit": STAFF_ONLY,
    "audit_object": staff_object(lambda fx: {"model": "grants.grant", "pk": fx.grant.pk}),
    "healthz": PUBLIC,
    "accessibility": PUBLIC,
    # grants/: grants, conditions, budget lines, documents, match funding, evidence: staff only.
    "grants:grant_list": STAFF_ONLY,
    "grants:grant_create": STAFF_ONLY,
    "grants:grant_export": staff_object(lambda fx: {"fmt": "csv"}),
    "grants:grant_detail": staff_object(lambda fx: {"pk": fx.grant.pk}),
    "grants:grant_edit": staff_object(lambda fx: {"pk": fx.grant.pk}),
    "grants:grant_conditions_edit": staff_object(lambda fx: {"pk": fx.grant.pk}),
    "grants:grant_history": staff_object(lambda fx: {"pk": fx.grant.pk}),
    "grants:budget_line_create": staff_object(lambda fx: {"pk": fx.grant.pk}),
    "grants:budget_line_edit": staff_object(lambda fx: {"pk": fx.budget_line.grant_id, "line_pk": fx.budget_line.pk}),
    "grants:grant_budget": staff_object(lambda fx: {"pk": fx.grant.pk}),
    "grants:budget_actuals_import": staff_object(lambda fx: {"pk": fx.grant.pk}),
    "grants:budget_actuals_edit": staff_object(
        lambda fx: {"pk": fx.budget_line.grant_id, "line_pk": fx.budget_line.pk}
    ),
    "grants:budget_forecast_record": replace(STAFF_FORM_POST_ONLY, kwargs=lambda fx: {"pk": fx.grant.pk}),
    "grants:grant_document_upload": staff_object(lambda fx: {"pk": fx.grant.pk}),
    "grants:grant_document_download": staff_object(
        lambda fx: {"pk": fx.document.grant_id, "document_pk": fx.document.pk}
    ),
    "grants:contribution_list": STAFF_ONLY,
    "grants:contribution_create": STAFF_ONLY,
    "grants:contribution_export": staff_object(lambda fx: {"fmt": "csv"}),
    "grants:contribution_detail": staff_object(lambda fx: {"pk": fx.contribution.pk}),
    "grants:contribution_edit": staff_object(lambda fx: {"pk": fx.contribution.pk}),
    "grants:evidence_upload": staff_object(lambda fx: {"pk": fx.contribution.pk}),
    "grants:evidence_download": staff_object(
        lambda fx: {"pk": fx.evidence.contribution_id, "evidence_pk": fx.evidence.pk}
    ),
    # svd/: allocations are staff only; a coordinator sees their own CSP's shares.
    "svd:allocation_list": STAFF_ONLY,
    "svd:allocation_create": STAFF_ONLY,
    "svd:allocation_detail": staff_object(lambda fx: {"pk": fx.allocation.pk}),
    "svd:allocation_edit": staff_object(lambda fx: {"pk": fx.allocation.pk}),
    "svd:allocation_split": replace(STAFF_FORM_POST_ONLY, kwargs=lambda fx: {"pk": fx.allocation.pk}),
    "svd:recipient_add": replace(STAFF_FORM_POST_ONLY, kwargs=lambda fx: {"pk": fx.allocation.pk}),
    "svd:recipient_remove": replace(
        STAFF_FORM_POST_ONLY, kwargs=lambda fx: {"pk": fx.recipient.allocation_id, "recipient_pk": fx.recipient.pk}
    ),
    "svd:shares_override": staff_object(lambda fx: {"pk": fx.allocation.pk, "stream": fx.share("leeds").stream}),
    "svd:my_shares": Route(anonymous=LOGIN, staff=FORBIDDEN, panel=FORBIDDEN, coordinator=OK),
    "svd:share_export": Route(
        anonymous=LOGIN, staff=OK, panel=FORBIDDEN, coordinator=OK, kwargs=lambda fx: {"fmt": "csv"}
    ),
    # interventions/: staff and coordinators read the register (coordinators: their
    # own district's and partnership-wide interventions); staff edit; a coordinator
    # enters outcomes for their own district's interventions only.
    "interventions:intervention_list": READERS,
    # The outcome rows behind the outcome figures: a coordinator sees their own district's.
    "interventions:outcome_list": READERS,
    "interventions:intervention_create": STAFF_ONLY,
    "interventions:import": STAFF_ONLY,
    "interventions:import_provider_create": STAFF_FORM_POST_ONLY,
    "interventions:import_template": staff_object(lambda fx: {"kind": "interventions", "fmt": "csv"}),
    "interventions:export": replace(READERS, kwargs=lambda fx: {"kind": "outcomes", "fmt": "csv"}),
    "interventions:toolkit_list": STAFF_ONLY,
    "interventions:toolkit_create": STAFF_ONLY,
    "interventions:toolkit_edit": staff_object(lambda fx: {"pk": fx.toolkit_approach.pk}),
    "interventions:intervention_detail": own_csp(lambda fx, csp: {"reference": fx.intervention(csp).reference}),
    "interventions:intervention_edit": own_csp(
        lambda fx, csp: {"reference": fx.intervention(csp).reference}, coordinator=FORBIDDEN
    ),
    "interventions:funding_edit": own_csp(
        lambda fx, csp: {"reference": fx.intervention(csp).reference}, coordinator=FORBIDDEN
    ),
    "interventions:outcome_enter": own_csp(lambda fx, csp: {"reference": fx.intervention(csp).reference}),
    "intervention-list": API_READERS,
    "intervention-detail": replace(
        own_csp(lambda fx, csp: {"reference": fx.intervention(csp).reference}), anonymous=UNAUTHORISED
    ),
    "outcome-list": API_READERS,
    "outcome-detail": replace(own_csp(lambda fx, csp: {"pk": fx.outcome(csp).pk}), anonymous=UNAUTHORISED),
    # svd/ quarterly returns: staff and coordinators (their own CSP's); panel members 403.
    "svd:return_list": READERS,
    "svd:reporting_rate": STAFF_ONLY,
    "svd:returns_open": STAFF_ONLY,
    # SVD spend to date across every CSP: staff only.
    "svd:spend_to_date": STAFF_ONLY,
    "svd:return_detail": own_csp(lambda fx, csp: {"pk": fx.quarterly_return(csp).pk}),
    "svd:annex_a_edit": own_csp(lambda fx, csp: {"pk": fx.quarterly_return(csp).pk}),
    "svd:annex_b_edit": own_csp(lambda fx, csp: {"pk": fx.quarterly_return(csp).pk}),
    # Adding an activity is a POST; an empty name changes nothing and goes back to Annex B.
    "svd:activity_add": Route(
        anonymous=LOGIN,
        staff=REDIRECT,
        panel=FORBIDDEN,
        coordinator=REDIRECT,
        method="post",
        owned=lambda fx, csp: {"pk": fx.quarterly_return(csp).pk},
    ),
    # Removing an activity is a POST that deletes: the matrix asks with a GET, which
    # every role that reaches the view is refused (tests/svd/test_returns_activities.py
    # posts it as the owner, a colleague and outsiders).
    "svd:activity_remove": Route(
        anonymous=LOGIN,
        staff=NOT_ALLOWED,
        panel=FORBIDDEN,
        coordinator=NOT_ALLOWED,
        kwargs=lambda fx: {
            "pk": fx.activity_line("leeds").quarterly_return_id,
            "line_pk": fx.activity_line("leeds").pk,
        },
    ),
    "svd:return_check": own_csp(lambda fx, csp: {"pk": fx.quarterly_return(csp).pk}),
    "svd:return_download": own_csp(lambda fx, csp: {"pk": fx.quarterly_return(csp).pk}),
    "svd:return_upload": own_csp(lambda fx, csp: {"pk": fx.quarterly_return(csp).pk}),
    # The reviewer's actions are staff only: every coordinator gets 403, their own return or not.
    "svd:return_send_back": own_csp(lambda fx, csp: {"pk": fx.quarterly_return(csp).pk}, coordinator=FORBIDDEN),
    "svd:return_reopen": own_csp(lambda fx, csp: {"pk": fx.quarterly_return(csp).pk}, coordinator=FORBIDDEN),
    # Approve asks first (a confirmation page); for a return not yet submitted staff
    # are sent back to it.
    "svd:return_approve": replace(
        own_csp(lambda fx, csp: {"pk": fx.quarterly_return(csp).pk}, coordinator=FORBIDDEN), staff=REDIRECT
    ),
    "svd:return_history": own_csp(lambda fx, csp: {"pk": fx.quarterly_return(csp).pk}),
    # The confirmation after Submit: a return not submitted yet sends the user back to it.
    "svd:return_submitted": replace(
        own_csp(lambda fx, csp: {"pk": fx.quarterly_return(csp).pk}, coordinator=REDIRECT), staff=REDIRECT
    ),
    # A reply is a POST (tests/svd/returns/test_conversation.py posts it as the owner and outsiders).
    "svd:return_reply": Route(
        anonymous=LOGIN,
        staff=NOT_ALLOWED,
        panel=FORBIDDEN,
        coordinator=NOT_ALLOWED,
        kwargs=lambda fx: {"pk": fx.quarterly_return("leeds").pk},
    ),
    # Chasing an overdue return from the staff home page: staff only, POST only.
    "svd:return_chase": replace(STAFF_FORM_POST_ONLY, owned=lambda fx, csp: {"pk": fx.quarterly_return(csp).pk}),
    # reporting/: staff see every report; panel members and coordinators published ones
    # only, and a draft is 404 for them. Each report route is tried on both.
    "reporting:compliance": STAFF_ONLY,
    # Every figure of the registry for the year, as a spreadsheet: staff only.
    "reporting:figures_export": staff_object(lambda fx: {"fmt": "csv"}),
    "reporting:setup": Route(anonymous=LOGIN, staff=FORBIDDEN, panel=FORBIDDEN, coordinator=FORBIDDEN, admin=OK),
    "reporting:report_list": SIGNED_IN,
    "reporting:report_create": STAFF_ONLY,
    "reporting:report_detail": (
        replace(SIGNED_IN, kwargs=lambda fx: {"pk": fx.published_report.pk}),
        replace(STAFF_DRAFT, kwargs=lambda fx: {"pk": fx.draft_report.pk}),
    ),
    "reporting:report_status": (
        replace(SIGNED_IN, kwargs=lambda fx: {"pk": fx.published_report.pk}),
        replace(STAFF_DRAFT, kwargs=lambda fx: {"pk": fx.draft_report.pk}),
    ),
    "reporting:report_download": (
        replace(SIGNED_IN, kwargs=lambda fx: {"pk": fx.published_report.pk, "fmt": "pdf"}),
        replace(STAFF_DRAFT, kwargs=lambda fx: {"pk": fx.draft_report.pk, "fmt": "pdf"}),
        replace(SIGNED_IN, kwargs=lambda fx: {"pk": fx.published_report.pk, "fmt": "html"}),
    ),
    # A published report cannot be edited: staff are sent back to its page.
    "reporting:report_edit": (
        replace(STAFF_ONLY, staff=REDIRECT, kwargs=lambda fx: {"pk": fx.published_report.pk}),
        replace(STAFF_ONLY, kwargs=lambda fx: {"pk": fx.draft_report.pk}),
    ),
    "reporting:report_generate": (
        replace(STAFF_FORM_POST_ONLY, kwargs=lambda fx: {"pk": fx.published_report.pk}),
        replace(STAFF_FORM_POST_ONLY, kwargs=lambda fx: {"pk": fx.draft_report.pk}),
    ),
    # Publish asks first; a report that is not ready sends staff back to it.
    "reporting:report_publish": (
        replace(STAFF_FORM_POST_ONLY, staff=REDIRECT, kwargs=lambda fx: {"pk": fx.published_report.pk}),
        replace(STAFF_FORM_POST_ONLY, staff=REDIRECT, kwargs=lambda fx: {"pk": fx.draft_report.pk}),
    ),
    "reporting:report_new_version": (
        replace(STAFF_FORM_POST_ONLY, kwargs=lambda fx: {"pk": fx.published_report.pk}),
        replace(STAFF_FORM_POST_ONLY, kwargs=lambda fx: {"pk": fx.draft_report.pk}),
    ),
    # Open data (360Giving): staff only.
    "open_data:index": STAFF_ONLY,
    "open_data:json": staff_object(lambda fx: {"start_year": fx.financial_year.start_year}),
    "open_data:xlsx": staff_object(lambda fx: {"start_year": fx.financial_year.start_year}),
    # The account page and personal API tokens: every signed-in user, their own tokens only.
    "account": SIGNED_IN,
    # E-mail choices and dismissing a home-page notice: the signed-in user's own, POST only.
    "notification_preferences": Route(anonymous=LOGIN, staff=NOT_ALLOWED, panel=NOT_ALLOWED, coordinator=NOT_ALLOWED),
    "notice_dismiss": Route(
        anonymous=LOGIN, staff=NOT_ALLOWED, panel=NOT_ALLOWED, coordinator=NOT_ALLOWED, kwargs=lambda fx: {"pk": 1}
    ),
    "api_token_revoke": Route(
        anonymous=LOGIN,
        staff=NOT_ALLOWED,
        panel=NOT_ALLOWED,
        coordinator=NOT_ALLOWED,
        kwargs=lambda fx: {"pk": fx.api_token.pk},
    ),
    # The API under /api/v1/ (tests/api/test_routes.py's own enumeration checks more).
    "api-root": API_LIST,
    "grant-list": API_LIST,
    "grant-detail": api_staff_object(lambda fx: {"pk": fx.grant.pk}),
    "grant-budget-list": API_LIST,
    "grant-budget-detail": api_staff_object(lambda fx: {"pk": fx.grant.pk}),
    "grant-conditions-list": API_LIST,
    "grant-conditions-detail": api_staff_object(lambda fx: {"pk": fx.grant.conditions.pk}),
    "match-contribution-list": API_LIST,
    "match-contribution-detail": api_staff_object(lambda fx: {"pk": fx.contribution.pk}),
    "svd-allocation-list": API_LIST,
    "svd-allocation-detail": api_staff_object(lambda fx: {"pk": fx.allocation.pk}),
    # Reference data: staff only (the policy fails closed); readers get empty lists.
    "district-list": API_LIST,
    "district-detail": api_staff_object(lambda fx: {"pk": fx.csp("leeds").district_id}),
    "organisation-list": API_LIST,
    "organisation-detail": api_staff_object(lambda fx: {"pk": fx.csp("leeds").pk}),
    "financial-year-list": API_LIST,
    "financial-year-detail": api_staff_object(lambda fx: {"pk": fx.financial_year.pk}),
    "quarter-list": API_LIST,
    "quarter-detail": api_staff_object(lambda fx: {"pk": fx.quarterly_return("leeds").quarter_id}),
    "quarterly-return-list": API_LIST,
    "quarterly-return-detail": replace(
        own_csp(lambda fx, csp: {"pk": fx.quarterly_return(csp).pk}, panel=NOT_FOUND), anonymous=UNAUTHORISED
    ),
    "quarterly-return-approve": API_POST_ONLY_RETURN,
    "quarterly-return-reopen": API_POST_ONLY_RETURN,
    "quarterly-return-send-back": API_POST_ONLY_RETURN,
    "quarterly-return-submit": API_POST_ONLY_RETURN,
    "panel-report-list": API_LIST,
    "panel-report-detail": (
        replace(API_LIST, kwargs=lambda fx: {"pk": fx.published_report.pk}),
        Route(
            anonymous=UNAUTHORISED,
            staff=OK,
            panel=NOT_FOUND,
            coordinator=NOT_FOUND,
            kwargs=lambda fx: {"pk": fx.draft_report.pk},
        ),
    ),
    "open-data-360giving": Route(
        anonymous=UNAUTHORISED, staff=OK, panel=FORBIDDEN, coordinator=FORBIDDEN, data={"year": 2024}
    ),
    "open-data-360giving-xlsx": Route(
        anonymous=UNAUTHORISED, staff=OK, panel=FORBIDDEN, coordinator=FORBIDDEN, data={"year": 2024}
    ),
    # The year's figures from the registry: staff only (StaffOnly refuses other signed-in users).
    "figures": Route(anonymous=UNAUTHORISED, staff=OK, panel=FORBIDDEN, coordinator=FORBIDDEN, data={"year": 2024}),
    "api-schema": API_LIST,
    "api-docs": SIGNED_IN,
    "svd-share-list": API_LIST,
    "svd-share-detail": replace(
        own_csp(lambda fx, csp: {"pk": fx.share(csp).pk}, panel=NOT_FOUND), anonymous=UNAUTHORISED
    ),
    # The admin: one sign-in page for everyone (ours), then the admin's own gate.
    "admin_login_redirect": TO_SIGN_IN,
    "admin:login": TO_SIGN_IN,
    "admin:index": ADMIN_ONLY,
    "admin:logout": Route(anonymous=REDIRECT, staff=REDIRECT, panel=REDIRECT, coordinator=REDIRECT, admin=NOT_ALLOWED),
    "admin:password_change": ADMIN_ONLY,
    "admin:auth_user_password_change": replace(ADMIN_ONLY, kwargs=lambda fx: {"id": fx.user("admin").pk}),
    "admin:password_change_done": ADMIN_ONLY,
    "admin:jsi18n": ADMIN_ONLY,
    "admin:autocomplete": Route(  # without its parameters it refuses even an admin
        anonymous=ADMIN_LOGIN, staff=ADMIN_LOGIN, panel=ADMIN_LOGIN, coordinator=ADMIN_LOGIN, admin=FORBIDDEN
    ),
    "admin:view_on_site": Route(
        anonymous=ADMIN_LOGIN,
        staff=ADMIN_LOGIN,
        panel=ADMIN_LOGIN,
        coordinator=ADMIN_LOGIN,
        admin=NOT_FOUND,
        kwargs=lambda fx: {"content_type_id": 1, "object_id": 1},
    ),
    "admin:app_list": Route(
        anonymous=ADMIN_LOGIN,
        staff=ADMIN_LOGIN,
        panel=ADMIN_LOGIN,
        coordinator=ADMIN_LOGIN,
        admin=OK,
        kwargs=lambda fx: {"app_label": "axes"},
    ),
    "admin:otp_totp_totpdevice_config": Route(
        anonymous=ADMIN_LOGIN,
        staff=ADMIN_LOGIN,
        panel=ADMIN_LOGIN,
        coordinator=ADMIN_LOGIN,
        admin=OK,
        kwargs=lambda fx: {"pk": fx.totp_device.pk},
    ),
    "admin:otp_totp_totpdevice_qrcode": Route(
        anonymous=ADMIN_LOGIN,
        staff=ADMIN_LOGIN,
        panel=ADMIN_LOGIN,
        coordinator=ADMIN_LOGIN,
        admin=OK,
        kwargs=lambda fx: {"pk": fx.totp_device.pk},
    ),
    "admin/(?P<url>.*)$": Route(
        anonymous=ADMIN_LOGIN,
        staff=ADMIN_LOGIN,
        panel=ADMIN_LOGIN,
        coordinator=ADMIN_LOGIN,
        admin=NOT_FOUND,
        url=lambda fx: "/admin/no-such-page/",
    ),
}


def _expected_routes(fx):
    return {**admin_routes(fx), **MATRIX}


def _cases(entry):
    """A MATRIX entry is one Route, or a tuple of them for a route tried on several
    objects (a published and a draft report)."""
    if entry is None:
        return ()
    return entry if isinstance(entry, tuple) else (entry,)


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
    before = set(_missing(_expected_routes(fx)))
    with override_settings(ROOT_URLCONF="tests.security.urls_with_a_new_route"):
        clear_url_caches()
        try:
            after = set(_missing(_expected_routes(fx)))
        finally:
            clear_url_caches()
    assert after - before == {"a_new_page  (a-new-page/)"}


def test_it_gives_every_role_what_the_matrix_says(demo, access_matrix_counter):
    fx = Fixtures()
    clients = {ANONYMOUS: Client()}
    for role in ROLES[1:]:
        clients[role] = Client()
        clients[role].force_login(fx.user(role))

    expected_routes = _expected_routes(fx)
    wrong = []
    for key, _pattern in all_routes():
        for route in _cases(expected_routes.get(key)):  # none: reported by the test above
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


def test_it_answers_404_not_403_for_another_csps_object(demo):
    """Every page and API object a coordinator may open for their own CSP answers
    404 to every other coordinator: the portal does not reveal that it exists."""
    fx = Fixtures()
    clients = {}
    for coordinator in COORDINATORS:
        clients[coordinator] = Client()
        clients[coordinator].force_login(fx.user(coordinator))
    readable = [
        (key, route)
        for key, entry in MATRIX.items()
        for route in _cases(entry)
        if route.owned and route.coordinator == OK
    ]
    assert len(readable) >= 10, "the matrix should hold pages about one CSP's objects"
    wrong = []
    for key, route in readable:
        for owner in OWNERS:
            url = url_for(key, route, fx, owner)
            for coordinator, client in clients.items():
                got = outcome_of(getattr(client, route.method)(url, route.data))
                want = OK if coordinator == owner else NOT_FOUND
                if got != want:
                    wrong.append(f"{coordinator:10} {route.method.upper()} {url}: got {got}, want {want}")
    assert wrong == [], "Another CSP's object must answer 404:\n" + "\n".join(wrong)


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
            for route in _cases(expected_routes.get(key)):
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

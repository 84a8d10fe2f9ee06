"""The machinery behind the access matrix (tests/security/test_access_matrix.py):
enumerate every route in the URL configuration, describe what each role should
get, ask the portal, and compare.

A route is identified by its URL name (namespaced, e.g. "grants:grant_list"), or
by its pattern when it has no name. Format-suffix variants of an API route share
their base route's name and so its entry.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.contrib import admin
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# --- Roles: one user each, from the West Yorkshire demo ----------------------
ANONYMOUS, STAFF, ADMIN, PANEL = "anonymous", "staff", "admin", "panel"
COORDINATORS = ("bradford", "calderdale", "kirklees", "leeds", "wakefield")
ROLES = (ANONYMOUS, STAFF, ADMIN, PANEL, *COORDINATORS)
USERNAMES = {STAFF: "vrp-staff", ADMIN: "admin", PANEL: "panel-member", **{c: f"csp-{c}" for c in COORDINATORS}}
# Objects that belong to one CSP are tried as Leeds's and as Bradford's: every
# coordinator but the owner must get 404.
OWNERS = ("leeds", "bradford")

# --- Outcomes ---------------------------------------------------------------
OK = "200 ok"
LOGIN = "302 to sign in"
ADMIN_LOGIN = "302 to admin sign in"
REDIRECT = "302 elsewhere"
UNAUTHORISED = "401"
FORBIDDEN = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"


def outcome_of(response):
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = response["Location"]
        if location.startswith("/sign-in/"):
            return LOGIN
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        return REDIRECT
    return {200: OK, 401: UNAUTHORISED, 403: FORBIDDEN, 404: NOT_FOUND, 405: NOT_ALLOWED}.get(status, str(status))


@dataclass(frozen=True)
class Route:
    """What each kind of user gets from one route.

    `coordinator` is what a coordinator gets; for a route about an object that
    belongs to a CSP (`owned`), it is what the owner's coordinator gets, and
    every other coordinator must get 404. `kwargs(fx)` or `owned(fx, csp)`
    give the URL's arguments; `url(fx)` gives the whole URL of an unnamed route.
    """

    anonymous: str
    staff: str
    panel: str
    coordinator: str
    admin: str | None = None
    kwargs: Callable | None = None
    owned: Callable | None = None
    url: Callable | None = None
    method: str = "get"
    data: dict = field(default_factory=dict)

    def expected(self, role, owner=None):
        if role == ANONYMOUS:
            return self.anonymous
        if role == STAFF:
            return self.staff
        if role == ADMIN:
            return self.admin or self.staff
        if role == PANEL:
            return self.panel
        if owner is not None and role != owner and self.coordinator not in (LOGIN, FORBIDDEN):
            return NOT_FOUND
        return self.coordinator


PUBLIC = Route(anonymous=OK, staff=OK, panel=OK, coordinator=OK)
SIGNED_IN = Route(anonymous=LOGIN, staff=OK, panel=OK, coordinator=OK)
STAFF_ONLY = Route(anonymous=LOGIN, staff=OK, panel=FORBIDDEN, coordinator=FORBIDDEN)
ADMIN_ONLY = Route(anonymous=ADMIN_LOGIN, staff=ADMIN_LOGIN, panel=ADMIN_LOGIN, coordinator=ADMIN_LOGIN, admin=OK)


def own_csp(owned, *, panel=FORBIDDEN, coordinator=OK):
    """A page about one CSP's object: staff see it, its coordinator sees it,
    other coordinators get 404."""
    return Route(anonymous=LOGIN, staff=OK, panel=panel, coordinator=coordinator, owned=owned)


def staff_object(kwargs):
    return replace(STAFF_ONLY, kwargs=kwargs)


# --- Enumerating the URL configuration -------------------------------------
def all_routes():
    """[(key, pattern)] for every route the portal answers, in URLconf order."""
    found = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
                walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                pattern = prefix + str(entry.pattern)
                found.append((namespace + entry.name if entry.name else pattern, pattern))

    walk(get_resolver().url_patterns, "", "")
    seen, unique = set(), []
    for key, pattern in found:
        if key not in seen:
            seen.add(key)
            unique.append((key, pattern))
    return unique


# --- The admin: every model's standard pages, derived from its ModelAdmin ----
ADMIN_ACTIONS = ("changelist", "add", "change", "delete", "history")


def admin_routes(fx):
    """Routes for each registered model's standard admin pages. Everyone but a
    superuser is sent to sign in; a superuser gets what the ModelAdmin's
    permissions allow, on a real object where one exists."""
    request = RequestFactory().get("/admin/")
    request.user = fx.user(ADMIN)
    routes = {}
    for model, model_admin in admin.site._registry.items():
        app_label, model_name = model._meta.app_label, model._meta.model_name
        obj = fx.admin_object(model)
        may_view = model_admin.has_view_or_change_permission(request, obj)
        allowed = {
            "changelist": model_admin.has_view_or_change_permission(request),
            "add": model_admin.has_add_permission(request),
            "change": may_view,
            "history": may_view,
            "delete": model_admin.has_delete_permission(request, obj),
        }
        for action in ADMIN_ACTIONS:
            if action in ("change", "delete") and obj is None:
                # No object: the admin checks permission first, then says so and goes back to its index.
                admin_outcome = REDIRECT if allowed[action] else FORBIDDEN
            elif action == "history" and obj is None:
                admin_outcome = REDIRECT
            else:
                admin_outcome = OK if allowed[action] else FORBIDDEN
            kwargs = (
                (lambda fx, obj=obj: {"object_id": obj.pk if obj else 0})
                if action in ("change", "delete", "history")
                else None
            )
            routes[f"admin:{app_label}_{model_name}_{action}"] = replace(ADMIN_ONLY, admin=admin_outcome, kwargs=kwargs)
        routes.update(_admin_extra_routes(model, model_admin, request, obj))
        routes[f"admin/{app_label}/{model_name}/<path:object_id>/"] = replace(
            ADMIN_ONLY,
            admin=REDIRECT,
            url=lambda fx, a=app_label, m=model_name, obj=obj: f"/admin/{a}/{m}/{obj.pk if obj else 0}/",
        )
    return routes


def _admin_extra_routes(model, model_admin, request, obj):
    """django-import-export's and django-simple-history's admin pages, where the
    ModelAdmin has them: a superuser gets what its permissions allow."""
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    names = {f"admin:{pattern.name}" for pattern in model_admin.get_urls() if getattr(pattern, "name", None)}
    routes = {}
    if f"{prefix}_export" in names:
        routes[f"{prefix}_export"] = replace(
            ADMIN_ONLY, admin=OK if model_admin.has_export_permission(request) else FORBIDDEN
        )
    if f"{prefix}_import" in names:
        may_import = model_admin.has_import_permission(request)
        routes[f"{prefix}_import"] = replace(ADMIN_ONLY, admin=OK if may_import else FORBIDDEN)
        # Processing an import is a POST of the confirmed preview; a GET is refused.
        routes[f"{prefix}_process_import"] = replace(ADMIN_ONLY, admin=NOT_ALLOWED if may_import else FORBIDDEN)
    if f"{prefix}_simple_history" in names:
        entry = model.history.filter(**{model._meta.pk.attname: obj.pk}).first() if obj is not None else None
        routes[f"{prefix}_simple_history"] = replace(
            ADMIN_ONLY,
            # The history entry is shown read-only (SIMPLE_HISTORY_REVERT_DISABLED).
            admin=OK if entry is not None and model_admin.has_view_or_change_permission(request, obj) else FORBIDDEN,
            url=lambda fx, name=f"{prefix}_simple_history", obj=obj, entry=entry: reverse(
                name, args=[obj.pk if obj else 0, entry.history_id if entry else 0]
            ),
        )
    return routes


def url_for(key, route, fx, owner=None):
    if route.url:
        return route.url(fx)
    if route.owned:
        return reverse(key, kwargs=route.owned(fx, owner))
    return reverse(key, kwargs=route.kwargs(fx) if route.kwargs else None)

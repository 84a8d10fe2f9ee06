"""The portal's access policy: who may see and change what. The only one.

Views, the API, the admin, exports and file downloads all ask this module. It
answers two questions for every kind of object:

* which objects of this kind may this user see? (`visible`, a queryset filter)
* may this user change this object? (`can_change`)

A model that is not listed in POLICY is visible to no one but VRP staff and
admins: the policy fails closed. Models are named by label so that the ground
floor never imports the apps above it.

Refusals never reveal that another CSP's object exists: callers use
`get_visible_or_404`, which answers 404 for an object the user may not see.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from .models import Role


def is_vrp_staff(user) -> bool:
    """VRP staff and admins (as User.is_vrp_staff; not Django's User.is_staff, which is
    admin-site access): they see and change everything the portal holds."""
    return bool(user and user.is_authenticated and user.is_active and user.is_vrp_staff)


def is_coordinator(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_csp_coordinator and user.csp_ids)


def is_panel_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_panel_member)


@dataclass(frozen=True)
class StaffOnly:
    """Grants, match funding, budget lines, reference data: VRP staff only."""

    def filter(self, user):
        return Q() if is_vrp_staff(user) else Q(pk__in=[])

    def may_change(self, user, obj):
        return is_vrp_staff(user)


@dataclass(frozen=True)
class OwnCsp:
    """Objects that belong to one CSP, reached through `path` (an Organisation).

    Coordinators see their own CSP's objects; if `coordinators_change`, they may
    also change them (workflow states are checked by the services, not here).
    """

    path: str
    coordinators_change: bool = False

    def filter(self, user):
        if is_vrp_staff(user):
            return Q()
        if is_coordinator(user):
            return Q(**{f"{self.path}__in": user.csp_ids})
        return Q(pk__in=[])

    def may_change(self, user, obj):
        if is_vrp_staff(user):
            return True
        if not (self.coordinators_change and is_coordinator(user)):
            return False
        return type(obj)._default_manager.filter(pk=obj.pk, **{f"{self.path}__in": user.csp_ids}).exists()


@dataclass(frozen=True)
class InDistrict:
    """Interventions and what hangs off them, reached through `districts_path`.

    Coordinators see what covers their own CSP's district and what is
    partnership-wide; they may change (enter outcomes for) only what covers their
    own district, never another district's or a partnership-wide intervention.
    """

    districts_path: str
    coordinators_change: bool = False

    def filter(self, user):
        if is_vrp_staff(user):
            return Q()
        if is_coordinator(user):
            own = Q(**{f"{self.districts_path}__organisations__in": user.csp_ids})
            wide = Q(**{f"{self.districts_path}__is_partnership_wide": True})
            return own | wide
        return Q(pk__in=[])

    def may_change(self, user, obj):
        if is_vrp_staff(user):
            return True
        if not (self.coordinators_change and is_coordinator(user)):
            return False
        return (
            type(obj)
            ._default_manager.filter(pk=obj.pk, **{f"{self.districts_path}__organisations__in": user.csp_ids})
            .exists()
        )

    def may_add_under(self, user, parent):
        """May the user add an object that hangs off `parent` (the first step of
        `districts_path`), such as an outcome for an intervention?"""
        if is_vrp_staff(user):
            return True
        if not (self.coordinators_change and is_coordinator(user)):
            return False
        rest = self.districts_path.split("__", 1)[1]
        return (
            type(parent)._default_manager.filter(pk=parent.pk, **{f"{rest}__organisations__in": user.csp_ids}).exists()
        )


@dataclass(frozen=True)
class PublishedToReaders:
    """Panel reports: staff see all; panel members and coordinators only published ones."""

    status_path: str = "status"
    published_value: str = "published"

    def filter(self, user):
        if is_vrp_staff(user):
            return Q()
        if is_panel_member(user) or is_coordinator(user):
            return Q(**{self.status_path: self.published_value})
        return Q(pk__in=[])

    def may_change(self, user, obj):
        return is_vrp_staff(user)


@dataclass(frozen=True)
class OwnedByUser:
    """Personal things, such as API tokens: each user sees and changes only their own."""

    path: str = "user"

    def filter(self, user):
        return Q(**{self.path: user.pk}) if user and user.is_authenticated and user.is_active else Q(pk__in=[])

    def may_change(self, user, obj):
        return bool(user and user.is_authenticated and user.is_active and getattr(obj, f"{self.path}_id") == user.pk)


STAFF_ONLY = StaffOnly()

POLICY = {
    # Ground floor: reference data is edited by staff; readers get it through pages.
    "partnership.organisation": STAFF_ONLY,
    "partnership.financialyear": STAFF_ONLY,
    "partnership.quarter": STAFF_ONLY,
    "partnership.period": STAFF_ONLY,
    "partnership.apitoken": OwnedByUser("user"),
    # grants/
    "grants.grant": STAFF_ONLY,
    "grants.grantconditions": STAFF_ONLY,
    "grants.matchcontribution": STAFF_ONLY,
    "grants.budgetline": STAFF_ONLY,
    "grants.evidencefile": STAFF_ONLY,
    "grants.grantdocument": STAFF_ONLY,
    # svd/: a coordinator sees their own CSP's shares and nothing else of the allocation.
    "svd.svdallocation": STAFF_ONLY,
    "svd.svdrecipient": STAFF_ONLY,
    "svd.svdshare": OwnCsp("recipient"),
    # svd/ quarterly returns: a coordinator sees and fills in their own CSP's; the
    # services decide which states allow it and keep review actions to staff.
    "svd.quarterlyreturn": OwnCsp("csp", coordinators_change=True),
    "svd.annexaline": OwnCsp("quarterly_return__csp", coordinators_change=True),
    "svd.annexbline": OwnCsp("quarterly_return__csp", coordinators_change=True),
    "svd.returntransition": OwnCsp("quarterly_return__csp"),
    "svd.returncomment": OwnCsp("quarterly_return__csp", coordinators_change=True),
    "svd.sentreminder": STAFF_ONLY,
    # interventions/
    "interventions.toolkitapproach": STAFF_ONLY,
    "interventions.intervention": InDistrict("districts"),
    "interventions.interventionfunding": InDistrict("intervention__districts"),
    "interventions.quarterlyoutcome": InDistrict("intervention__districts", coordinators_change=True),
    "interventions.outcomebreakdown": InDistrict("outcome__intervention__districts", coordinators_change=True),
    "interventions.pendingimport": OwnedByUser("checked_by"),  # a checked file is confirmed by its checker only
    # reporting/: panel members and coordinators read published reports only.
    "reporting.panelreport": PublishedToReaders(),
    "reporting.reportdownload": STAFF_ONLY,
}


def rule_for(model):
    return POLICY.get(model._meta.label_lower, STAFF_ONLY)


def visible(user, queryset):
    """The objects of this queryset's kind that the user may see."""
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    condition = rule_for(queryset.model).filter(user)
    filtered = queryset.filter(condition)
    # A district path crosses a many-to-many relation: one row per match.
    return filtered.distinct() if isinstance(rule_for(queryset.model), InDistrict) and condition else filtered


def can_view(user, obj) -> bool:
    return visible(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def can_change(user, obj) -> bool:
    return can_view(user, obj) and rule_for(type(obj)).may_change(user, obj)


def can_add_under(user, model, parent) -> bool:
    """May the user add a `model` object under `parent` (an outcome under an
    intervention)? Rules without a notion of a parent leave it to staff."""
    if not can_view(user, parent):
        return False
    rule = rule_for(model)
    may_add = getattr(rule, "may_add_under", None)
    return may_add(user, parent) if may_add else is_vrp_staff(user)


def get_visible_or_404(user, queryset, **lookup):
    """The object, if the user may see it; 404 otherwise, so existence is not revealed."""
    try:
        return visible(user, queryset).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404("No such page.") from None


def get_changeable_or_404(user, queryset, **lookup):
    obj = get_visible_or_404(user, queryset, **lookup)
    if not rule_for(queryset.model).may_change(user, obj):
        raise PermissionDenied("You cannot change this.")
    return obj


def role_required(*roles):
    """A view decorator: anonymous users go to sign in, the wrong role gets 403.

    VRP staff pages name Role.VRP_STAFF; admins are always allowed where staff are.
    """

    allowed = set(roles)
    if Role.VRP_STAFF in allowed:
        allowed.add(Role.ADMIN)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.is_active or not (user.role in allowed or (user.is_superuser and Role.ADMIN in allowed)):
                raise PermissionDenied("Your role cannot use this page.")
            if user.role == Role.CSP_COORDINATOR and not user.csp_ids:
                raise PermissionDenied("Your account is not tied to a CSP.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = role_required(Role.VRP_STAFF)
signed_in_required = role_required(Role.VRP_STAFF, Role.CSP_COORDINATOR, Role.PANEL_MEMBER)

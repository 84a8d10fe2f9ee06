"""The API's permission: the same access policy as the pages, no second rule set."""

from rest_framework import permissions

from partnership import access


class AccessPolicy(permissions.BasePermission):
    """Signed in (by session or token), active, and in a role that uses the portal.

    Which objects a user may see is the queryset filter `access.visible`, so
    another CSP's object is a 404, never a 403. Writing to an object asks
    `access.rule_for(model).may_change`.
    """

    message = "Your role cannot use this."

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and user.is_active
            and (access.is_vrp_staff(user) or access.is_coordinator(user) or access.is_panel_member(user))
        )

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return access.rule_for(type(obj)).may_change(request.user, obj)


class StaffOnly(AccessPolicy):
    """For endpoints with no object to ask about (exports, generated files)."""

    message = "Only VRP staff can use this."

    def has_permission(self, request, view):
        return super().has_permission(request, view) and access.is_vrp_staff(request.user)

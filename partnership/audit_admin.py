"""The admin shows sign-in records but cannot change or delete them.

django-axes registers its logs with delete allowed; they are re-registered here
read-only once every admin module has been loaded (PartnershipConfig.ready).
Lockouts themselves (AccessAttempt) stay deletable: deleting one is how an admin
unlocks an account, as is `manage.py axes_reset_username <name>`.
"""

from axes.admin import AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAccessLogAdmin(ReadOnlyAdminMixin, AccessLogAdmin):
    pass


class ReadOnlyAccessFailureLogAdmin(ReadOnlyAdminMixin, AccessFailureLogAdmin):
    pass


def register(site=admin.site):
    for model, model_admin in ((AccessLog, ReadOnlyAccessLogAdmin), (AccessFailureLog, ReadOnlyAccessFailureLogAdmin)):
        if site.is_registered(model):
            site.unregister(model)
        site.register(model, model_admin)

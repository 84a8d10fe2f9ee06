"""What every app's admin shares: import and export kept to VRP staff, an import
that saves every row or none, and retiring instead of deleting."""

from django.contrib import admin, messages
from django.db.models import ProtectedError
from import_export.admin import ImportExportModelAdmin

from . import access
from .admin_choices import NamedChoicesAdmin
from .spreadsheets.formats import SpreadsheetFormatsAdmin


class RestrictedImportExportAdmin(SpreadsheetFormatsAdmin, NamedChoicesAdmin, ImportExportModelAdmin):
    """Import needs the change permission (IMPORT_EXPORT_IMPORT_PERMISSION_CODE)
    and a VRP staff role; an import rolls back whole on any validation error."""

    def has_import_permission(self, request):
        return access.is_vrp_staff(request.user) and super().has_import_permission(request)

    def has_export_permission(self, request):
        return access.is_vrp_staff(request.user) and super().has_export_permission(request)

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def get_import_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_export_queryset(self, request):
        return access.visible(request.user, super().get_export_queryset(request))


class RetireNotDeleteAdmin(admin.ModelAdmin):
    """Rows other records point to are retired (is_active unticked), never deleted.

    Django's delete page already lists what protects a row; the bulk delete
    action, which would stop with a server error on a ProtectedError, says so
    instead. `retire` and `bring_back` are list actions."""

    actions = ["retire", "bring_back"]

    @admin.action(description="Retire the selected (keep them on past records, offer them no more)")
    def retire(self, request, queryset):
        changed = queryset.update(is_active=False)
        self.message_user(request, f"{changed} retired.", messages.SUCCESS)

    @admin.action(description="Bring the selected back into use")
    def bring_back(self, request, queryset):
        changed = queryset.update(is_active=True)
        self.message_user(request, f"{changed} back in use.", messages.SUCCESS)

    def delete_queryset(self, request, queryset):
        try:
            super().delete_queryset(request, queryset)
        except ProtectedError as error:
            names = ", ".join(sorted({str(obj) for obj in error.protected_objects})[:5])
            self.message_user(
                request,
                f"Nothing was deleted: other records use them ({names}…). Retire them instead.",
                messages.ERROR,
            )

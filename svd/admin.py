"""Admin for SVD allocations, their recipients and shares; the returns' admin is in svd/returns/admin.py."""

from django.contrib import admin
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from partnership.admin_choices import NamedChoicesAdmin
from partnership.spreadsheets.formats import SpreadsheetFormatsAdmin

from .models import SvdAllocation, SvdRecipient, SvdShare
from .resources import SvdShareStaffResource
from .returns import admin as returns_admin  # noqa: F401  (registers the returns' admin)


class SvdRecipientInline(NamedChoicesAdmin, admin.TabularInline):
    model = SvdRecipient
    extra = 0
    ordering = ["position"]


@admin.register(SvdAllocation)
class SvdAllocationAdmin(NamedChoicesAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "labour_amount", "non_labour_amount", "status"]
    list_filter = ["status", "period__financial_year"]
    search_fields = ["notes", "grant__reference"]
    list_select_related = ["period__financial_year"]
    inlines = [SvdRecipientInline]


@admin.register(SvdRecipient)
class SvdRecipientAdmin(NamedChoicesAdmin, admin.ModelAdmin):
    list_display = ["allocation", "position", "organisation"]
    list_filter = ["allocation__period__financial_year", "organisation__kind"]
    search_fields = ["organisation__name"]
    list_select_related = ["allocation__period__financial_year", "organisation"]


@admin.register(SvdShare)
class SvdShareAdmin(SpreadsheetFormatsAdmin, NamedChoicesAdmin, ExportMixin, SimpleHistoryAdmin):
    """Read-only amounts: a share changes through the override page, which keeps
    the stream's sum exact and records the reason (svd.services)."""

    resource_classes = [SvdShareStaffResource]
    list_display = ["allocation", "stream", "position", "recipient", "amount", "is_override"]
    list_filter = ["stream", "is_override", "allocation__period__financial_year"]
    search_fields = ["recipient__name", "override_reason"]
    list_select_related = ["allocation__period__financial_year", "recipient"]
    readonly_fields = [
        "allocation",
        "recipient",
        "stream",
        "position",
        "amount",
        "is_override",
        "override_reason",
        "overridden_by",
        "overridden_at",
    ]

    def has_add_permission(self, request):
        return False

from django.contrib import admin
from import_export.admin import ExportMixin, ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from partnership.admin_choices import NamedChoicesAdmin
from partnership.spreadsheets.formats import SpreadsheetFormatsAdmin

from .models import BudgetLine, EvidenceFile, Grant, GrantConditions, GrantDocument, MatchContribution
from .resources import BudgetLineResource, GrantResource, MatchContributionResource


class GrantConditionsInline(NamedChoicesAdmin, admin.StackedInline):
    model = GrantConditions
    extra = 0


class BudgetLineInline(NamedChoicesAdmin, admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(Grant)
class GrantAdmin(SpreadsheetFormatsAdmin, NamedChoicesAdmin, ExportMixin, SimpleHistoryAdmin):
    resource_classes = [GrantResource]
    list_display = ["reference", "programme", "period", "amount", "status"]
    list_filter = ["programme", "status", "period__financial_year"]
    search_fields = ["reference", "notes", "arrangement", "funder__name"]
    list_select_related = ["period__financial_year", "funder", "conditions"]  # the export reads conditions too
    inlines = [GrantConditionsInline, BudgetLineInline]


@admin.register(GrantConditions)
class GrantConditionsAdmin(NamedChoicesAdmin, SimpleHistoryAdmin):
    list_display = ["grant", "match_funding_basis", "qualifying_share_percent"]
    list_filter = ["match_funding_basis"]
    search_fields = ["grant__reference"]
    list_select_related = ["grant__period__financial_year"]


class EvidenceFileInline(NamedChoicesAdmin, admin.TabularInline):
    model = EvidenceFile
    extra = 0
    fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # uploads go through the page, which checks the content


@admin.register(MatchContribution)
class MatchContributionAdmin(SpreadsheetFormatsAdmin, NamedChoicesAdmin, ExportMixin, SimpleHistoryAdmin):
    resource_classes = [MatchContributionResource]
    list_display = ["partner", "financial_year", "form", "value", "status"]
    list_filter = ["status", "form", "financial_year"]
    search_fields = ["partner__name", "description"]
    list_select_related = ["partner", "financial_year"]
    inlines = [EvidenceFileInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(SpreadsheetFormatsAdmin, NamedChoicesAdmin, ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [BudgetLineResource]
    list_display = ["description", "kind", "grant", "amount"]
    list_filter = ["kind", "grant__period__financial_year"]
    search_fields = ["description", "grant__reference"]
    list_select_related = ["grant__period__financial_year"]


class StoredFileAdmin(NamedChoicesAdmin, admin.ModelAdmin):
    """Read-only: files are added through the pages, which check their content."""

    list_display = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["original_name"]
    readonly_fields = ["file", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request):
        return False


@admin.register(EvidenceFile)
class EvidenceFileAdmin(StoredFileAdmin):
    list_display = StoredFileAdmin.list_display + ["contribution"]


@admin.register(GrantDocument)
class GrantDocumentAdmin(StoredFileAdmin):
    list_display = ["title"] + StoredFileAdmin.list_display + ["grant"]
    search_fields = ["title", "original_name", "grant__reference"]

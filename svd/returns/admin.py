"""Returns in the admin: for looking, not for changing. Every change to a return
goes through svd.returns.services (the pages and the API), so the workflow's
rules and log cannot be bypassed here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnership.admin_choices import NamedChoicesAdmin

from .models import AnnexALine, AnnexBLine, QuarterlyReturn, ReturnTransition, SentReminder


class ReadOnlyInline(NamedChoicesAdmin, admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AnnexALineInline(ReadOnlyInline):
    model = AnnexALine
    fields = [
        "funding_line",
        "allocation",
        "spend_this_quarter",
        "spend_to_date",
        "forecast_to_year_end",
        "explanation",
    ]
    readonly_fields = fields


class AnnexBLineInline(ReadOnlyInline):
    model = AnnexBLine
    fields = ["intervention", "activity_name", "young_people", "adults", "workforce_trained", "progress"]
    readonly_fields = fields


class TransitionInline(ReadOnlyInline):
    model = ReturnTransition
    fields = ["at", "by", "from_status", "to_status", "comment"]
    readonly_fields = fields


@admin.register(QuarterlyReturn)
class QuarterlyReturnAdmin(NamedChoicesAdmin, SimpleHistoryAdmin):
    list_display = ["csp", "quarter", "status", "first_submitted_at", "approved_at"]
    list_filter = ["status", "quarter__financial_year", "csp"]
    list_select_related = ["csp", "quarter__financial_year"]
    inlines = [AnnexALineInline, AnnexBLineInline, TransitionInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SentReminder)
class SentReminderAdmin(NamedChoicesAdmin, admin.ModelAdmin):
    list_display = ["quarterly_return", "kind", "event_date", "claimed_at", "recipients"]
    list_filter = ["kind"]
    list_select_related = ["quarterly_return__csp", "quarterly_return__quarter__financial_year"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

"""Admin for the reports' wording: a partnership's own section headings.
Reports themselves are written on the portal's pages (reporting.views)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ReportHeading


@admin.register(ReportHeading)
class ReportHeadingAdmin(SimpleHistoryAdmin):
    list_display = ["section", "heading"]
    search_fields = ["heading"]

"""The Django admin for a partnership's reference data (issue 13): the
partnership itself, districts, organisations, financial years with their
quarters, and periods. People are in partnership.admin_people.

Lists that grow long (districts, organisations) import and export; rows that
other records use are retired, never deleted (PROTECT, and RetireNotDeleteAdmin).
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .admin_base import RestrictedImportExportAdmin, RetireNotDeleteAdmin
from .admin_people import register as register_people
from .models import District, FinancialYear, Organisation, Partnership, Period, Quarter
from .resources import DistrictResource, OrganisationResource


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "area_name", "reports_to"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "area_name", "contact_email"]}),
        (
            "Who the partnership reports to",
            {
                "fields": ["reports_to", "meeting_name", "member_title"],
                "description": "These words appear on the portal's pages and on every update report and its PDF.",
            },
        ),
        ("Quarterly returns", {"fields": ["returns_due_months", "returns_due_days"]}),
        ("Open data", {"fields": ["open_data_prefix"]}),
    ]

    def has_add_permission(self, request):
        # The portal runs one partnership.
        return super().has_add_permission(request) and not Partnership.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(District)
class DistrictAdmin(RetireNotDeleteAdmin, RestrictedImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [DistrictResource]
    list_display = ["name", "code", "is_partnership_wide", "position", "is_active"]
    list_editable = ["position"]
    list_filter = ["is_active", "is_partnership_wide"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(RetireNotDeleteAdmin, RestrictedImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [OrganisationResource]
    list_display = ["name", "ref", "kind", "provider_sector", "district", "identifier", "is_active"]
    list_filter = ["kind", "provider_sector", "district", "is_active"]
    search_fields = ["name", "ref", "charity_number", "company_number", "ons_code", "org_id_360"]
    list_select_related = ["district"]
    prepopulated_fields = {"ref": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "ref", "kind", "provider_sector", "district", "is_active"]}),
        ("Identifiers", {"fields": ["charity_number", "company_number", "ons_code", "org_id_360"]}),
    ]

    @admin.display(description="Charity, company or ONS number")
    def identifier(self, obj):
        return obj.charity_number or obj.company_number or obj.ons_code or "–"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "district":
            kwargs["queryset"] = District.objects.filter(is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class QuarterInline(admin.TabularInline):
    model = Quarter
    fields = ["number", "starts_on", "ends_on", "due_on"]
    readonly_fields = ["number", "starts_on", "ends_on"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # a year's four quarters are made with it


@admin.register(FinancialYear)
class FinancialYearAdmin(admin.ModelAdmin):
    """Add a year by its start (2025 is 2025/26): its full-year period and four
    quarters are made with it, due by the partnership's rule; change a quarter's
    due date here."""

    list_display = ["label", "start_year", "starts_on", "ends_on"]
    search_fields = ["start_year"]
    inlines = [QuarterInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.financial_year_ensure(start_year=obj.start_year)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "starts_on", "ends_on"]
    list_filter = ["kind", "financial_year"]

    def has_delete_permission(self, request, obj=None):
        return False


register_people()

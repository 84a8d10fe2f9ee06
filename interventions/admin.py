"""Admin for the register. Querysets go through partnership.access; import is
for VRP staff who hold the model's change permission, never every admin user."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnership import access
from partnership.admin_base import RestrictedImportExportAdmin
from partnership.admin_choices import NamedChoicesAdmin

from .models import Intervention, InterventionFunding, OutcomeBreakdown, QuarterlyOutcome, ToolkitApproach
from .resources import (
    InterventionFundingResource,
    InterventionResource,
    QuarterlyOutcomeResource,
    ToolkitApproachResource,
)


class AccessPolicyAdmin(NamedChoicesAdmin, admin.ModelAdmin):
    def get_queryset(self, request):
        return access.visible(request.user, super().get_queryset(request))


@admin.register(ToolkitApproach)
class ToolkitApproachAdmin(RestrictedImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [ToolkitApproachResource]
    list_display = ["name", "impact", "evidence_quality", "cost", "rated_on"]
    list_filter = ["impact", "evidence_quality", "cost"]
    search_fields = ["name"]


class FundingInline(NamedChoicesAdmin, admin.TabularInline):
    model = InterventionFunding
    extra = 0


@admin.register(Intervention)
class InterventionAdmin(AccessPolicyAdmin, RestrictedImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [InterventionResource]
    list_display = [
        "name",
        "reference",
        "provider",
        "status",
        "approach_name",
        "impact",
        "evidence_quality",
        "qualifies",
    ]
    list_filter = [
        "status",
        "impact",
        "evidence_quality",
        "districts",
        "funding__stream",
        "funding__financial_year",
        "provider",
    ]
    search_fields = ["name", "reference", "provider__name", "approach_name"]
    list_select_related = ["provider"]
    filter_horizontal = ["districts"]
    readonly_fields = ["version"]
    inlines = [FundingInline]

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).prefetch_related("districts")  # the export names them

    @admin.display(boolean=True, description="Qualifies for the 30% rule")
    def qualifies(self, obj):
        return obj.qualifies


@admin.register(InterventionFunding)
class InterventionFundingAdmin(AccessPolicyAdmin, RestrictedImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [InterventionFundingResource]
    list_display = ["intervention", "financial_year", "stream", "amount"]
    list_filter = ["financial_year", "stream"]
    search_fields = ["intervention__name", "intervention__reference"]
    list_select_related = ["intervention", "financial_year"]


class BreakdownInline(NamedChoicesAdmin, admin.TabularInline):
    model = OutcomeBreakdown
    extra = 0


@admin.register(QuarterlyOutcome)
class QuarterlyOutcomeAdmin(AccessPolicyAdmin, RestrictedImportExportAdmin, SimpleHistoryAdmin):
    resource_classes = [QuarterlyOutcomeResource]
    list_display = ["intervention", "quarter", "young_people", "adults", "workforce_trained", "source"]
    list_filter = ["quarter__financial_year", "quarter__number", "source", "intervention__districts"]
    search_fields = ["intervention__name", "intervention__reference"]
    list_select_related = ["intervention", "quarter__financial_year"]
    inlines = [BreakdownInline]


@admin.register(OutcomeBreakdown)
class OutcomeBreakdownAdmin(AccessPolicyAdmin):
    list_display = ["outcome", "dimension", "category", "young_people", "adults"]
    list_filter = ["dimension"]
    search_fields = ["category", "outcome__intervention__name"]

"""The register's filters, shared by the list page and the API.

The FilterSet validates the query string and draws the form; the filtering itself
is `selectors.intervention_filter`, so the page, the API and the export agree.
"""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from partnership.models import District, FinancialYear, Organisation, OrganisationKind
from partnership.widgets import QuickSelect

from . import selectors
from .models import FundingStream, InterventionStatus, QuarterlyOutcome

QUALIFYING_CHOICES = [("yes", "Qualifies for the 30% rule"), ("no", "Does not qualify")]


@extend_schema_field(OpenApiTypes.INT)
class _ByIdFilter(django_filters.ModelChoiceFilter):
    """A choice of object by its integer id (the schema's type for it)."""


@extend_schema_field(OpenApiTypes.INT)
class _ByStartYearFilter(django_filters.ModelChoiceFilter):
    """A financial year by the calendar year it starts in, e.g. 2024 for 2024/25."""


class InterventionFilter(django_filters.FilterSet):
    # QuickSelect: the district and provider lists run to hundreds at national scale.
    district = _ByIdFilter(
        queryset=District.objects.only("pk", "name"), empty_label="Any district", label="District", widget=QuickSelect
    )
    stream = django_filters.ChoiceFilter(
        choices=FundingStream.choices, empty_label="Any stream", label="Funding stream", widget=QuickSelect
    )
    year = _ByStartYearFilter(
        queryset=FinancialYear.objects.all(),
        to_field_name="start_year",
        empty_label="Any year",
        label="Financial year",
        widget=QuickSelect,
    )
    qualifying = django_filters.ChoiceFilter(
        choices=QUALIFYING_CHOICES, empty_label="Either", label="30% rule", widget=QuickSelect
    )
    status = django_filters.ChoiceFilter(
        choices=InterventionStatus.choices, empty_label="Any status", widget=QuickSelect
    )
    provider = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.filter(kind=OrganisationKind.PROVIDER).only("pk", "name"),
        empty_label="Any provider",
        widget=QuickSelect,
    )

    def filter_queryset(self, queryset):
        return selectors.intervention_filter(queryset, **self.selector_arguments())

    def selector_arguments(self) -> dict:
        data = getattr(self.form, "cleaned_data", {}) if self.is_bound and self.form.is_valid() else {}
        qualifying = data.get("qualifying")
        return {
            "district": data.get("district"),
            "stream": data.get("stream") or None,
            "financial_year": data.get("year"),
            "qualifying": {"yes": True, "no": False}.get(qualifying),
            "status": data.get("status") or None,
            "provider": data.get("provider"),
        }


class OutcomeFilter(django_filters.FilterSet):
    intervention = django_filters.CharFilter(field_name="intervention__reference", label="Intervention reference")
    year = django_filters.NumberFilter(field_name="quarter__financial_year__start_year", label="Financial year (start)")
    quarter = django_filters.NumberFilter(field_name="quarter__number", label="Quarter number")
    district = django_filters.ModelChoiceFilter(
        queryset=District.objects.all(), field_name="intervention__districts", distinct=True
    )
    source = django_filters.CharFilter(field_name="source")

    class Meta:
        model = QuarterlyOutcome
        fields = ["intervention", "year", "quarter", "district", "source"]

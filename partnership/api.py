"""The ground floor's API: organisations, districts, financial years and quarters.

Reference data, read-only here (staff edit it through the admin). Who sees what
is `partnership.access`, as everywhere.
"""

from django_filters import rest_framework as filters
from rest_framework import routers, serializers, viewsets

from . import access
from .models import District, FinancialYear, Organisation, Quarter


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["id", "name", "code", "is_partnership_wide", "position"]


class OrganisationSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "ref",
            "name",
            "kind",
            "provider_sector",
            "district",
            "charity_number",
            "company_number",
            "org_id_360",
        ]


class FinancialYearSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    starts_on = serializers.DateField(read_only=True)
    ends_on = serializers.DateField(read_only=True)

    class Meta:
        model = FinancialYear
        fields = ["id", "start_year", "label", "starts_on", "ends_on"]


class QuarterSerializer(serializers.ModelSerializer):
    financial_year = serializers.IntegerField(source="financial_year.start_year", read_only=True)
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Quarter
        fields = ["id", "financial_year", "number", "label", "starts_on", "ends_on", "due_on"]


class OrganisationFilter(filters.FilterSet):
    district = filters.CharFilter(
        field_name="district__name", help_text="A district's name, as the districts list gives it."
    )

    class Meta:
        model = Organisation
        fields = ["kind", "provider_sector", "district"]


class QuarterFilter(filters.FilterSet):
    financial_year = filters.NumberFilter(field_name="financial_year__start_year", help_text="Start year, e.g. 2024.")

    class Meta:
        model = Quarter
        fields = ["financial_year", "number"]


class DistrictViewSet(viewsets.ReadOnlyModelViewSet):
    """CSP districts, and the partnership-wide value that stands for all of them."""

    serializer_class = DistrictSerializer
    queryset = District.objects.all()
    filterset_fields = ["is_partnership_wide", "code"]
    ordering_fields = ["position", "name", "code"]
    ordering = ["is_partnership_wide", "position", "name"]

    def get_queryset(self):
        return access.visible(self.request.user, District.objects.all())


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Funders, specified authorities, CSPs, providers and the VRP itself."""

    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.all()
    filterset_class = OrganisationFilter
    ordering_fields = ["name", "ref", "kind"]
    ordering = ["name"]

    def get_queryset(self):
        return access.visible(self.request.user, Organisation.objects.select_related("district"))


class FinancialYearViewSet(viewsets.ReadOnlyModelViewSet):
    """Financial years, 1 April to 31 March, named by the year they start in."""

    serializer_class = FinancialYearSerializer
    queryset = FinancialYear.objects.all()
    filterset_fields = ["start_year"]
    ordering_fields = ["start_year"]
    ordering = ["start_year"]

    def get_queryset(self):
        return access.visible(self.request.user, FinancialYear.objects.all())


class QuarterViewSet(viewsets.ReadOnlyModelViewSet):
    """Quarters with the dates their returns are due."""

    serializer_class = QuarterSerializer
    queryset = Quarter.objects.all()
    filterset_class = QuarterFilter
    ordering_fields = ["starts_on", "due_on", "number"]
    ordering = ["starts_on"]

    def get_queryset(self):
        return access.visible(self.request.user, Quarter.objects.select_related("financial_year"))


router = routers.SimpleRouter()
router.register("districts", DistrictViewSet, basename="district")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("financial-years", FinancialYearViewSet, basename="financial-year")
router.register("quarters", QuarterViewSet, basename="quarter")

urlpatterns = router.urls

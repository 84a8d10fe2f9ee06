"""/api/v1/interventions/ and /api/v1/outcomes/: the same access as the pages.

VRP staff and CSP coordinators read what partnership.access lets them see;
panel members are refused. Outcomes may be written by staff, and by a
coordinator for an intervention covering their own district.
"""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, routers, viewsets
from rest_framework.exceptions import PermissionDenied

from partnership import access
from partnership.api_support.concurrency import ConditionalUpdateMixin

from . import selectors, services
from .filters import InterventionFilter, OutcomeFilter
from .models import Intervention, OutcomeSource, QuarterlyOutcome
from .serializers import InterventionSerializer, OutcomeSerializer, as_drf_error


class StaffOrCoordinator(permissions.BasePermission):
    """The register's readers, as on the pages: VRP staff and CSP coordinators."""

    def has_permission(self, request, view):
        return access.is_vrp_staff(request.user) or access.is_coordinator(request.user)


@extend_schema_view(
    list=extend_schema(
        description="Interventions the caller may see, with their YEF rating snapshot and funding by year. "
        "Filter by district, stream, year (start year), qualifying (yes/no), status and provider."
    ),
    retrieve=extend_schema(description="One intervention by its reference."),
)
class InterventionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InterventionSerializer
    permission_classes = [permissions.IsAuthenticated, StaffOrCoordinator]
    filterset_class = InterventionFilter
    lookup_field = "reference"
    ordering_fields = ["name", "reference", "status", "starts_on"]
    ordering = ["name"]

    def get_queryset(self):
        return access.visible(self.request.user, Intervention.objects.all())

    def filter_queryset(self, queryset):
        return selectors.intervention_api_rows(super().filter_queryset(queryset))


@extend_schema_view(
    list=extend_schema(
        description="Quarterly outcomes (aggregate counts only) for the interventions the caller may see."
    ),
    create=extend_schema(
        description="Record a quarter's counts for an intervention; a quarter already held is replaced."
    ),
)
class OutcomeViewSet(
    ConditionalUpdateMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    serializer_class = OutcomeSerializer
    permission_classes = [permissions.IsAuthenticated, StaffOrCoordinator]
    filterset_class = OutcomeFilter
    ordering_fields = ["quarter__financial_year__start_year", "quarter__number", "intervention__reference"]

    def get_queryset(self):
        return selectors.outcome_list(
            access.visible(self.request.user, QuarterlyOutcome.objects.all())
        ).prefetch_related("breakdowns")

    def get_serializer(self, *args, **kwargs):
        kwargs["visible_interventions"] = access.visible(self.request.user, Intervention.objects.all())
        return super().get_serializer(*args, **kwargs)

    def perform_create(self, serializer):
        intervention = serializer.validated_data["intervention"]
        if not access.can_add_under(self.request.user, QuarterlyOutcome, intervention):
            raise PermissionDenied("You cannot enter outcomes for this intervention.")
        serializer.instance = self._record(
            intervention, serializer.validated_data["quarter"], serializer.validated_data
        )

    def perform_update(self, serializer):
        outcome = serializer.instance
        if not access.can_change(self.request.user, outcome):
            raise PermissionDenied("You cannot change these outcomes.")
        counts = {
            name: serializer.validated_data.get(name, getattr(outcome, name))
            for name in ("young_people", "adults", "workforce_trained")
        }
        serializer.instance = self._record(outcome.intervention, outcome.quarter, counts)

    def _record(self, intervention, quarter, data):
        try:
            return services.outcome_record(
                intervention=intervention,
                quarter=quarter,
                young_people=data["young_people"],
                adults=data["adults"],
                workforce_trained=data["workforce_trained"],
                source=OutcomeSource.ENTERED,
                by=self.request.user,
            )
        except ValidationError as error:
            raise as_drf_error(error) from error


router = routers.SimpleRouter()
router.register("interventions", InterventionViewSet, basename="intervention")
router.register("outcomes", OutcomeViewSet, basename="outcome")
urlpatterns = router.urls

"""Read endpoints for grants, their conditions and match funding (staff only, as on the pages)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.routers import DefaultRouter

from partnership import access

from . import selectors
from .models import GrantConditions
from .serializers import GrantConditionsSerializer, GrantSerializer, MatchContributionSerializer


@extend_schema_view(list=extend_schema(description="Grants received, with their conditions. VRP staff only."))
class GrantViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = GrantSerializer
    filterset_fields = ["programme", "status", "period__financial_year__start_year"]
    ordering_fields = ["amount", "reference"]

    def get_queryset(self):
        return selectors.grants_visible_to(self.request.user)


@extend_schema_view(
    list=extend_schema(description="Conditions on each grant, with the derived requirement and minimum.")
)
class GrantConditionsViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = GrantConditionsSerializer
    filterset_fields = ["grant"]

    def get_queryset(self):
        return access.visible(self.request.user, GrantConditions.objects.select_related("grant")).order_by("pk")


@extend_schema_view(list=extend_schema(description="Match-funding contributions. VRP staff only."))
class MatchContributionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MatchContributionSerializer
    filterset_fields = ["status", "form", "financial_year__start_year"]
    ordering_fields = ["value"]

    def get_queryset(self):
        return selectors.contributions_visible_to(self.request.user)


router = DefaultRouter()
router.register("grants", GrantViewSet, basename="grant")
router.register("grant-conditions", GrantConditionsViewSet, basename="grant-conditions")
router.register("match-contributions", MatchContributionViewSet, basename="match-contribution")
urlpatterns = router.urls

"""Read endpoints for grants, their conditions and match funding (staff only, as on the pages)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.routers import DefaultRouter

from partnership import access

from . import selectors
from .budget import grant_budget, grants_with_budgets
from .models import GrantConditions
from .serializers import (
    GrantBudgetSerializer,
    GrantConditionsSerializer,
    GrantSerializer,
    MatchContributionSerializer,
)


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


@extend_schema_view(
    list=extend_schema(
        description=(
            "Each grant's budget lines with plan, actual spend and variance by quarter, the forecast "
            "outturn, the forecast underspend and the forecasts recorded at quarter ends. VRP staff only."
        )
    ),
    retrieve=extend_schema(description="One grant's budget and forecast, as on its budget page."),
)
class GrantBudgetViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = GrantBudgetSerializer
    filterset_fields = ["programme", "period__financial_year__start_year"]

    def get_queryset(self):
        return grants_with_budgets(selectors.grants_visible_to(self.request.user))

    def get_serializer(self, instance=None, *args, **kwargs):
        if kwargs.get("many"):
            instance = [grant_budget(grant) for grant in instance]
        elif instance is not None:
            instance = grant_budget(instance)
        return super().get_serializer(instance, *args, **kwargs)


router = DefaultRouter()
router.register("grants", GrantViewSet, basename="grant")
router.register("grant-conditions", GrantConditionsViewSet, basename="grant-conditions")
router.register("grant-budgets", GrantBudgetViewSet, basename="grant-budget")
router.register("match-contributions", MatchContributionViewSet, basename="match-contribution")
urlpatterns = router.urls

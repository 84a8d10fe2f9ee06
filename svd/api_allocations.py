"""Read endpoints for SVD allocations (staff) and shares (staff; a coordinator
gets only their own CSP's, without the staff-only override details)."""

from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from partnership import access

from . import selectors
from .models import SvdAllocation, SvdShare


class SvdShareSerializer(serializers.ModelSerializer):
    recipient = serializers.CharField(source="recipient.name", read_only=True)
    period = serializers.CharField(source="allocation.period.label", read_only=True)
    financial_year = serializers.IntegerField(source="allocation.period.financial_year.start_year", read_only=True)

    class Meta:
        model = SvdShare
        fields = ["id", "allocation", "period", "financial_year", "recipient", "stream", "amount"]


class SvdShareStaffSerializer(SvdShareSerializer):
    class Meta(SvdShareSerializer.Meta):
        fields = SvdShareSerializer.Meta.fields + ["position", "is_override", "override_reason", "overridden_at"]


class SvdRecipientSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    organisation = serializers.CharField()


class SvdAllocationSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period.label", read_only=True)
    financial_year = serializers.IntegerField(source="period.financial_year.start_year", read_only=True)
    total = serializers.DecimalField(max_digits=15, decimal_places=2, read_only=True)
    recipients = serializers.SerializerMethodField()
    shares = SvdShareStaffSerializer(many=True, read_only=True)

    class Meta:
        model = SvdAllocation
        fields = [
            "id",
            "period",
            "financial_year",
            "labour_amount",
            "non_labour_amount",
            "total",
            "status",
            "recipients",
            "shares",
        ]

    @extend_schema_field(SvdRecipientSerializer(many=True))
    def get_recipients(self, allocation):
        return [{"position": r.position, "organisation": r.organisation.name} for r in allocation.recipients.all()]


@extend_schema_view(list=extend_schema(description="SVD allocations with recipients and shares. VRP staff only."))
class SvdAllocationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SvdAllocationSerializer
    filterset_fields = ["status", "period__financial_year__start_year"]

    def get_queryset(self):
        return selectors.allocations_with_shares_visible_to(self.request.user)


@extend_schema_view(list=extend_schema(description="SVD shares. A CSP coordinator sees only their own CSP's."))
class SvdShareViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_fields = ["stream", "allocation", "allocation__period__financial_year__start_year"]

    def get_serializer_class(self):
        return SvdShareStaffSerializer if access.is_vrp_staff(self.request.user) else SvdShareSerializer

    def get_queryset(self):
        return selectors.shares_visible_to(self.request.user)


def register(router):
    router.register("svd-allocations", SvdAllocationViewSet, basename="svd-allocation")
    router.register("svd-shares", SvdShareViewSet, basename="svd-share")

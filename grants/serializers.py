"""Read-only representations of grants, conditions and match funding for /api/v1/.

Money is a string to the penny (DRF's COERCE_DECIMAL_TO_STRING), never a float.
Derived figures come from the model methods the pages use.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Grant, GrantConditions, MatchContribution


class GrantConditionsSerializer(serializers.ModelSerializer):
    required_match_funding = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    minimum_qualifying_spend = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = GrantConditions
        fields = [
            "id",
            "grant",
            "match_funding_basis",
            "match_funding_amount",
            "match_funding_percent",
            "match_reference_amount",
            "match_reference_label",
            "qualifying_share_percent",
            "required_match_funding",
            "minimum_qualifying_spend",
        ]


class GrantSerializer(serializers.ModelSerializer):
    funder = serializers.CharField(source="funder.name", read_only=True)
    period = serializers.CharField(source="period.label", read_only=True)
    financial_year = serializers.IntegerField(source="period.financial_year.start_year", read_only=True)
    conditions = serializers.SerializerMethodField()

    class Meta:
        model = Grant
        fields = [
            "id",
            "reference",
            "funder",
            "programme",
            "period",
            "financial_year",
            "amount",
            "status",
            "arrangement",
            "arrangement_year",
            "arrangement_years",
            "notes",
            "version",
            "conditions",
        ]

    @extend_schema_field(GrantConditionsSerializer(allow_null=True))
    def get_conditions(self, grant):
        conditions = getattr(grant, "conditions", None) if hasattr(grant, "conditions") else None
        return GrantConditionsSerializer(conditions).data if conditions else None


class MatchContributionSerializer(serializers.ModelSerializer):
    partner = serializers.CharField(source="partner.name", read_only=True)
    financial_year = serializers.IntegerField(source="financial_year.start_year", read_only=True)

    class Meta:
        model = MatchContribution
        fields = ["id", "partner", "financial_year", "form", "description", "value", "status"]


class BudgetQuarterSerializer(serializers.Serializer):
    quarter = serializers.IntegerField()
    planned = serializers.DecimalField(max_digits=14, decimal_places=2)
    actual = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    variance = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)


class BudgetForecastSerializer(serializers.Serializer):
    quarter = serializers.IntegerField()
    actual_to_date = serializers.DecimalField(max_digits=14, decimal_places=2)
    forecast_outturn = serializers.DecimalField(max_digits=14, decimal_places=2)
    recorded_at = serializers.DateTimeField()


class BudgetLineFiguresSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="line.pk")
    kind = serializers.CharField(source="line.kind")
    description = serializers.CharField(source="line.description")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    quarters = BudgetQuarterSerializer(many=True)
    actual_to_date = serializers.DecimalField(max_digits=14, decimal_places=2)
    planned_to_date = serializers.DecimalField(max_digits=14, decimal_places=2)
    variance_to_date = serializers.DecimalField(max_digits=14, decimal_places=2)
    forecast_outturn = serializers.DecimalField(max_digits=14, decimal_places=2)
    forecast_variance = serializers.DecimalField(max_digits=14, decimal_places=2)
    underspend_risk = serializers.BooleanField()
    forecasts = serializers.SerializerMethodField()

    @extend_schema_field(BudgetForecastSerializer(many=True))
    def get_forecasts(self, row):
        return BudgetForecastSerializer([row.forecasts[n] for n in sorted(row.forecasts)], many=True).data


class GrantBudgetSerializer(serializers.Serializer):
    """One grant's budget and forecast, from grants.budget.grant_budget (the page's figures)."""

    grant = serializers.IntegerField(source="grant.pk")
    reference = serializers.CharField(source="grant.reference")
    grant_amount = serializers.DecimalField(source="grant.amount", max_digits=14, decimal_places=2)
    budget_lines_amount = serializers.DecimalField(source="amount", max_digits=14, decimal_places=2)
    quarters_reported = serializers.IntegerField()
    actual_to_date = serializers.DecimalField(max_digits=14, decimal_places=2)
    variance_to_date = serializers.DecimalField(max_digits=14, decimal_places=2)
    forecast_outturn = serializers.DecimalField(max_digits=14, decimal_places=2)
    grant_forecast_outturn = serializers.DecimalField(max_digits=14, decimal_places=2)
    forecast_underspend = serializers.DecimalField(max_digits=14, decimal_places=2)
    recorded_quarters = serializers.ListField(child=serializers.IntegerField())
    lines = BudgetLineFiguresSerializer(many=True)

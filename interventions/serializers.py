"""API representations of the register. Writes go through services; whether an
intervention qualifies is read from the rules, never accepted as input."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnership.models import Quarter

from .models import Intervention, InterventionFunding, OutcomeBreakdown, QuarterlyOutcome
from .resources import parse_quarter, quarter_code


class FundingSerializer(serializers.ModelSerializer):
    financial_year = serializers.CharField(source="financial_year.label")

    class Meta:
        model = InterventionFunding
        fields = ["financial_year", "stream", "amount"]


class RatingSerializer(serializers.Serializer):
    approach = serializers.CharField(source="approach_name")
    impact = serializers.CharField()
    evidence_quality = serializers.IntegerField(allow_null=True)
    cost = serializers.IntegerField(allow_null=True)
    rated_on = serializers.DateField(allow_null=True)
    qualifies = serializers.BooleanField(help_text="Derived from the rating by the 30% rule; never typed in.")


class InterventionSerializer(serializers.ModelSerializer):
    provider = serializers.CharField(source="provider.name")
    provider_ref = serializers.CharField(source="provider.ref")
    districts = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    rating = RatingSerializer(source="*", read_only=True)
    funding = FundingSerializer(many=True, read_only=True)

    class Meta:
        model = Intervention
        fields = [
            "reference",
            "name",
            "description",
            "provider",
            "provider_ref",
            "districts",
            "status",
            "starts_on",
            "ends_on",
            "target_cohort",
            "rating",
            "funding",
            "evaluation_commissioned",
            "evaluator",
            "evaluation_status",
            "evaluation_url",
        ]
        read_only_fields = fields


@extend_schema_field({"type": "string", "example": "2024/25 Q1", "description": "A quarter, written as 2024/25 Q1."})
class QuarterField(serializers.Field):
    default_error_messages = {
        "invalid": "Write the quarter as 2024/25 Q1.",
        "unknown": "The portal has no such quarter.",
    }

    def to_representation(self, quarter):
        return quarter_code(quarter)

    def to_internal_value(self, data):
        key = parse_quarter(data)
        if key is None:
            self.fail("invalid")
        try:
            return Quarter.objects.select_related("financial_year").get(
                financial_year__start_year=key[0], number=key[1]
            )
        except Quarter.DoesNotExist:
            self.fail("unknown")


class BreakdownSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutcomeBreakdown
        fields = ["dimension", "category", "young_people", "adults"]


class OutcomeSerializer(serializers.ModelSerializer):
    """Counts only: the portal stores no personal data about the people supported."""

    intervention = serializers.SlugRelatedField(slug_field="reference", queryset=Intervention.objects.none())
    quarter = QuarterField()
    young_people = serializers.IntegerField(min_value=0)
    adults = serializers.IntegerField(min_value=0)
    workforce_trained = serializers.IntegerField(min_value=0)
    breakdowns = BreakdownSerializer(many=True, read_only=True)

    class Meta:
        model = QuarterlyOutcome
        fields = [
            "id",
            "intervention",
            "quarter",
            "young_people",
            "adults",
            "workforce_trained",
            "source",
            "breakdowns",
        ]
        read_only_fields = ["id", "source", "breakdowns"]

    def __init__(self, *args, visible_interventions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if visible_interventions is not None:
            self.fields["intervention"].queryset = visible_interventions
        if self.instance is not None and not isinstance(self.instance, (list, tuple)) and hasattr(self.instance, "pk"):
            # An outcome stays with its intervention and quarter; change the counts.
            self.fields["intervention"].read_only = True
            self.fields["quarter"].read_only = True


def as_drf_error(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)

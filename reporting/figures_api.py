"""The year's published figures through the API: /api/v1/figures/?year=2024.

Each figure comes from the registry (reporting/figure_registry.py), the same as
the compliance view, the panel report and the figures export."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from partnership.api_support.permissions import StaffOnly

from .figure_registry import FIGURES, as_text, figures_for_year
from .open_data.api import YEAR, _financial_year


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField(help_text="money (a string to the penny) or count (an integer).")
    value = serializers.JSONField(
        allow_null=True, help_text="Money as a string to the penny (never a float); a count as an integer."
    )


class YearFiguresSerializer(serializers.Serializer):
    financial_year = serializers.CharField()
    figures = FigureSerializer(many=True)


def figures_payload(year) -> dict:
    values = figures_for_year(year)
    return {
        "financial_year": year.label,
        "figures": [
            {"key": f.key, "title": f.title, "kind": f.kind, "value": as_text(f, values[f.key])} for f in FIGURES
        ],
    }


class YearFiguresView(APIView):
    permission_classes = [StaffOnly]
    access_description = "VRP staff only."

    @extend_schema(
        operation_id="figures_for_year",
        summary="Every figure the portal publishes for a financial year",
        description="Each figure by its registry key; docs/figures.md says what each counts and how it is rounded.",
        parameters=[YEAR],
        responses={200: YearFiguresSerializer},
        tags=["figures"],
    )
    def get(self, request):
        return Response(figures_payload(_financial_year(request)))


urlpatterns = [path("figures/", YearFiguresView.as_view(), name="figures")]

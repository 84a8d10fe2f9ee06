"""The 360Giving export through the API: /api/v1/open-data/360giving/?year=2024."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from partnership.api_support.permissions import StaffOnly
from partnership.content_types import XLSX
from partnership.models import FinancialYear

from . import package as open_data


class YearQuery(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=2000, max_value=2100, help_text="The financial year by the year it starts in: 2024 means 2024/25."
    )


YEAR = YearQuery


def _financial_year(request):
    query = YearQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    return get_object_or_404(FinancialYear, start_year=query.validated_data["year"])


class ThreeSixtyGivingJson(APIView):
    permission_classes = [StaffOnly]
    access_description = "VRP staff only."

    @extend_schema(
        operation_id="open_data_360giving_json",
        summary="The year's 360Giving data package (JSON)",
        description=(
            "Grants the VRP made to providers from its core budget in the year: one per publishable "
            "commissioned intervention, valid against the 360Giving Data Standard 1.4.3 package schema."
        ),
        parameters=[YEAR],
        responses={200: OpenApiTypes.OBJECT},
        tags=["open-data"],
    )
    def get(self, request):
        year = _financial_year(request)
        response = Response(open_data.package_360giving(year))
        response["Content-Disposition"] = f'inline; filename="{open_data.filename(year, "json")}"'
        return response


class ThreeSixtyGivingXlsx(APIView):
    permission_classes = [StaffOnly]
    access_description = "VRP staff only."

    @extend_schema(
        operation_id="open_data_360giving_xlsx",
        summary="The same grants as a spreadsheet in 360Giving's columns",
        parameters=[YEAR],
        responses={(200, XLSX): OpenApiTypes.BINARY},
        tags=["open-data"],
    )
    def get(self, request):
        year = _financial_year(request)
        response = HttpResponse(open_data.xlsx_360giving(open_data.package_360giving(year)), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{open_data.filename(year, "xlsx")}"'
        return response


urlpatterns = [
    path("open-data/360giving/", ThreeSixtyGivingJson.as_view(), name="open-data-360giving"),
    path("open-data/360giving/xlsx/", ThreeSixtyGivingXlsx.as_view(), name="open-data-360giving-xlsx"),
]

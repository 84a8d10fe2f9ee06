"""The staff page for the 360Giving export: pick a year, see what would be
published, download the JSON package or the spreadsheet."""

import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from partnership.access import staff_required
from partnership.content_types import XLSX
from partnership.models import FinancialYear

from ..figures import latest_year_with_data
from . import package as open_data


def _year_or_latest(request):
    years = list(FinancialYear.objects.order_by("-start_year"))
    try:
        chosen = int(request.GET.get("year", ""))
    except ValueError:  # absent, or not a whole number ("²" passes isdigit() but not int())
        return years, latest_year_with_data()  # not an empty year ahead
    return years, get_object_or_404(FinancialYear, start_year=chosen)


@staff_required
def open_data_index(request):
    years, year = _year_or_latest(request)
    package = open_data.package_360giving(year) if year else None
    return render(
        request,
        "reporting/open_data.html",
        {
            "years": years,
            "year": year,
            "package": package,
            "total": open_data.package_total(package) if package else None,
            "rows": [(grant, Decimal(str(grant["amountAwarded"]))) for grant in package["grants"]] if package else [],
        },
    )


@staff_required
def open_data_json(request, start_year):
    year = get_object_or_404(FinancialYear, start_year=start_year)
    body = json.dumps(open_data.package_360giving(year), indent=2, cls=DjangoJSONEncoder)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{open_data.filename(year, "json")}"'
    return response


@staff_required
def open_data_xlsx(request, start_year):
    year = get_object_or_404(FinancialYear, start_year=start_year)
    response = HttpResponse(open_data.xlsx_360giving(open_data.package_360giving(year)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{open_data.filename(year, "xlsx")}"'
    return response

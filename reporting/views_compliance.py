"""The live compliance view: is the partnership meeting the Home Office's conditions?
And the export of every figure the portal publishes for a year."""

from decimal import Decimal

import tablib
from django.http import Http404
from django.shortcuts import render

from partnership.access import staff_required
from partnership.exports import EXPORT_FORMATS, dataset_response
from partnership.models import FinancialYear

from .compliance import compliance_for_year
from .figure_registry import FIGURES, MONEY, as_text, figure_values
from .figures import latest_year_with_data


def compliance_year(start_year=None):
    """The year asked for, else the latest year with data (never an empty year ahead)."""
    if start_year:
        try:
            return FinancialYear.objects.get(start_year=int(start_year))
        except (ValueError, FinancialYear.DoesNotExist):
            raise Http404("No such financial year.") from None
    return latest_year_with_data()


@staff_required
def compliance(request):
    year = compliance_year(request.GET.get("year"))
    context = {"year": year, "years": FinancialYear.objects.order_by("-start_year")}
    if year:
        context["compliance"] = compliance_for_year(year)
    return render(request, "reporting/compliance.html", context)


@staff_required
def figures_export(request, fmt):
    """Every figure of the registry for the year, as CSV or XLSX (money as numbers in XLSX)."""
    if fmt not in EXPORT_FORMATS:
        raise Http404("No such format.")
    year = compliance_year(request.GET.get("year"))
    if year is None:
        raise Http404("No financial years are recorded yet.")
    values = figure_values(compliance_for_year(year).figures)
    dataset = tablib.Dataset(headers=["financial_year", "key", "figure", "value"])
    for figure in FIGURES:
        value = values[figure.key]
        carried = as_text(figure, value)
        cell = "" if carried is None else (Decimal(carried) if fmt == "xlsx" and figure.kind == MONEY else carried)
        dataset.append([year.label, figure.key, figure.title, cell])
    return dataset_response(dataset, fmt, f"figures-{year.start_year}")

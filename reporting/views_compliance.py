"""The live compliance view: is the partnership meeting the Home Office's conditions?"""
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from partnership import periods
from partnership.access import staff_required
from partnership.models import FinancialYear

from .compliance import compliance_for_year


def _year(request):
    years = FinancialYear.objects.order_by("-start_year")
    if request.GET.get("year"):
        try:
            return years.get(start_year=int(request.GET["year"]))
        except (ValueError, FinancialYear.DoesNotExist):
            raise Http404("No such financial year.")
    current = periods.financial_year_start_for(timezone.localdate())
    return years.filter(start_year__lte=current).first() or years.first()


@staff_required
def compliance(request):
    year = _year(request)
    context = {"year": year, "years": FinancialYear.objects.order_by("-start_year")}
    if year:
        context["compliance"] = compliance_for_year(year)
    return render(request, "reporting/compliance.html", context)

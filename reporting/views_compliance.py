"""The live compliance view: is the partnership meeting the Home Office's conditions?"""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from partnership import periods
from partnership.access import staff_required
from partnership.models import FinancialYear

from .compliance import compliance_for_year


def compliance_year(start_year=None):
    """The year asked for, else the current financial year (or the latest before it)."""
    years = FinancialYear.objects.order_by("-start_year")
    if start_year:
        try:
            return years.get(start_year=int(start_year))
        except (ValueError, FinancialYear.DoesNotExist):
            raise Http404("No such financial year.") from None
    current = periods.financial_year_start_for(timezone.localdate())
    return years.filter(start_year__lte=current).first() or years.first()


@staff_required
def compliance(request):
    year = compliance_year(request.GET.get("year"))
    context = {"year": year, "years": FinancialYear.objects.order_by("-start_year")}
    if year:
        context["compliance"] = compliance_for_year(year)
    return render(request, "reporting/compliance.html", context)

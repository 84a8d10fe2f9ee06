"""SVD spend to date per CSP against that CSP's own shares: the rows behind the
compliance line and the panel report's chart (docs/figures.md, svd_spend_to_date)."""

from django.http import Http404
from django.shortcuts import render

from partnership.access import staff_required
from svd import selectors


@staff_required
def spend_to_date(request):
    years = selectors.years_with_svd_data()
    wanted = request.GET.get("year")
    if wanted:
        chosen = next((y for y in years if str(y.start_year) == wanted), None)
        if chosen is None:
            raise Http404("No SVD money or returns are recorded for that year.")
    else:
        chosen = years[-1] if years else None
    spend = selectors.svd_spend_to_date(chosen) if chosen else None
    return render(request, "svd/returns/spend_to_date.html", {"years": years, "chosen": chosen, "spend": spend})

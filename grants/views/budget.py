"""The VRP's own budget for a grant: plan, actual spend and forecast by quarter."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from partnership import access
from partnership.access import staff_required
from partnership.edit_conflicts import StaleEdit
from partnership.pages import form_page

from .. import services
from ..budget import budget_lines_with_quarters, grant_budget
from ..budget_import import COLUMNS, budget_actuals_import
from ..forms import ActualsImportForm, BudgetActualsForm
from ..models import Grant


@staff_required
def grant_budget_page(request, pk):
    grant = access.get_visible_or_404(
        request.user, Grant.objects.select_related("funder", "period__financial_year"), pk=pk
    )
    return render(request, "grants/grant_budget.html", {"grant": grant, "budget": grant_budget(grant)})


@staff_required
def budget_actuals_edit(request, pk, line_pk):
    line = access.get_changeable_or_404(
        request.user, budget_lines_with_quarters().select_related("grant"), pk=line_pk, grant_id=pk
    )
    form = BudgetActualsForm(request.POST or None, line=line)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_actuals_save(line=line, by=request.user, version=form.edit_version, actuals=form.actuals)
        except StaleEdit as stale:
            form.show_conflict(stale)
        else:
            messages.success(request, f"Actual spend on {line.description} saved.")
            return redirect("grants:grant_budget", pk=pk)
    return form_page(
        request,
        form,
        title=f"Actual spend: {line.description}",
        caption=str(line.grant),
        intro=(
            "Enter what was spent on this line in each quarter, to the penny. "
            "Leave a quarter blank until it is reported."
        ),
        back_url=reverse("grants:grant_budget", args=[pk]),
    )


@staff_required
def budget_actuals_import_page(request, pk):
    grant = access.get_changeable_or_404(request.user, Grant.objects.all(), pk=pk)
    form = ActualsImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = budget_actuals_import(grant=grant, file=form.cleaned_data["file"], fmt=form.format, by=request.user)
        if result.ok:
            messages.success(request, f"Actual spend imported: {result.saved} rows saved.")
            return redirect("grants:grant_budget", pk=pk)
    context = {"grant": grant, "form": form, "result": result, "columns": COLUMNS}
    return render(request, "grants/budget_actuals_import.html", context, status=200)


@staff_required
@require_POST
def budget_forecast_record(request, pk):
    grant = access.get_changeable_or_404(request.user, Grant.objects.all(), pk=pk)
    try:
        quarter = int(request.POST.get("quarter", ""))
        services.budget_forecast_record(grant=grant, quarter=quarter, by=request.user)
    except ValueError as refused:  # ForecastNotReady, or a quarter that is not a number
        messages.error(request, str(refused) if isinstance(refused, services.ForecastNotReady) else "Choose a quarter.")
    else:
        messages.success(request, f"The Q{quarter} forecast is recorded.")
    return redirect("grants:grant_budget", pk=pk)

"""The register's pages. Access through partnership.access; writes through
services; reads through selectors."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from partnership import access
from partnership.edit_conflicts import StaleEdit
from partnership.exports import EXPORT_FORMATS, dataset_response, export_response
from partnership.models import FinancialYear, Role

from . import charts, imports, pending_imports, selectors, services
from .filters import InterventionFilter
from .forms import (
    BreakdownFormSet,
    FundingForm,
    ImportForm,
    InterventionForm,
    OutcomeForm,
    ProviderCreateForm,
    ToolkitApproachForm,
    breakdown_rows,
)
from .models import Intervention, InterventionFunding, PendingImport, QuarterlyOutcome, ToolkitApproach
from .resources import InterventionFundingResource, InterventionResource, QuarterlyOutcomeResource

PAGE_SIZE = 50
readers_required = access.role_required(Role.VRP_STAFF, Role.CSP_COORDINATOR)


def _filtered(request):
    """The visible interventions matching the query string's filters, and the filter."""
    visible = access.visible(request.user, Intervention.objects.all())
    register_filter = InterventionFilter(request.GET or None, queryset=visible)
    return register_filter.qs, register_filter


def _apply_error_dict(form, error: ValidationError):
    """Show a service's validation errors on the form's fields."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@readers_required
def intervention_list(request):
    interventions, register_filter = _filtered(request)
    chosen = register_filter.selector_arguments()
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    rows = selectors.intervention_list(
        interventions, financial_year=chosen["financial_year"], stream=chosen["stream"], sort=sort
    )
    totals = selectors.register_totals(interventions, financial_year=chosen["financial_year"], stream=chosen["stream"])
    page = selectors.intervention_page(rows, request.GET.get("page"), per_page=PAGE_SIZE, count=totals.count)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    for field in register_filter.form.fields.values():
        field.widget.attrs["class"] = "govuk-select"
    return render(
        request,
        "interventions/intervention_list.html",
        {
            "page": page,
            "filter": register_filter,
            "totals": totals,
            "sort": sort,
            "query": query.urlencode(),
            "sorts": [("name", "Name"), ("provider", "Provider"), ("status", "Status"), ("amount", "Amount")],
            "is_staff": access.is_vrp_staff(request.user),
        },
    )


@readers_required
def outcome_list(request):
    """The quarterly outcome rows behind the outcome figures, with their totals:
    ?year=2024 for one financial year, ?up_to_quarter=3 for its quarters 1 to 3."""
    year = None
    if request.GET.get("year"):
        try:
            year = FinancialYear.objects.get(start_year=int(request.GET["year"]))
        except (ValueError, FinancialYear.DoesNotExist):
            raise Http404("No such financial year.") from None
    up_to_quarter = request.GET.get("up_to_quarter", "4")
    if up_to_quarter not in ("1", "2", "3", "4"):
        raise Http404("A year has quarters 1 to 4.")
    up_to_quarter = int(up_to_quarter)
    outcomes = selectors.outcomes_up_to_quarter(
        access.visible(request.user, QuarterlyOutcome.objects.all()), financial_year=year, up_to_quarter=up_to_quarter
    )
    totals = selectors.outcome_rows_total(outcomes)
    page = Paginator(outcomes, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "totals": totals, "year": year, "up_to_quarter": up_to_quarter, "query": query.urlencode()}
    return render(request, "interventions/outcome_list.html", context)


@readers_required
def intervention_detail(request, reference):
    intervention = access.get_visible_or_404(
        request.user, selectors.intervention_detail_queryset(), reference=reference
    )
    outcomes = selectors.intervention_outcomes(intervention)
    return render(
        request,
        "interventions/intervention_detail.html",
        {
            "intervention": intervention,
            "funding": selectors.intervention_funding_by_year(intervention),
            "outcomes": outcomes,
            "chart": charts.outcomes_chart(outcomes, title=f"Outcomes by quarter for {intervention.name}")
            if outcomes
            else None,
            "may_change": access.can_change(request.user, intervention),
            "may_record_outcomes": access.can_add_under(request.user, QuarterlyOutcome, intervention),
        },
    )


@access.staff_required
@require_http_methods(["GET", "POST"])
def intervention_create(request):
    form = InterventionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            intervention = services.intervention_create(by=request.user, **form.service_arguments())
        except ValidationError as error:
            _apply_error_dict(form, error)
        else:
            messages.success(request, f"{intervention.name} added to the register.")
            return redirect("interventions:intervention_detail", reference=intervention.reference)
    return render(request, "interventions/intervention_form.html", {"form": form, "title": "Add an intervention"})


@access.staff_required
@require_http_methods(["GET", "POST"])
def intervention_edit(request, reference):
    intervention = access.get_changeable_or_404(request.user, Intervention.objects.all(), reference=reference)
    form = InterventionForm(request.POST or None, instance=intervention)
    if request.method == "POST" and form.is_valid():
        try:
            intervention = services.intervention_update(
                intervention=intervention, by=request.user, version=form.edit_version, **form.service_arguments()
            )
        except StaleEdit as stale:
            form.show_conflict(stale)
        except ValidationError as error:
            _apply_error_dict(form, error)
        else:
            messages.success(request, f"{intervention.name} updated.")
            return redirect("interventions:intervention_detail", reference=intervention.reference)
    return render(
        request,
        "interventions/intervention_form.html",
        {"form": form, "title": f"Change {intervention.name}", "intervention": intervention},
        status=409 if form.conflict else 200,
    )


@access.staff_required
@require_http_methods(["GET", "POST"])
def funding_edit(request, reference):
    intervention = access.get_changeable_or_404(request.user, Intervention.objects.all(), reference=reference)
    form = FundingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.intervention_funding_set(intervention=intervention, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_error_dict(form, error)
        else:
            messages.success(request, "Funding saved.")
            return redirect("interventions:intervention_detail", reference=intervention.reference)
    return render(request, "interventions/funding_form.html", {"form": form, "intervention": intervention})


@readers_required
@require_http_methods(["GET", "POST"])
def outcome_enter(request, reference):
    intervention = access.get_visible_or_404(request.user, Intervention.objects.all(), reference=reference)
    if not access.can_add_under(request.user, QuarterlyOutcome, intervention):
        raise PermissionDenied("You cannot enter outcomes for this intervention.")
    held = selectors.intervention_outcome_for(intervention, request.GET.get("quarter"))
    initial = {"quarter": request.GET.get("quarter")}
    breakdown_initial = []
    if held is not None:
        initial.update(young_people=held.young_people, adults=held.adults, workforce_trained=held.workforce_trained)
        breakdown_initial = [
            {"dimension": b.dimension, "category": b.category, "young_people": b.young_people, "adults": b.adults}
            for b in held.breakdowns.all()
        ]
    form = OutcomeForm(request.POST or None, initial=initial)
    breakdowns = BreakdownFormSet(request.POST or None, prefix="breakdown", initial=breakdown_initial or None)
    if request.method == "POST" and form.is_valid() and breakdowns.is_valid():
        try:
            services.outcome_record(
                intervention=intervention, by=request.user, breakdowns=breakdown_rows(breakdowns), **form.cleaned_data
            )
        except ValidationError as error:
            _apply_error_dict(form, error)
        else:
            messages.success(request, f"Outcomes for {form.cleaned_data['quarter'].label} saved.")
            return redirect("interventions:intervention_detail", reference=intervention.reference)
    return render(
        request,
        "interventions/outcome_form.html",
        {"form": form, "breakdowns": breakdowns, "intervention": intervention},
    )


@readers_required
def export(request, kind, fmt):
    """Download what the user may see, filtered as on the list page."""
    if fmt not in EXPORT_FORMATS or kind not in ("interventions", "outcomes", "funding"):
        raise Http404("No such export.")
    interventions, _ = _filtered(request)
    if kind == "interventions":
        resource, queryset = InterventionResource(), selectors.intervention_list(interventions)
    elif kind == "funding":
        funding = access.visible(
            request.user, InterventionFunding.objects.filter(intervention__in=interventions.values("pk"))
        )
        resource, queryset = InterventionFundingResource(), funding.select_related("intervention", "financial_year")
    else:
        outcomes = access.visible(
            request.user, QuarterlyOutcome.objects.filter(intervention__in=interventions.values("pk"))
        )
        resource, queryset = QuarterlyOutcomeResource(), selectors.outcome_list(outcomes)
    return export_response(resource, queryset, fmt, kind)


@access.staff_required
def import_template(request, kind, fmt):
    if fmt not in EXPORT_FORMATS or kind not in imports.RESOURCES:
        raise Http404("No such template.")
    if fmt == "xlsx":
        return dataset_response(imports.template_book(kind), fmt, f"{kind}-template")
    return dataset_response(imports.template_dataset(kind), fmt, f"{kind}-template")


@access.staff_required
@require_http_methods(["GET", "POST"])
def import_page(request):
    """Step 1: upload and check (a dry run). Step 2: confirm, which imports the
    same file whole or not at all, once, from whichever replica the POST reaches."""
    if request.method == "POST" and "confirm" in request.POST:
        return _import_confirm(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = pending = None
    if request.method == "POST" and form.is_valid():
        pending_imports.pending_imports_remove_expired()
        report, pending = pending_imports.pending_import_check(
            kind=form.cleaned_data["kind"], fmt=form.format, upload=form.cleaned_data["file"], by=request.user
        )
        if report.file_error:  # not a table of rows at all: say so next to the field
            form.add_error("file", report.file_error)
            report = None
    return render(request, "interventions/import.html", _import_context(form, report, pending))


def _import_context(form, report, pending=None):
    from .import_templates import allowed_values

    new_providers = [
        ProviderCreateForm(initial={"name": name}) for name in (report.unknown_providers if report else [])
    ]
    return {
        "form": form,
        "report": report,
        "pending": pending,
        "new_providers": new_providers,
        "allowed": {
            kind: allowed_values(kind, imports.RESOURCES[kind].TEMPLATE_HEADERS)
            for kind in ("interventions", "outcomes")
        },
    }


def _import_confirm(request):
    try:
        token = uuid.UUID(request.POST["confirm"])
    except ValueError:
        token = None
    # Someone else's check is as unknown as one that never was.
    pending = access.visible(request.user, PendingImport.objects.filter(pk=token)).first() if token else None
    try:
        if pending is None:
            raise pending_imports.ImportNotPending(pending_imports.EXPIRED)
        report = pending_imports.pending_import_confirm(pending=pending, by=request.user)
    except pending_imports.ImportNotPending as refused:
        messages.error(request, str(refused))
        return redirect("interventions:import")
    if not report.saved:
        return render(request, "interventions/import.html", _import_context(ImportForm(), report))
    messages.success(request, f"Imported: {report.new} new, {report.changed} changed, {report.unchanged} unchanged.")
    return redirect(reverse("interventions:intervention_list"))


@access.staff_required
@require_POST
def import_provider_create(request):
    """Create a provider an import file names but the portal lacks, then check the file again."""
    from partnership.services import provider_create

    form = ProviderCreateForm(request.POST)
    if form.is_valid():
        provider = provider_create(
            name=form.cleaned_data["name"],
            sector=form.cleaned_data["provider_sector"],
            district=form.cleaned_data["district"],
        )
        messages.success(request, f"Provider {provider.name} added (reference {provider.ref}). Upload the file again.")
    else:
        problems = "; ".join(message for messages_ in form.errors.values() for message in messages_)
        messages.error(request, f"The provider was not added: {problems}.")
    return redirect("interventions:import")


@access.staff_required
def toolkit_list(request):
    return render(request, "interventions/toolkit_list.html", {"approaches": selectors.toolkit_approaches()})


@access.staff_required
@require_http_methods(["GET", "POST"])
def toolkit_edit(request, pk=None):
    approach = access.get_changeable_or_404(request.user, ToolkitApproach.objects.all(), pk=pk) if pk else None
    form = ToolkitApproachForm(request.POST or None, instance=approach)
    if request.method == "POST" and form.is_valid():
        try:
            services.toolkit_approach_save(approach=form.instance, by=request.user)
        except ValidationError as error:
            _apply_error_dict(form, error)
        else:
            messages.success(request, f"{form.instance.name} saved.")
            return redirect("interventions:toolkit_list")
    title = f"Change {approach.name}" if approach else "Add a YEF Toolkit approach"
    return render(request, "interventions/toolkit_form.html", {"form": form, "title": title})

"""Grant pages: list, create, edit, conditions, budget lines, documents, history, exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from partnership import access
from partnership.access import staff_required
from partnership.exports import EXPORT_FORMATS, export_response
from partnership.pages import form_page

from .. import selectors, services
from ..forms import BudgetLineForm, GrantConditionsForm, GrantForm, UploadForm
from ..models import BudgetLine, Grant, GrantConditions, GrantDocument
from ..resources import GrantResource
from .common import stored_file_response


@staff_required
def grant_list(request):
    grants = list(selectors.grants_visible_to(request.user))
    return render(request, "grants/grant_list.html", {"grants": grants})


@staff_required
def grant_create(request):
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grant = services.grant_create(by=request.user, **form.cleaned_data)
        messages.success(request, f"Grant {grant.reference} added.")
        return redirect("grants:grant_detail", pk=grant.pk)
    return form_page(request, form, title="Add a grant", back_url=reverse("grants:grant_list"))


@staff_required
def grant_detail(request, pk):
    grant = selectors.grant_detail(request.user, pk)
    conditions = GrantConditions.objects.filter(grant=grant).first()
    return render(
        request,
        "grants/grant_detail.html",
        {"grant": grant, "conditions": conditions, "budget": selectors.budget_allocation(grant)},
    )


@staff_required
def grant_edit(request, pk):
    grant = access.get_changeable_or_404(request.user, Grant.objects.all(), pk=pk)
    form = GrantForm(request.POST or None, instance=grant)
    if request.method == "POST" and form.is_valid():
        services.grant_update(grant=grant, by=request.user, **form.cleaned_data)
        messages.success(request, "Grant saved.")
        return redirect("grants:grant_detail", pk=grant.pk)
    return form_page(
        request, form, title="Change the grant", caption=str(grant), back_url=reverse("grants:grant_detail", args=[pk])
    )


@staff_required
def grant_conditions_edit(request, pk):
    grant = access.get_changeable_or_404(request.user, Grant.objects.all(), pk=pk)
    instance = GrantConditions.objects.filter(grant=grant).first() or GrantConditions(grant=grant)
    form = GrantConditionsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.grant_conditions_save(grant=grant, by=request.user, **form.cleaned_data)
        messages.success(request, "Conditions saved.")
        return redirect("grants:grant_detail", pk=grant.pk)
    return form_page(
        request,
        form,
        title="Conditions on the grant",
        caption=str(grant),
        back_url=reverse("grants:grant_detail", args=[pk]),
    )


@staff_required
def grant_history(request, pk):
    grant = access.get_visible_or_404(request.user, Grant.objects.all(), pk=pk)
    return render(request, "grants/grant_history.html", {"grant": grant, "changes": selectors.grant_history(grant)})


@staff_required
def budget_line_create(request, pk):
    grant = access.get_changeable_or_404(request.user, Grant.objects.all(), pk=pk)
    form = BudgetLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.budget_line_create(by=request.user, grant=grant, **form.cleaned_data)
        _warn_if_over_allocated(request, grant)
        return redirect("grants:grant_detail", pk=grant.pk)
    return form_page(
        request, form, title="Add a budget line", caption=str(grant), back_url=reverse("grants:grant_detail", args=[pk])
    )


@staff_required
def budget_line_edit(request, pk, line_pk):
    line = access.get_changeable_or_404(
        request.user, BudgetLine.objects.select_related("grant"), pk=line_pk, grant_id=pk
    )
    form = BudgetLineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        services.budget_line_update(line=line, by=request.user, **form.cleaned_data)
        _warn_if_over_allocated(request, line.grant)
        return redirect("grants:grant_detail", pk=pk)
    return form_page(
        request,
        form,
        title="Change the budget line",
        caption=str(line.grant),
        back_url=reverse("grants:grant_detail", args=[pk]),
    )


def _warn_if_over_allocated(request, grant):
    """Over-allocation is a warning, not a block (docs/decisions/0100)."""
    budget = selectors.budget_allocation(grant)
    if budget.headroom_before_interventions < 0:
        messages.warning(request, "Budget line saved, but the budget lines now add up to more than the grant.")
    else:
        messages.success(request, "Budget line saved.")


@staff_required
def grant_document_upload(request, pk):
    grant = access.get_changeable_or_404(request.user, Grant.objects.all(), pk=pk)
    form = UploadForm(request.POST or None, request.FILES or None, with_title=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_document_attach(
                grant=grant, title=form.cleaned_data["title"], uploaded=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, "Document uploaded.")
            return redirect("grants:grant_detail", pk=grant.pk)
    return form_page(
        request,
        form,
        title="Upload a supporting document",
        caption=str(grant),
        multipart=True,
        back_url=reverse("grants:grant_detail", args=[pk]),
    )


@staff_required
def grant_document_download(request, pk, document_pk):
    document = access.get_visible_or_404(request.user, GrantDocument.objects.all(), pk=document_pk, grant_id=pk)
    return stored_file_response(document)


@staff_required
def grant_export(request, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404("No such format.")
    return export_response(GrantResource(), selectors.grants_visible_to(request.user), fmt, "grants")

"""SVD allocation pages: staff manage allocations, recipients and shares; a CSP
coordinator sees only their own CSP's shares."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from partnership import access
from partnership.access import role_required, staff_required
from partnership.edit_conflicts import StaleEdit
from partnership.exports import EXPORT_FORMATS, export_response
from partnership.models import FinancialYear, Role
from partnership.pages import form_page

from . import selectors, services
from .forms import AllocationForm, RecipientForm, SharesOverrideForm
from .models import Stream, SvdAllocation, SvdRecipient
from .resources import SvdShareResource, SvdShareStaffResource


@staff_required
def allocation_list(request):
    """Every allocation, or one financial year's (?year=2024), with the totals of those listed."""
    allocations = selectors.allocations_visible_to(request.user)
    year = None
    if request.GET.get("year"):
        try:
            year = FinancialYear.objects.get(start_year=int(request.GET["year"]))
        except (ValueError, FinancialYear.DoesNotExist):
            raise Http404("No such financial year.") from None
        allocations = allocations.filter(period__financial_year=year)
    allocations = list(allocations)
    totals = selectors.AllocationTotals.of(allocations)
    return render(request, "svd/allocation_list.html", {"allocations": allocations, "year": year, "totals": totals})


@staff_required
def allocation_create(request):
    form = AllocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allocation = services.svd_allocation_save(allocation=form.instance, by=request.user)
        messages.success(request, "Allocation added. Now name its recipients.")
        return redirect("svd:allocation_detail", pk=allocation.pk)
    return form_page(request, form, title="Add an SVD allocation", back_url=reverse("svd:allocation_list"))


@staff_required
def allocation_edit(request, pk):
    allocation = access.get_changeable_or_404(request.user, SvdAllocation.objects.all(), pk=pk)
    form = AllocationForm(request.POST or None, instance=allocation)
    if request.method == "POST" and form.is_valid():
        try:
            services.svd_allocation_save(allocation=form.instance, by=request.user, version=form.edit_version)
        except StaleEdit as stale:
            form.show_conflict(stale)
        else:
            messages.success(request, "Allocation saved. If the amounts changed, split the shares again.")
            return redirect("svd:allocation_detail", pk=pk)
    return form_page(
        request,
        form,
        title="Change the allocation",
        caption=str(allocation),
        back_url=reverse("svd:allocation_detail", args=[pk]),
    )


@staff_required
def allocation_detail(request, pk):
    allocation = selectors.allocation_detail(request.user, pk)
    return render(
        request,
        "svd/allocation_detail.html",
        {
            "allocation": allocation,
            "streams": selectors.shares_by_stream(allocation),
            "recipient_form": RecipientForm(allocation=allocation),
        },
    )


@staff_required
@require_POST
def allocation_split(request, pk):
    allocation = access.get_changeable_or_404(request.user, SvdAllocation.objects.all(), pk=pk)
    try:
        services.svd_allocation_split(allocation=allocation, by=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Shares split equally among the recipients, in their stated order.")
    return redirect("svd:allocation_detail", pk=pk)


@staff_required
@require_POST
def recipient_add(request, pk):
    allocation = access.get_changeable_or_404(request.user, SvdAllocation.objects.all(), pk=pk)
    form = RecipientForm(request.POST, allocation=allocation)
    if form.is_valid():
        services.svd_recipient_add(
            allocation=allocation, organisation=form.cleaned_data["organisation"], by=request.user
        )
        messages.success(request, "Recipient added. Split the shares again to include them.")
        return redirect("svd:allocation_detail", pk=pk)
    return form_page(
        request,
        form,
        title="Add a recipient",
        caption=str(allocation),
        back_url=reverse("svd:allocation_detail", args=[pk]),
    )


@staff_required
@require_POST
def recipient_remove(request, pk, recipient_pk):
    recipient = access.get_changeable_or_404(
        request.user, SvdRecipient.objects.all(), pk=recipient_pk, allocation_id=pk
    )
    services.svd_recipient_remove(recipient=recipient, by=request.user)
    messages.success(request, "Recipient removed. Split the shares again to share out their part.")
    return redirect("svd:allocation_detail", pk=pk)


@staff_required
def shares_override(request, pk, stream):
    if stream not in Stream.values:
        raise Http404("No such stream.")
    allocation = access.get_changeable_or_404(request.user, SvdAllocation.objects.all(), pk=pk)
    shares = list(allocation.shares.filter(stream=stream).select_related("recipient").order_by("position"))
    if not shares:
        raise Http404("This allocation has no shares to change yet.")
    form = SharesOverrideForm(
        request.POST or None, allocation=allocation, stream=stream, shares=shares, by=request.user
    )
    if request.method == "POST" and form.is_valid() and form.save() is not None:
        messages.success(request, "Shares changed. The override and its reason are recorded.")
        return redirect("svd:allocation_detail", pk=pk)
    return form_page(
        request,
        form,
        title=f"Change the {Stream(stream).label.lower()} shares",
        caption=f"{allocation}: {Stream(stream).label} {allocation.amount_for(stream):,.2f}",
        back_url=reverse("svd:allocation_detail", args=[pk]),
    )


@role_required(Role.CSP_COORDINATOR)
def my_shares(request):
    """A coordinator's own CSP's shares of each period's SVD money, and nothing else."""
    shares = list(selectors.shares_visible_to(request.user))
    return render(request, "svd/my_shares.html", {"shares": shares, "csp_names": request.user.csp_names})


@role_required(Role.VRP_STAFF, Role.CSP_COORDINATOR)
def share_export(request, fmt):
    """Every share the user may see: a coordinator gets only their own CSP's,
    without the staff-only override details."""
    if fmt not in EXPORT_FORMATS:
        raise Http404("No such format.")
    resource = SvdShareStaffResource() if access.is_vrp_staff(request.user) else SvdShareResource()
    return export_response(resource, selectors.shares_visible_to(request.user), fmt, "svd-shares")

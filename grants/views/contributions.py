"""Match-funding pages: progress against the requirement, contributions, evidence, exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from partnership import access
from partnership.access import staff_required
from partnership.edit_conflicts import StaleEdit
from partnership.exports import EXPORT_FORMATS, export_response
from partnership.models import FinancialYear
from partnership.money import ZERO
from partnership.pages import form_page

from .. import selectors, services
from ..forms import MatchContributionForm, UploadForm
from ..models import ContributionStatus, EvidenceFile, MatchContribution
from ..resources import MatchContributionResource
from .common import stored_file_response


def chosen_year(request):
    """?year=2024 picks the financial year; otherwise the latest year with contributions (or the latest year)."""
    years = FinancialYear.objects.order_by("-start_year")
    if request.GET.get("year"):
        try:
            return years.get(start_year=int(request.GET["year"]))
        except (ValueError, FinancialYear.DoesNotExist):
            raise Http404("No such financial year.") from None
    return years.filter(match_contributions__isnull=False).first() or years.first()


STATUS_LABELS = {**dict(ContributionStatus.choices), selectors.SECURED: "Secured (confirmed or evidenced)"}


@staff_required
def contribution_list(request):
    """The year's contributions, all or of one status (?status=pledged, or
    ?status=secured for those the requirement counts), with the total of those listed."""
    year = chosen_year(request)
    status = request.GET.get("status") or None
    if status not in (None, *selectors.STATUS_FILTERS):
        raise Http404("No such status.")
    contributions = list(selectors.contributions_visible_to(request.user, year, status)) if year else []
    progress = selectors.match_funding_progress(year) if year else None
    return render(
        request,
        "grants/contribution_list.html",
        {
            "year": year,
            "years": FinancialYear.objects.order_by("-start_year"),
            "contributions": contributions,
            "total": sum((c.value for c in contributions), ZERO),
            "progress": progress,
            "status": status,
            "status_label": STATUS_LABELS.get(status, ""),
            "statuses": [(key, STATUS_LABELS[key]) for key in selectors.STATUS_FILTERS],
        },
    )


@staff_required
def contribution_create(request):
    form = MatchContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contribution = services.contribution_create(by=request.user, **form.cleaned_data)
        messages.success(request, "Contribution added.")
        return redirect("grants:contribution_detail", pk=contribution.pk)
    return form_page(request, form, title="Add a match contribution", back_url=reverse("grants:contribution_list"))


@staff_required
def contribution_detail(request, pk):
    contribution = access.get_visible_or_404(
        request.user, MatchContribution.objects.select_related("partner", "financial_year"), pk=pk
    )
    evidence = contribution.evidence.select_related("uploaded_by").order_by("-uploaded_at")
    return render(
        request,
        "grants/contribution_detail.html",
        {
            "contribution": contribution,
            "evidence": evidence,
            "changes": selectors.history_of(contribution, label="Contribution"),
        },
    )


@staff_required
def contribution_edit(request, pk):
    contribution = access.get_changeable_or_404(request.user, MatchContribution.objects.all(), pk=pk)
    form = MatchContributionForm(request.POST or None, instance=contribution)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_update(
                contribution=contribution, by=request.user, version=form.edit_version, **form.cleaned_data
            )
        except StaleEdit as stale:
            form.show_conflict(stale)
        else:
            messages.success(request, "Contribution saved.")
            return redirect("grants:contribution_detail", pk=pk)
    return form_page(
        request,
        form,
        title="Change the contribution",
        caption=str(contribution.partner),
        back_url=reverse("grants:contribution_detail", args=[pk]),
    )


@staff_required
def evidence_upload(request, pk):
    contribution = access.get_changeable_or_404(request.user, MatchContribution.objects.all(), pk=pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_attach(contribution=contribution, uploaded=form.cleaned_data["file"], by=request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, "Evidence uploaded.")
            return redirect("grants:contribution_detail", pk=pk)
    return form_page(
        request,
        form,
        title="Upload evidence",
        caption=str(contribution.partner),
        multipart=True,
        back_url=reverse("grants:contribution_detail", args=[pk]),
    )


@staff_required
def evidence_download(request, pk, evidence_pk):
    evidence = access.get_visible_or_404(request.user, EvidenceFile.objects.all(), pk=evidence_pk, contribution_id=pk)
    return stored_file_response(evidence)


@staff_required
def contribution_export(request, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404("No such format.")
    year = chosen_year(request) if request.GET.get("year") else None
    return export_response(
        MatchContributionResource(), selectors.contributions_visible_to(request.user, year), fmt, "match-contributions"
    )

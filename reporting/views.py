"""Panel report pages: the list, a report's page with its live status, the
narrative editor, Generate / Publish / New version, and permission-checked downloads."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from partnership import access, content_types
from partnership.access import signed_in_required, staff_required
from partnership.edit_conflicts import StaleEdit
from partnership.models import Partnership
from partnership.wording import wording

from . import selectors, services
from .forms import ReportCreateForm, ReportEditForm
from .models import PanelReport, ReportStatus


@signed_in_required
def report_list(request):
    reports = selectors.reports_visible_to(request.user)
    return render(
        request, "reporting/report_list.html", {"reports": reports, "is_staff": access.is_vrp_staff(request.user)}
    )


@staff_required
def report_create(request):
    previous = selectors.latest_report()
    form = ReportCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = services.report_create(
            **{k: form.cleaned_data[k] for k in ("title", "meeting_date", "financial_year", "up_to_quarter")},
            by=request.user,
            copy_narrative_from=previous if form.cleaned_data["copy_previous"] else None,
        )
        messages.success(request, "Report created. Check the narrative, then generate the PDF.")
        return redirect("reporting:report_detail", pk=report.pk)
    return render(request, "reporting/report_form.html", {"form": form, "previous": previous})


@signed_in_required
def report_detail(request, pk):
    report = selectors.report_visible_or_404(request.user, pk)
    is_staff = access.is_vrp_staff(request.user)
    versions = [v for v in selectors.report_versions(report) if access.can_view(request.user, v)]
    context = {"report": report, "is_staff": is_staff, "versions": versions}
    if is_staff:
        context["downloads"] = selectors.downloads_of(report)[:20]
    return render(request, "reporting/report_detail.html", context)


@staff_required
def report_edit(request, pk):
    report = access.get_changeable_or_404(request.user, PanelReport.objects.all(), pk=pk)
    if not report.is_editable:
        messages.info(request, f"A {report.get_status_display().lower()} report cannot be changed.")
        return redirect("reporting:report_detail", pk=report.pk)
    form = ReportEditForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(report=report, data=form.cleaned_data, by=request.user, version=form.edit_version)
        except StaleEdit as stale:
            form.show_conflict(stale)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Narrative saved. Generate the PDF again to include it.")
            return redirect("reporting:report_detail", pk=report.pk)
    status = 409 if form.conflict else 200
    return render(request, "reporting/report_edit.html", {"form": form, "report": report}, status=status)


@staff_required
@require_POST
def report_generate(request, pk):
    report = access.get_changeable_or_404(request.user, PanelReport.objects.all(), pk=pk)
    try:
        generation = services.report_generation_request(report=report, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if generation.queued is False:
            messages.warning(request, services.BROKER_UNREACHABLE)
        else:
            messages.success(request, "The report is queued. This page shows its progress.")
    return redirect("reporting:report_detail", pk=report.pk)


@staff_required
def report_publish(request, pk):
    """A confirmation page first: publishing is final and reaches every member of the reporting body."""
    report = access.get_changeable_or_404(request.user, PanelReport.objects.all(), pk=pk)
    if request.method != "POST":
        if report.status != ReportStatus.READY:
            messages.info(request, "Only a generated report that is ready can be published.")
            return redirect("reporting:report_detail", pk=report.pk)
        return render(request, "reporting/report_publish_confirm.html", {"report": report})
    try:
        services.report_publish(report=report, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        reports_to = wording(Partnership.current())["reports_to"]
        messages.success(request, f"Published. Members of the {reports_to} and CSP coordinators can now download it.")
    return redirect("reporting:report_detail", pk=report.pk)


@staff_required
@require_POST
def report_new_version(request, pk):
    report = access.get_changeable_or_404(request.user, PanelReport.objects.all(), pk=pk)
    try:
        correction = services.report_new_version(report=report, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reporting:report_detail", pk=report.pk)
    messages.success(
        request, f"Version {correction.version} created from version {report.version}. Edit it, then generate it."
    )
    return redirect("reporting:report_detail", pk=correction.pk)


@signed_in_required
def report_status(request, pk):
    """JSON for static/js/report-status.js: the page updates without a reload."""
    report = selectors.report_visible_or_404(request.user, pk)
    return JsonResponse(
        {
            "status": report.status,
            "stage": report.stage,
            "label": status_label(report),
            "failure_reason": report.failure_reason,
            "finished": report.status != ReportStatus.GENERATING,
            "download_url": reverse("reporting:report_download", args=[report.pk, "pdf"]) if report.pdf else "",
        }
    )


def status_label(report) -> str:
    return {
        "queued": "Queued: waiting for the report generator",
        "rendering": "Rendering the PDF",
        ReportStatus.DRAFT: "Draft",
        ReportStatus.READY: "Ready to publish",
        ReportStatus.FAILED: "Failed",
        ReportStatus.PUBLISHED: "Published",
    }[report.stage]


@signed_in_required
def report_download(request, pk, fmt):
    """The only way to a report's files: the access policy decides, and every download is logged."""
    report = selectors.report_visible_or_404(request.user, pk)
    field = {"pdf": report.pdf, "html": report.html}.get(fmt)
    if not field:
        raise Http404("No such file.")
    services.report_download_record(report=report, user=request.user, format=fmt)
    filename = f"{report.title} v{report.version}.{fmt}".replace("/", "-")
    response = FileResponse(
        field.open("rb"),
        as_attachment=fmt == "pdf",
        filename=filename,
        content_type=content_types.PDF if fmt == "pdf" else content_types.HTML,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    if fmt == "html":
        # The twin is our own render, but never let it run anything in the portal's origin.
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return response

"""Quarterly return pages: the list, the task list, the two annexes, check your
answers, and the reviewer's actions. Rules are in svd.returns (validation and
services); access is asked of partnership.access through the selectors."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnership import access, content_types
from partnership.access import role_required, staff_required
from partnership.models import FinancialYear, Role

from . import conversation, forms, history, selectors, services, validation, xlsx
from .models import Progress

RETURNS_PER_PAGE = 50

returns_users = role_required(Role.VRP_STAFF, Role.CSP_COORDINATOR)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _shown(value):
    return "" if value is None else str(value)


def _rows(lines, fields, annex, posted, problems, previous=None):
    """Each line with each field's input name, value and error, for the annex page."""
    errors = {(p.line_id, p.field): p.text for p in problems}
    rows = []
    for line in lines:
        cells = {}
        for field in fields:
            name = f"{annex}-{line.pk}-{field}"
            value = posted.get(name, "") if posted is not None else _shown(getattr(line, field))
            error = errors.get((line.pk, field))
            cells[field] = {"name": name, "label": validation.LABELS[field], "value": value, "error": error}
        rows.append({"line": line, "cells": cells, "spend_to_date": _spend_to_date(line, cells, previous)})
    return rows


def _spend_to_date(line, cells, previous):
    """Annex A's spend to date as the page shows it: the previous approved spend
    to date plus spend this quarter as typed (None until that is an amount)."""
    if "spend_this_quarter" not in cells or previous is None:
        return None
    try:
        this_quarter = validation.parse_money(cells["spend_this_quarter"]["value"], "spend_this_quarter")
    except validation.FieldError:
        return None
    if this_quarter is None:
        return None
    return previous.get(line.funding_line, validation.ZERO) + this_quarter


def _raw(post, lines, fields, annex):
    return {line.pk: {field: post.get(f"{annex}-{line.pk}-{field}", "") for field in fields} for line in lines}


def _return_to_change(
    request,
    pk,
    *,
    refused="You cannot change this return.",
    submitted="This return has been submitted, so it cannot be changed.",
):
    """The return, if the user may change it now: another CSP's is a 404, one the
    user may not change a 403. A submitted one is None, with a message saying why,
    and the caller sends the user back to the return."""
    quarterly_return = selectors.return_with_lines(request.user, pk)
    if not access.can_change(request.user, quarterly_return):
        raise PermissionDenied(refused)
    if not quarterly_return.is_editable:
        messages.info(request, submitted)
        return None
    return quarterly_return


@returns_users
def return_list(request):
    """Newest quarter first, a page at a time: at national scale there are thousands.
    Opens the current quarter's returns first if they are not open yet (no beat needed)."""
    services.returns_open_when_due(day=timezone.localdate())
    page = Paginator(selectors.returns_visible_to(request.user), RETURNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "svd/returns/return_list.html", {"page": page, "today": timezone.localdate()})


@returns_users
def return_detail(request, pk):
    return return_detail_page(request, selectors.return_with_lines(request.user, pk))


def return_detail_page(request, quarterly_return, *, reply_form=None, status=200):
    """The return's page; also shown again with a reply that needs fixing."""
    context = {
        "r": quarterly_return,
        "today": timezone.localdate(),
        "can_edit": quarterly_return.is_editable and access.can_change(request.user, quarterly_return),
        "is_staff": access.is_vrp_staff(request.user),
        "statuses": selectors.annex_statuses(quarterly_return),
        "previous": selectors.previous_spend_to_date(quarterly_return),
        "thread": conversation.thread(quarterly_return),
        "reply_form": reply_form or forms.ReplyForm(),
        "changed": conversation.changes_since_last_submission(quarterly_return),
    }
    return render(request, "svd/returns/return_detail.html", context, status=status)


@returns_users
def return_history(request, pk):
    """Every change to the return's values, filterable by annex, line and person."""
    quarterly_return = selectors.return_with_lines(request.user, pk)
    wanted = {key: request.GET.get(key, "") for key in ("annex", "line", "person")}
    found = history.history_page(quarterly_return, page=request.GET.get("page"), **wanted)
    query = urlencode({key: value for key, value in wanted.items() if value})
    context = {"r": quarterly_return, "found": found, "wanted": wanted, "query": query}
    return render(request, "svd/returns/return_history.html", context)


def _annex_edit(request, pk, annex):
    quarterly_return = _return_to_change(request, pk)
    if quarterly_return is None:
        return redirect("svd:return_detail", pk=pk)
    if annex == "a":
        lines, fields = list(quarterly_return.annex_a_lines.all()), validation.ANNEX_A_FIELDS
    else:
        lines, fields = list(quarterly_return.annex_b_lines.all()), validation.ANNEX_B_FIELDS
    posted, problems, conflict, status = None, [], None, 200
    version = quarterly_return.version
    previous = selectors.previous_spend_to_date(quarterly_return)
    if request.method == "POST":
        posted = request.POST
        try:
            changes = services.return_save(
                quarterly_return=quarterly_return,
                version=_int(request.POST.get("version")),
                by=request.user,
                **{f"annex_{annex}": _raw(request.POST, lines, fields, annex)},
            )
        except services.ReturnInvalid as error:
            problems = error.problems
        except services.StaleReturn as error:
            conflict, status = error, 409
            quarterly_return.refresh_from_db()
            version = quarterly_return.version
        except services.ReturnNotEditable as error:
            messages.info(request, str(error))
            return redirect("svd:return_detail", pk=pk)
        else:
            saved = f"Annex {annex.upper()} saved." if changes else f"No changes to Annex {annex.upper()}."
            messages.success(request, saved)
            return redirect("svd:return_detail", pk=pk)
    elif request.GET.get("check"):
        problems = [p for p in selectors.submission_problems(quarterly_return) if p.annex == annex]
    context = {
        "r": quarterly_return,
        "rows": _rows(lines, fields, annex, posted, problems, previous),
        "problems": problems,
        "conflict": conflict,
        "version": version,
        "previous": previous,
        "progress_choices": Progress.choices,
        "activity_form": forms.ActivityForm() if annex == "b" else None,
        "threshold": settings.PORTAL_VARIANCE_EXPLANATION_THRESHOLD_PERCENT,
    }
    return render(request, f"svd/returns/annex_{annex}.html", context, status=status)


@returns_users
def annex_a_edit(request, pk):
    return _annex_edit(request, pk, "a")


@returns_users
def annex_b_edit(request, pk):
    return _annex_edit(request, pk, "b")


@returns_users
@require_POST
def activity_add(request, pk):
    quarterly_return = selectors.return_with_lines(request.user, pk)
    form = forms.ActivityForm(request.POST)
    if form.is_valid():
        try:
            services.activity_add(quarterly_return=quarterly_return, name=form.cleaned_data["name"], by=request.user)
        except services.ReturnNotEditable as error:
            messages.info(request, str(error))
            return redirect("svd:return_detail", pk=pk)
        messages.success(request, f"Activity added: {form.cleaned_data['name']}. Fill in its figures below.")
    else:
        messages.info(request, "Enter the name of the activity to add it.")
    return redirect("svd:annex_b_edit", pk=pk)


@returns_users
@require_POST
def activity_remove(request, pk, line_pk):
    """Take a free-text activity off Annex B (an intervention from the register stays)."""
    quarterly_return = selectors.return_with_lines(request.user, pk)
    line = next((line for line in quarterly_return.annex_b_lines.all() if line.pk == line_pk), None)
    if line is None or line.intervention_id:
        raise Http404("No such activity on this return.")
    try:
        services.activity_remove(line=line, by=request.user)
    except services.ReturnNotEditable as error:
        messages.info(request, str(error))
        return redirect("svd:return_detail", pk=pk)
    messages.success(request, f"Activity removed: {line.activity_name}.")
    return redirect("svd:annex_b_edit", pk=pk)


@returns_users
def return_check(request, pk):
    """Check your answers, then submit."""
    quarterly_return = _return_to_change(
        request, pk, refused="You cannot submit this return.", submitted="This return has already been submitted."
    )
    if quarterly_return is None:
        return redirect("svd:return_detail", pk=pk)
    if request.method == "POST":
        try:
            submitted = services.return_submit(quarterly_return=quarterly_return, by=request.user)
        except services.ReturnInvalid:
            pass  # shown below, from the stored return
        except services.WrongState as error:
            messages.info(request, str(error))
            return redirect("svd:return_detail", pk=pk)
        else:
            return redirect("svd:return_submitted", pk=submitted.pk)
    problems = selectors.submission_problems(quarterly_return)
    links = {
        "a": reverse("svd:annex_a_edit", args=[pk]) + "?check=1",
        "b": reverse("svd:annex_b_edit", args=[pk]) + "?check=1",
    }
    context = {
        "r": quarterly_return,
        "problems": [{"href": f"{links[p.annex]}#{p.field_id}", "message": p.message} for p in problems],
        "previous": selectors.previous_spend_to_date(quarterly_return),
    }
    return render(request, "svd/returns/return_check.html", context)


@staff_required
def returns_open(request):
    """Open a quarter's returns by hand: a past quarter, to back-fill it."""
    form = forms.OpenQuarterForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            opened = services.returns_open_past_quarter(
                quarter=form.cleaned_data["quarter"], reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field, problem)
        else:
            quarter = form.cleaned_data["quarter"]
            messages.success(request, f"{quarter.label} is open: {len(opened)} CSP returns.")
            return redirect("svd:return_list")
    return render(request, "svd/returns/returns_open.html", {"form": form})


@returns_users
def return_download(request, pk):
    """The return as a spreadsheet to fill in offline."""
    quarterly_return = selectors.return_with_lines(request.user, pk)
    response = HttpResponse(
        xlsx.workbook_for(quarterly_return),
        content_type=content_types.XLSX,
    )
    quarter = quarterly_return.quarter
    filename = f"return-{quarterly_return.csp.ref}-{quarter.financial_year.start_year}-q{quarter.number}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@returns_users
def return_upload(request, pk):
    """Fill the draft from an uploaded spreadsheet: all of it, or nothing."""
    quarterly_return = _return_to_change(request, pk)
    if quarterly_return is None:
        return redirect("svd:return_detail", pk=pk)
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    context = {
        "r": quarterly_return,
        "form": form,
        "cell_problems": [],
        "stopped_early": False,
        "changes": None,
        "conflict": None,
    }
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            annex_a, annex_b, version, rows_by_line = xlsx.read_workbook(quarterly_return, form.cleaned_data["file"])
            context["changes"] = services.return_save(
                quarterly_return=quarterly_return,
                version=version,
                by=request.user,
                annex_a=annex_a,
                annex_b=annex_b,
                own_changes_since_ok=True,
            )
        except xlsx.UnreadableWorkbook as error:
            context["cell_problems"], context["stopped_early"] = error.problems, error.stopped_early
        except services.ReturnInvalid as error:
            context["cell_problems"] = xlsx.cell_problems(error.problems, rows_by_line)
            context["stopped_early"] = len(error.problems) > len(context["cell_problems"])
        except services.StaleReturn as error:
            context["conflict"], status = error, 409
        except services.ReturnNotEditable as error:
            messages.info(request, str(error))
            return redirect("svd:return_detail", pk=pk)
    return render(request, "svd/returns/upload.html", context, status=status)


ALL_YEARS = "all"


@returns_users
def return_submitted(request, pk):
    """The GOV.UK confirmation page after Submit, with the ways on."""
    quarterly_return = selectors.return_with_lines(request.user, pk)
    if not quarterly_return.is_received:
        return redirect("svd:return_detail", pk=pk)
    return render(request, "svd/returns/return_submitted.html", {"r": quarterly_return})


@staff_required
def reporting_rate(request):
    """CSPs by quarter: who has sent their return, and on time. The latest year with
    returns unless another is asked for; every year with ?year=all (a hundred CSPs
    over ten years is 4,000 cells, half a second to draw: docs/decisions/0700).
    ?up_to_quarter=3 shows quarters 1 to 3 only, as a report to the end of Q3 counts them."""
    years = selectors.years_with_returns()
    wanted = request.GET.get("year")
    latest = years[-1] if years else None
    if wanted == ALL_YEARS:
        chosen = None
    elif wanted:
        # A year asked for by name is that year, returns or none (an empty grid), never another one.
        chosen = next((y for y in years if str(y.start_year) == wanted), None)
        chosen = chosen or FinancialYear.objects.filter(start_year=wanted if wanted.isdigit() else None).first()
        if chosen is None:
            raise Http404("No such financial year.")
    else:
        chosen = latest
    up_to_quarter = request.GET.get("up_to_quarter", "4")
    if up_to_quarter not in ("1", "2", "3", "4"):
        raise Http404("A report covers quarters 1 to 4.")
    up_to_quarter = int(up_to_quarter)
    grid = selectors.reporting_rate(financial_year=chosen, today=timezone.localdate(), up_to_quarter=up_to_quarter)
    context = {"grid": grid, "years": years, "chosen": chosen, "all_years": ALL_YEARS, "up_to_quarter": up_to_quarter}
    return render(request, "svd/returns/reporting_rate.html", context)

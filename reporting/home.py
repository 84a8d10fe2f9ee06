"""The home page: what each person has to do, by role.

It lives on the top floor because it draws on every app's selectors.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from partnership import access
from partnership.access import signed_in_required
from partnership.models import Role
from svd import selectors as svd_selectors

from .compliance import staff_compliance_tasks
from .selectors import reports_visible_to
from .setup import setup_steps
from .views_compliance import compliance_year


def _return_task(quarterly_return, label, today):
    return {
        "url": reverse("svd:return_detail", args=[quarterly_return.pk]),
        "label": label,
        "status": quarterly_return.get_status_display(),
        "return": quarterly_return,
        "today": today,
    }


@signed_in_required
def home(request):
    user = request.user
    tasks = []
    today = timezone.localdate()
    if access.is_vrp_staff(user):
        template = "reporting/home_staff.html"
        context = {}
        if user.role == Role.ADMIN or user.is_superuser:
            # An admin sees the set-up list until the partnership is set up.
            steps = setup_steps()
            if not all(step.done for step in steps):
                context = {"setup_steps": steps, "setup_done": sum(step.done for step in steps)}
        tasks += staff_compliance_tasks(compliance_year())
        for r in svd_selectors.returns_awaiting_review(user):
            tasks.append(_return_task(r, f"Review the {r.quarter.label} return from {r.csp.name}", today))
    elif access.is_coordinator(user):
        template = "reporting/home_coordinator.html"
        for r in svd_selectors.coordinator_open_returns(user):
            tasks.append(_return_task(r, f"{r.quarter.label} return, due {r.quarter.due_on:%d %B %Y}", today))
    else:
        template = "reporting/home_panel.html"
        context = {"tasks_heading": "Published update reports", "nothing_to_do": "No report has been published yet."}
        for report in reports_visible_to(user)[:5]:
            tasks.append(
                {
                    "url": reverse("reporting:report_detail", args=[report.pk]),
                    "label": f"{report.title} (meeting {report.meeting_date:%d %B %Y})",
                    "status": f"Version {report.version}",
                }
            )
        return render(request, template, {"tasks": tasks, **context})
    if access.is_vrp_staff(user):
        return render(
            request, template, {"tasks": tasks, "is_admin": user.role == Role.ADMIN or user.is_superuser, **context}
        )
    return render(request, template, {"tasks": tasks})

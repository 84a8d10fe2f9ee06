"""The home page: what each person should do now, by role.

It lives on the top floor because it draws on every app's selectors. Each
role's page runs a fixed number of queries (pinned in tests/reporting/test_home.py).
"""

from django.shortcuts import render
from django.utils import timezone

from partnership import access, notifications
from partnership.access import signed_in_required
from partnership.charts import Series, horizontal_bars
from partnership.models import Role
from partnership.money import format_gbp
from svd import selectors as svd_selectors

from . import home_admin
from .compliance import compliance_for_year, staff_compliance_tasks
from .models import PanelReport, ReportStatus
from .pdf.charts import as_data_uri
from .selectors import reports_visible_to
from .views_compliance import compliance_year


@signed_in_required
def home(request):
    user = request.user
    context = {"notices": notifications.home_notices(user)}
    if user.role == Role.ADMIN or (user.is_superuser and not user.is_csp_coordinator):
        return render(request, "reporting/home_admin.html", {**context, **home_admin.admin_context()})
    if access.is_vrp_staff(user):
        return render(request, "reporting/home_staff.html", {**context, **_staff_context(user)})
    if access.is_coordinator(user):
        return render(request, "reporting/home_coordinator.html", {**context, **_coordinator_context(user)})
    reports = list(reports_visible_to(user)[:6])
    return render(request, "reporting/home_panel.html", {**context, "latest": reports[:1], "previous": reports[1:]})


def _staff_context(user):
    today = timezone.localdate()
    # The year staff are working on: the current one once its SVD shares are issued, else the last that has them.
    current = compliance_year()
    year = (current and svd_selectors.latest_year_with_shares(up_to_start_year=current.start_year)) or current
    compliance = compliance_for_year(year) if year else None
    context = {
        "year": year,
        "awaiting_review": list(svd_selectors.returns_awaiting_review(user)),
        "overdue": list(svd_selectors.overdue_returns(user, today=today)),
        "compliance_tasks": staff_compliance_tasks(year, compliance=compliance) if year else [],
        "positions": [line for line in compliance.lines if line.key in ("match", "qualifying")] if compliance else [],
        "next_report": PanelReport.objects.exclude(status=ReportStatus.PUBLISHED)
        .filter(meeting_date__gte=today)
        .order_by("meeting_date", "pk")
        .first(),
        "today": today,
    }
    if year:
        context["spend"] = _spend_by_csp(year, compliance.figures.svd_spend)
    return context


def _spend_by_csp(year, spend):
    """Rows and a chart of each CSP's SVD allocation against its approved spend to date:
    spend is svd_selectors.svd_spend_to_date(year), the figure the compliance view and the report show."""
    rows = [
        {
            "csp": c.csp.name,
            "allocation": c.share,
            "spend": c.spend if any(line.quarterly_return for line in c.lines) else None,
        }
        for c in spend.csps
    ]
    if not rows:
        return None
    svg = horizontal_bars(
        title=f"SVD spend against allocation per CSP, {year.label}",
        categories=[r["csp"] for r in rows],
        series=[
            Series(
                "Allocation", [r["allocation"] for r in rows], [format_gbp(r["allocation"]) for r in rows], "#505a5f"
            ),
            Series(
                "Approved spend to date",
                [r["spend"] for r in rows],
                [format_gbp(r["spend"]) if r["spend"] is not None else "No approved return" for r in rows],
                "#1d70b8",
            ),
        ],
    )
    return {"rows": rows, "chart": as_data_uri(svg)}


def _coordinator_context(user):
    open_returns = list(svd_selectors.coordinator_open_returns(user))
    return {
        "current": open_returns[0] if open_returns else None,
        "open_returns": open_returns,
        "recent": list(svd_selectors.coordinator_recent_returns(user)),
        "comment": svd_selectors.latest_reviewer_comment(user),
        "reports": list(reports_visible_to(user)[:1]),
        "today": timezone.localdate(),
    }

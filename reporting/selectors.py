"""Reads for panel reports, and the figures snapshot a report is rendered from.

Every figure comes from `reporting.figures.year_figures` or an app's selectors;
this module only gathers them into one JSON-able snapshot (Decimals as strings,
so nothing passes through a float between the database and the PDF).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from interventions import selectors as intervention_selectors
from partnership import access
from partnership.models import FinancialYear, User
from partnership.money import round_to_penny
from svd import selectors as svd_selectors

from .figure_registry import FIGURES, as_text, figure_values
from .figures import year_figures
from .models import PanelReport, ReportDownload

SNAPSHOT_SCHEMA = 2


def reports_visible_to(user: User) -> QuerySet[PanelReport]:
    return access.visible(user, PanelReport.objects.select_related("financial_year", "superseded_by")).order_by(
        "-meeting_date", "-version", "-pk"
    )


def report_visible_or_404(user: User, pk: int | str) -> PanelReport:
    return access.get_visible_or_404(
        user, PanelReport.objects.select_related("financial_year", "generated_by", "published_by"), pk=pk
    )


def latest_report() -> PanelReport | None:
    """The report a new one copies its narrative from: the latest by meeting date."""
    return PanelReport.objects.order_by("-meeting_date", "-version", "-pk").first()


def report_versions(report: PanelReport) -> list[PanelReport]:
    """Every version of this report, newest first (each supersedes the one before)."""
    chain, current = [], report
    while current.supersedes_id:
        current = PanelReport.objects.select_related("supersedes").get(pk=current.supersedes_id)
        chain.append(current)
    later, current = [], report
    while hasattr(current, "superseded_by"):
        current = current.superseded_by
        later.append(current)
    return list(reversed(later)) + [report] + chain


def downloads_of(report: PanelReport) -> QuerySet[ReportDownload]:
    return ReportDownload.objects.filter(report=report).select_related("user").order_by("-downloaded_at")


@dataclass(frozen=True)
class ReturnsStatus:
    recorded: bool
    summary: str
    rows: tuple = ()


def svd_returns_status(financial_year: FinancialYear, up_to_quarter: int) -> ReturnsStatus:
    """The status of the CSPs' quarterly SVD returns (Annex A and B) for the
    report's quarters, from the same reporting-rate selector as the staff grid."""
    rate = svd_selectors.returns_reporting_rate(financial_year=financial_year, today=timezone.localdate())
    columns = [c for c in rate.columns if c.quarter.number <= up_to_quarter and c.expected]
    if not columns:
        return ReturnsStatus(recorded=False, summary="No returns recorded in the portal for this period.")
    expected = sum(c.expected for c in columns)
    received = sum(c.received for c in columns)
    on_time = sum(c.on_time for c in columns)
    quarters = "; ".join(f"{c.quarter.label}: {c.received} of {c.expected}, {c.on_time} on time" for c in columns)
    return ReturnsStatus(
        recorded=True,
        summary=f"{received} of {expected} returns received, {on_time} on time ({quarters}).",
        rows=tuple((c.quarter.label, c.expected, c.received, c.on_time) for c in columns),
    )


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(round_to_penny(value))


def report_figures(report: PanelReport) -> dict:
    """Every figure the report prints, as a JSON-able snapshot stored with the PDF."""
    fy = report.financial_year
    figures = year_figures(fy, up_to_quarter=report.up_to_quarter)
    values = figure_values(figures)
    next_year = FinancialYear.objects.filter(start_year=fy.start_year + 1).first()
    next_figures = year_figures(next_year) if next_year else None
    totals = figures.outcomes
    returns = svd_returns_status(fy, report.up_to_quarter)
    allocations = [
        a for a in svd_selectors.svd_allocations() if a.period.financial_year.start_year <= fy.start_year + 1
    ]
    appendix = list(intervention_selectors.svd_funded_interventions(fy))
    svd_periods = [a for a in allocations if a.period.financial_year_id == fy.pk]
    return {
        "schema": SNAPSHOT_SCHEMA,
        # Every registry figure by its key (docs/figures.md): the same values as the
        # compliance view, /api/v1/figures/ and the figures export.
        "figures": {f.key: as_text(f, value) for f, value in zip(FIGURES, values.values(), strict=True)},
        "financial_year": fy.label,
        "up_to_quarter": report.up_to_quarter,
        "core_grant": _money(figures.core_grant),
        "core_grant_status": figures.core_grant_status,
        "match_required": _money(figures.match.required),
        "match_secured": _money(figures.match.secured),
        "qualifying_minimum": _money(figures.qualifying_minimum),
        "qualifying_share_percent": None
        if figures.qualifying_share_percent is None
        else format(figures.qualifying_share_percent.normalize(), "f"),
        "qualifying_met": figures.qualifying_met,
        "next_year": None
        if next_figures is None
        else {
            "financial_year": next_year.label,
            "core_grant": _money(next_figures.core_grant),
            "core_grant_status": next_figures.core_grant_status,
            "match_required": _money(next_figures.match.required),
        },
        "core": {
            "count": figures.core.count,
            "amount": _money(figures.core.amount),
            "qualifying_count": figures.core.qualifying_count,
            "qualifying_amount": _money(figures.core.qualifying_amount),
            "other_count": figures.core.other_count,
            "other_amount": _money(figures.core.other_amount),
        },
        "svd_interventions_count": figures.svd_interventions.count,
        "svd_interventions_amount": _money(figures.svd_interventions.amount),
        "svd_by_period": [
            {
                "label": a.period.label,
                "financial_year": a.period.financial_year.label,
                "labour": _money(a.labour_amount),
                "non_labour": _money(a.non_labour_amount),
                "total": _money(a.total),
                "status": a.get_status_display(),
            }
            for a in allocations
        ],
        "svd_by_period_total": {
            "labour": _money(sum((a.labour_amount for a in allocations), Decimal(0))),
            "non_labour": _money(sum((a.non_labour_amount for a in allocations), Decimal(0))),
            "total": _money(sum((a.total for a in allocations), Decimal(0))),
        },
        "svd_this_year": _money(sum((a.total for a in svd_periods), Decimal(0))) if svd_periods else None,
        "svd_returns": {"recorded": returns.recorded, "summary": returns.summary},
        "csp_spend": [
            {
                "csp": c.csp.name,
                "allocation": _money(c.share),
                # The spend to date of the CSP's latest approved Annex A; none before its first approval.
                "spend": _money(c.spend) if any(line.quarterly_return for line in c.lines) else None,
            }
            for c in figures.svd_spend.csps
        ],
        "csp_spend_total": {
            "allocation": _money(figures.svd_spend.share),
            "spend": _money(figures.svd_spend.spend) if figures.svd_spend.reported else None,
        },
        "outcomes": {
            "young_people": totals.young_people,
            "adults": totals.adults,
            "workforce_trained": totals.workforce_trained,
        },
        "outcomes_by_quarter": [
            {"quarter": f"Q{n}", "young_people": y or 0, "adults": a or 0, "workforce_trained": t or 0}
            for n, y, a, t in intervention_selectors.outcomes_by_quarter(fy, up_to_quarter=report.up_to_quarter)
        ],
        "svd_funded_interventions": [
            {
                "name": f.intervention.name,
                "provider": f.intervention.provider.name,
                "districts": ", ".join(d.name for d in f.intervention.districts.all()),
                "amount": _money(f.amount),
            }
            for f in appendix
        ],
        "svd_funded_total": _money(sum((f.amount for f in appendix), Decimal(0))),
    }

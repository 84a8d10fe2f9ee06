"""The compliance view's lines for one financial year, built from year_figures and
the apps' selectors: each line has its figure, its threshold, whether it is met,
and where the rows behind it are. Nothing here computes a figure a second way;
the only arithmetic is the core-grant headroom, which needs both grants and
interventions and so can only be done up here (docs/decisions/0100).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse

from grants import selectors as grant_selectors
from partnership.models import FinancialYear
from partnership.money import format_gbp
from svd import selectors as svd_selectors

from .figure_registry import figure_links
from .figures import YearFigures, year_figures


def _percent(value: Decimal | None) -> str:
    return f"{format(value.normalize(), 'f')}%" if value is not None else "minimum share"


@dataclass(frozen=True)
class Line:
    key: str
    title: str
    figure: Decimal | None
    threshold: Decimal | None
    threshold_label: str
    met: bool | None  # None: no threshold applies, or not yet known
    link: str  # the rows behind `figure`: the registry's link for that figure
    link_label: str
    details: list = field(default_factory=list)  # (label, amount) rows shown under the line
    note: str = ""


@dataclass(frozen=True)
class Headroom:
    """The core grant, less what is set aside for interventions and budget lines."""

    grant: Decimal
    interventions: Decimal
    budget_lines: Decimal

    @property
    def allocated(self) -> Decimal:
        return self.interventions + self.budget_lines

    @property
    def unallocated(self) -> Decimal:
        return self.grant - self.allocated

    @property
    def over_allocated(self) -> bool:
        return self.unallocated < 0


@dataclass(frozen=True)
class Compliance:
    figures: YearFigures
    lines: list
    headroom: Headroom | None
    links: dict  # {figure key: the address of its rows} (figure_registry.figure_links)


def compliance_for_year(financial_year: FinancialYear) -> Compliance:
    f = year_figures(financial_year)
    core = grant_selectors.core_grant_for_year(financial_year)
    links = figure_links(financial_year, core_grant=core)
    lines = [
        Line(
            key="core_grant",
            title="VRU core grant",
            figure=f.core_grant,
            threshold=None,
            threshold_label="",
            met=None,
            link=links["core_grant"] or reverse("grants:grant_list"),
            link_label="The grant",
            note=f.core_grant_status if core else "No core grant is recorded for this year.",
        ),
        Line(
            key="match",
            title="Match funding",
            figure=f.match.secured,
            threshold=f.match.required,
            threshold_label="Required",
            met=f.match.met if core else None,
            link=links["match_secured"],
            link_label="The contributions counted",
            details=[
                ("Pledged", f.match.pledged),
                ("Confirmed", f.match.confirmed),
                ("Evidenced", f.match.evidenced),
                ("Confirmed and evidenced (counted)", f.match.secured),
            ],
        ),
        Line(
            key="qualifying",
            title=f"Spend on qualifying interventions ({_percent(f.qualifying_share_percent)} rule)",
            figure=f.core.qualifying_amount,
            threshold=f.qualifying_minimum,
            threshold_label="Minimum (rounded up to the penny)",
            met=f.qualifying_met if f.qualifying_minimum is not None else None,
            link=links["qualifying_amount"],
            link_label="The qualifying interventions",
            note=f"From {f.core.qualifying_count} qualifying intervention{'' if f.core.qualifying_count == 1 else 's'} "
            f"of {f.core.count} funded from the core grant.",
        ),
    ]
    issued = svd_selectors.shares_issued_for_year(financial_year)
    lines.append(
        Line(
            key="svd",
            title="Serious Violence Duty funding and shares issued",
            figure=issued.shared,
            threshold=f.svd_total,
            threshold_label="SVD funding to share",
            met=issued.all_shared if issued.allocations else None,
            link=links["svd_shares_issued"],
            link_label="The allocations and shares",
            details=[
                ("Labour", f.svd_labour),
                ("Non-labour", f.svd_non_labour),
                ("Total", f.svd_total),
                ("Shares issued", issued.shared),
            ],
            note="" if issued.allocations else "No SVD allocation is recorded for this year.",
        )
    )
    spend = f.svd_spend  # the one svd_spend_to_date figure, read once in year_figures
    lines.append(
        Line(
            key="spend",
            title="SVD spend to date against the CSPs' shares",
            figure=spend.spend if spend.reported else None,
            threshold=spend.share if spend.csps else None,
            threshold_label="SVD shares the CSPs hold",
            met=spend.within_shares if spend.reported else None,
            link=links["svd_spend_to_date"],
            link_label="Each CSP's spend and the Annex A lines",
            details=[(f"{c.csp.name} (share {format_gbp(c.share)})", c.spend) for c in spend.csps],
            note="From each CSP's latest approved quarterly return; met when no CSP has spent more than it holds."
            if spend.reported
            else "Not yet available: it comes from approved quarterly returns.",
        )
    )
    headroom = None
    if f.core_grant is not None:
        headroom = Headroom(
            grant=f.core_grant,
            interventions=f.core.amount,
            budget_lines=f.budget_lines,
        )
    return Compliance(figures=f, lines=lines, headroom=headroom, links=links)


def staff_compliance_tasks(financial_year: FinancialYear | None, compliance: Compliance | None = None) -> list[dict]:
    """Home-page tasks for staff: each condition not met in the year, linking to the compliance view."""
    if financial_year is None:
        return []
    url = reverse("reporting:compliance") + f"?year={financial_year.start_year}"
    compliance = compliance or compliance_for_year(financial_year)
    tasks = [
        {"label": f"{line.title} in {financial_year.label}", "url": f"{url}#{line.key}", "status": "Not met"}
        for line in compliance.lines
        if line.met is False
    ]
    if compliance.headroom and compliance.headroom.over_allocated:
        tasks.append(
            {
                "label": f"Core grant over-allocated in {financial_year.label}",
                "url": f"{url}#budget",
                "status": "Warning",
            }
        )
    return tasks

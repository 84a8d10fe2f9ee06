"""Every figure the portal publishes for a financial year, by name, with what it
counts, from which rows, in which state and rounded how.

The compliance view, the panel report (PDF, HTML twin and JSON snapshot), the
figures API (/api/v1/figures/) and the figures export read a figure here by its
key; `manage.py figures_doc` writes docs/figures.md from this list, and a test
fails when the checked-in document is stale.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse

from grants import selectors as grant_selectors
from partnership.models import FinancialYear
from partnership.money import round_to_penny

from .figures import YearFigures, year_figures

MONEY = "money"
COUNT = "count"

PENNY_AS_STORED = "None: a sum of amounts stored to the penny, so exact."
NOT_ROUNDED = "None: a whole number."


@dataclass(frozen=True)
class RowsLink:
    """The page that lists exactly the rows behind a figure, and the id of the
    element on it that shows their total (which equals the figure)."""

    page: str  # the URL name
    query: str = ""  # {year} is the financial year's start year, e.g. "year={year}&stream=core"
    total: str = ""
    of_core_grant: bool = False  # the year's core grant's own page
    by_quarter: bool = False  # a report to the end of Q3 counts quarters 1 to 3: ?up_to_quarter=3

    def url(self, *, year: int, up_to_quarter: int = 4, core_grant_pk: int | None = None) -> str:
        if self.of_core_grant:
            if core_grant_pk is None:
                return ""  # no core grant is recorded for the year: nothing to show
            path = reverse(self.page, args=[core_grant_pk])
        else:
            path = reverse(self.page)
        query = self.query.format(year=year)
        if self.by_quarter and up_to_quarter < 4:
            query += f"&up_to_quarter={up_to_quarter}"
        return f"{path}?{query}" if query else path

    def describe(self) -> str:
        page = "the year's core grant's page" if self.of_core_grant else f"`{self.page}`"
        query = self.query.format(year="<year>") + ("&up_to_quarter=<quarter>" if self.by_quarter else "")
        shown_in = f", the figure in `#{self.total}`" if self.total else ""
        return page + (f" with `?{query}`" if query else "") + shown_in


QUALIFYING_CORE = RowsLink(
    "interventions:intervention_list", "year={year}&stream=core&qualifying=yes", "total-interventions"
)
CORE_FUNDED = RowsLink("interventions:intervention_list", "year={year}&stream=core", "total-interventions")
SVD_FUNDED = RowsLink("interventions:intervention_list", "year={year}&stream=svd", "total-interventions")


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    kind: str  # MONEY (Decimal, to the penny) or COUNT (int)
    counts: str
    rows: str
    state: str
    rounding: str
    value: Callable[[YearFigures], Decimal | int | None]
    link: RowsLink
    # Set only where the figure is one stored value (or one derived from a single
    # record), so its link is that record's own page: why.
    single_value: str = ""


FIGURES: tuple[Figure, ...] = (
    Figure(
        "core_grant",
        "VRU core grant",
        MONEY,
        "The Home Office's VRU core grant for the year.",
        "grants.Grant with programme VRU core and a period in the year.",
        "Any status (bid submitted, confirmed, rollover); the status is shown beside it.",
        PENNY_AS_STORED,
        lambda f: f.core_grant,
        RowsLink("grants:grant_detail", total="grant-amount", of_core_grant=True),
        single_value="The grant's amount: one stored field, shown on the grant's page.",
    ),
    Figure(
        "match_required",
        "Match funding required",
        MONEY,
        "What the core grant's conditions require local partners to contribute.",
        "grants.GrantConditions of the year's core grant (an amount, or a percentage of a reference amount).",
        "As the condition states.",
        "A percentage of the reference amount rounds half up to the penny (partnership.money.round_to_penny).",
        lambda f: f.match.required,
        RowsLink("grants:grant_detail", total="match-required", of_core_grant=True),
        single_value="The condition's own figure (an amount, or a percentage of the reference amount it names), "
        "shown with the grant's conditions.",
    ),
    Figure(
        "match_pledged",
        "Match funding pledged",
        MONEY,
        "Contributions pledged but not yet confirmed.",
        "grants.MatchContribution in the year.",
        "Pledged.",
        PENNY_AS_STORED,
        lambda f: f.match.pledged,
        RowsLink("grants:contribution_list", "year={year}&status=pledged", "contributions-total"),
    ),
    Figure(
        "match_secured",
        "Match funding secured",
        MONEY,
        "Contributions that count towards the requirement.",
        "grants.MatchContribution in the year.",
        "Confirmed or evidenced (pledged does not count).",
        PENNY_AS_STORED,
        lambda f: f.match.secured,
        RowsLink("grants:contribution_list", "year={year}&status=secured", "contributions-total"),
    ),
    Figure(
        "qualifying_minimum",
        "Minimum spend on qualifying interventions",
        MONEY,
        "The condition's share (30% by default) of the core grant.",
        "grants.Grant and its GrantConditions.qualifying_share_percent.",
        "As the condition states.",
        "Rounded up to the penny (partnership.money.minimum_to_penny), so meeting it meets the rule.",
        lambda f: f.qualifying_minimum,
        RowsLink("grants:grant_detail", total="qualifying-minimum", of_core_grant=True),
        single_value="The condition's share of the grant's amount, shown with the grant's conditions.",
    ),
    Figure(
        "qualifying_amount",
        "Core spend on qualifying interventions",
        MONEY,
        "Core-grant funding of interventions the YEF Toolkit rates well enough (interventions.rules).",
        "interventions.InterventionFunding, stream core, in the year.",
        "Qualifying by the rating the intervention was commissioned under.",
        PENNY_AS_STORED,
        lambda f: f.core.qualifying_amount,
        QUALIFYING_CORE,
    ),
    Figure(
        "qualifying_count",
        "Qualifying interventions funded from the core grant",
        COUNT,
        "Distinct interventions with qualifying core funding.",
        "interventions.InterventionFunding, stream core, in the year.",
        "Qualifying (interventions.rules).",
        NOT_ROUNDED,
        lambda f: f.core.qualifying_count,
        QUALIFYING_CORE,
    ),
    Figure(
        "core_amount",
        "Core spend on interventions",
        MONEY,
        "Core-grant funding of every intervention.",
        "interventions.InterventionFunding, stream core, in the year.",
        "Any intervention status.",
        PENNY_AS_STORED,
        lambda f: f.core.amount,
        CORE_FUNDED,
    ),
    Figure(
        "core_count",
        "Interventions funded from the core grant",
        COUNT,
        "Distinct interventions with core funding.",
        "interventions.InterventionFunding, stream core, in the year.",
        "Any intervention status.",
        NOT_ROUNDED,
        lambda f: f.core.count,
        CORE_FUNDED,
    ),
    Figure(
        "svd_interventions_amount",
        "SVD spend on interventions",
        MONEY,
        "SVD funding of interventions.",
        "interventions.InterventionFunding, stream SVD, in the year.",
        "Any intervention status.",
        PENNY_AS_STORED,
        lambda f: f.svd_interventions.amount,
        SVD_FUNDED,
    ),
    Figure(
        "svd_interventions_count",
        "Interventions funded from SVD money",
        COUNT,
        "Distinct interventions with SVD funding.",
        "interventions.InterventionFunding, stream SVD, in the year.",
        "Any intervention status.",
        NOT_ROUNDED,
        lambda f: f.svd_interventions.count,
        SVD_FUNDED,
    ),
    Figure(
        "svd_total",
        "SVD funding for the year",
        MONEY,
        "Labour plus non-labour SVD money of every allocation in the year.",
        "svd.SvdAllocation whose period is in the year (a year may hold a part-year period).",
        "Any allocation status (bid submitted, confirmed, shares issued).",
        PENNY_AS_STORED,
        lambda f: f.svd_total,
        RowsLink("svd:allocation_list", "year={year}", "allocations-total"),
    ),
    Figure(
        "svd_shares_issued",
        "SVD shares issued",
        MONEY,
        "The sum of every recipient's share, both streams.",
        "svd.SvdShare of the year's allocations.",
        "Every share, overridden or not.",
        "Each share is an equal split by largest remainder (partnership.money.split_equally); the sum is exact.",
        lambda f: f.svd_shares_issued,
        RowsLink("svd:allocation_list", "year={year}", "shares-issued-total"),
    ),
    Figure(
        "svd_csp_shares",
        "SVD shares the CSPs hold",
        MONEY,
        "The CSPs' own shares: what their SVD spend is judged against.",
        "svd.SvdShare of the year's allocations whose recipient is a CSP.",
        "Every share, overridden or not.",
        PENNY_AS_STORED,
        lambda f: f.svd_spend.share,
        RowsLink("svd:spend_to_date", "year={year}", "spend-total-share"),
    ),
    Figure(
        "svd_spend_to_date",
        "SVD spend to date by the CSPs",
        MONEY,
        "For each CSP and funding line, the spend to date of its latest approved Annex A.",
        "svd.AnnexALine of quarterly returns in the year.",
        "Approved returns only; a reopened return counts again once approved.",
        PENNY_AS_STORED,
        lambda f: f.svd_spend.spend,
        RowsLink("svd:spend_to_date", "year={year}", "spend-total-spend"),
    ),
    Figure(
        "returns_expected",
        "Quarterly returns expected",
        COUNT,
        "Returns opened for the CSPs, quarters 1 to the report's quarter.",
        "svd.QuarterlyReturn in the year.",
        "Any state.",
        NOT_ROUNDED,
        lambda f: f.returns.expected,
        RowsLink("svd:reporting_rate", "year={year}", "returns-expected", by_quarter=True),
    ),
    Figure(
        "returns_received",
        "Quarterly returns received",
        COUNT,
        "Returns the VRP has received.",
        "svd.QuarterlyReturn in the year, quarters 1 to the report's quarter.",
        "Submitted, resubmitted or approved (returned for changes is not received).",
        NOT_ROUNDED,
        lambda f: f.returns.received,
        RowsLink("svd:reporting_rate", "year={year}", "returns-received", by_quarter=True),
    ),
    Figure(
        "returns_on_time",
        "Quarterly returns received on time",
        COUNT,
        "Received returns first submitted by the due date (QuarterlyReturn.received_on_time).",
        "svd.QuarterlyReturn in the year, quarters 1 to the report's quarter.",
        "Received, and first submitted on or before the quarter's due date, on the Europe/London date.",
        NOT_ROUNDED,
        lambda f: f.returns.on_time,
        RowsLink("svd:reporting_rate", "year={year}", "returns-on-time", by_quarter=True),
    ),
    Figure(
        "outcomes_young_people",
        "Young people (24 and under) engaged and supported",
        COUNT,
        "The sum of the interventions' quarterly counts.",
        "interventions.QuarterlyOutcome in the year, quarters 1 to the report's quarter.",
        "Typed or imported outcomes, and those fed by approved returns (docs/decisions/0301).",
        NOT_ROUNDED,
        lambda f: f.outcomes.young_people,
        RowsLink("interventions:outcome_list", "year={year}", "outcomes-young-people", by_quarter=True),
    ),
    Figure(
        "outcomes_adults",
        "People aged 25 and over engaged and supported",
        COUNT,
        "The sum of the interventions' quarterly counts.",
        "interventions.QuarterlyOutcome in the year, quarters 1 to the report's quarter.",
        "As for young people.",
        NOT_ROUNDED,
        lambda f: f.outcomes.adults,
        RowsLink("interventions:outcome_list", "year={year}", "outcomes-adults", by_quarter=True),
    ),
    Figure(
        "outcomes_workforce_trained",
        "People given workforce training",
        COUNT,
        "The sum of the interventions' quarterly counts.",
        "interventions.QuarterlyOutcome in the year, quarters 1 to the report's quarter.",
        "As for young people.",
        NOT_ROUNDED,
        lambda f: f.outcomes.workforce_trained,
        RowsLink("interventions:outcome_list", "year={year}", "outcomes-workforce-trained", by_quarter=True),
    ),
    Figure(
        "budget_lines",
        "Core grant set aside for budget lines",
        MONEY,
        "Staffing, evaluation, communications, training and other lines of the core grant.",
        "grants.BudgetLine of the year's core grant.",
        "Every line.",
        PENNY_AS_STORED,
        lambda f: f.budget_lines,
        RowsLink("grants:grant_detail", total="budget-lines-total", of_core_grant=True),
    ),
    Figure(
        "core_headroom",
        "Unallocated headroom of the core grant",
        MONEY,
        "The core grant less core spend on interventions and the budget lines (negative: over-allocated).",
        "grants.Grant, interventions.InterventionFunding (core) and grants.BudgetLine in the year.",
        "As for each part.",
        PENNY_AS_STORED,
        lambda f: None if f.core_grant is None else f.core_grant - f.core.amount - f.budget_lines,
        RowsLink("reporting:compliance", "year={year}", "headroom-unallocated"),
    ),
)

BY_KEY = {figure.key: figure for figure in FIGURES}


def figure_values(figures: YearFigures) -> dict:
    """{key: value} of every figure, in the registry's order."""
    return {figure.key: figure.value(figures) for figure in FIGURES}


def figures_for_year(financial_year, up_to_quarter: int = 4) -> dict:
    return figure_values(year_figures(financial_year, up_to_quarter=up_to_quarter))


_LOOK_UP = object()


def figure_links(financial_year: FinancialYear, up_to_quarter: int = 4, *, core_grant=_LOOK_UP) -> dict[str, str]:
    """{key: the address of the rows behind the figure} for the year (and, for the
    figures a report counts to its quarter, quarters 1..up_to_quarter). One query
    for the year's core grant, unless the caller passes it (None: there is none)."""
    core = grant_selectors.core_grant_for_year(financial_year) if core_grant is _LOOK_UP else core_grant
    return {
        figure.key: figure.link.url(
            year=financial_year.start_year, up_to_quarter=up_to_quarter, core_grant_pk=core.pk if core else None
        )
        for figure in FIGURES
    }


def as_text(figure: Figure, value) -> str | None:
    """The value as the API, the export and the snapshot carry it: money as a
    string to the penny (never a float), counts as they are."""
    if value is None:
        return None
    # To the penny: SQLite's SUM of decimals can come back as 37.0300000000000.
    return str(round_to_penny(value)) if figure.kind == MONEY else value

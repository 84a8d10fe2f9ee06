"""Reads of the intervention register: the aggregates that the compliance view,
the panel report and the API all use. Aggregation happens in the database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from partnership.models import District, FinancialYear, Organisation
from partnership.money import MONEY_FIELD, ZERO

from . import rules
from .models import FundingStream, Intervention, InterventionFunding, QuarterlyOutcome, ToolkitApproach

MONEY_OUTPUT = DecimalField(**MONEY_FIELD)


@dataclass(frozen=True)
class StreamSummary:
    """Interventions funded from one stream in one year, split by the 30% rule."""

    count: int
    amount: Decimal
    qualifying_count: int
    qualifying_amount: Decimal

    @property
    def other_count(self) -> int:
        return self.count - self.qualifying_count

    @property
    def other_amount(self) -> Decimal:
        return self.amount - self.qualifying_amount


def funding_summary(financial_year: FinancialYear, stream: str = FundingStream.CORE) -> StreamSummary:
    """Counts and totals of the interventions funded from `stream` in the year.

    One query. Qualifying is decided by interventions.rules, nowhere else.
    """
    qualifying = rules.qualifying_q(prefix="intervention__")
    row = InterventionFunding.objects.filter(financial_year=financial_year, stream=stream).aggregate(
        n=Count("intervention", distinct=True),
        total=Sum("amount"),
        n_qualifying=Count("intervention", filter=qualifying, distinct=True),
        total_qualifying=Sum("amount", filter=qualifying),
    )
    return StreamSummary(
        count=row["n"],
        amount=row["total"] or ZERO,
        qualifying_count=row["n_qualifying"],
        qualifying_amount=row["total_qualifying"] or ZERO,
    )


def qualifying_spend_for_year(financial_year: FinancialYear) -> Decimal:
    """Core-budget spend on interventions that qualify under the 30% rule."""
    return funding_summary(financial_year, FundingStream.CORE).qualifying_amount


@dataclass(frozen=True)
class OutcomeTotals:
    young_people: int
    adults: int
    workforce_trained: int


def outcome_totals(
    financial_year: FinancialYear, up_to_quarter: int = 4, interventions: QuerySet[Intervention] | None = None
) -> OutcomeTotals:
    """All interventions combined, for the year's quarters 1..up_to_quarter."""
    outcomes = QuarterlyOutcome.objects.filter(
        quarter__financial_year=financial_year, quarter__number__lte=up_to_quarter
    )
    if interventions is not None:
        outcomes = outcomes.filter(intervention__in=interventions)
    row = outcomes.aggregate(y=Sum("young_people"), a=Sum("adults"), t=Sum("workforce_trained"))
    return OutcomeTotals(young_people=row["y"] or 0, adults=row["a"] or 0, workforce_trained=row["t"] or 0)


def outcomes_by_quarter(financial_year: FinancialYear, up_to_quarter: int = 4) -> list[tuple[int, int, int, int]]:
    """[(quarter number, young people, adults, trained)] for the chart and the report."""
    rows = (
        QuarterlyOutcome.objects.filter(quarter__financial_year=financial_year, quarter__number__lte=up_to_quarter)
        .values("quarter__number")
        .annotate(y=Sum("young_people"), a=Sum("adults"), t=Sum("workforce_trained"))
        .order_by("quarter__number")
    )
    return [(r["quarter__number"], r["y"], r["a"], r["t"]) for r in rows]


def svd_funded_interventions(financial_year: FinancialYear) -> QuerySet[InterventionFunding]:
    """The Serious Violence funded interventions for the report's appendix."""
    return (
        InterventionFunding.objects.filter(financial_year=financial_year, stream=FundingStream.SVD)
        .select_related("intervention__provider")
        .prefetch_related("intervention__districts")
        .order_by("intervention__name")
    )


# --- The register: lists, totals and detail --------------------------------

SORTS = {
    "name": ("name", "reference"),
    "-name": ("-name", "-reference"),
    "provider": ("provider__name", "name"),
    "-provider": ("-provider__name", "name"),
    "status": ("status", "name"),
    "-status": ("-status", "name"),
    "amount": ("amount", "name"),
    "-amount": ("-amount", "name"),
}
DEFAULT_SORT = "name"


def _funding_lookup(
    financial_year: FinancialYear | None = None, stream: str | None = None, prefix: str = ""
) -> dict[str, Any]:
    lookup = {}
    if financial_year is not None:
        lookup[f"{prefix}financial_year"] = financial_year
    if stream:
        lookup[f"{prefix}stream"] = stream
    return lookup


def intervention_filter(
    queryset: QuerySet[Intervention],
    *,
    district: District | None = None,
    stream: str | None = None,
    financial_year: FinancialYear | None = None,
    qualifying: bool | None = None,
    status: str | None = None,
    provider: Organisation | None = None,
    **_ignored: Any,
) -> QuerySet[Intervention]:
    """The interventions in `queryset` (already limited by partnership.access)
    that match every filter given; None means "any".

    Year and stream apply to the same funding row: "core budget in 2024/25" is
    one funding line, not core in one year and any stream in 2024/25.

    District and funding are `pk IN (subquery)` on their own tables, not joins:
    one row per intervention however many match, and no join back through the
    interventions table for PostgreSQL to plan around (docs/decisions/0700).
    """
    if district is not None:
        covering = Intervention.districts.through.objects.filter(district=district)
        queryset = queryset.filter(pk__in=covering.values("intervention"))
    funding = _funding_lookup(financial_year, stream)
    if funding:
        queryset = queryset.filter(pk__in=InterventionFunding.objects.filter(**funding).values("intervention"))
    if qualifying is True:
        queryset = queryset.filter(rules.qualifying_q())
    elif qualifying is False:
        queryset = queryset.exclude(rules.qualifying_q())
    if status:
        queryset = queryset.filter(status=status)
    if provider is not None:
        queryset = queryset.filter(provider=provider)
    return _one_row_each(queryset)


def _one_row_each(interventions: QuerySet[Intervention]) -> QuerySet[Intervention]:
    """One row per intervention: access.visible's DISTINCT over a coordinator's
    districts becomes `pk IN (subquery)`; any other queryset is returned as it is,
    so an unfiltered register is a plain scan that an index can order."""
    if interventions.query.distinct:
        return Intervention.objects.filter(pk__in=interventions.values("pk"))
    return interventions


def intervention_list(
    interventions: QuerySet[Intervention],
    *,
    financial_year: FinancialYear | None = None,
    stream: str | None = None,
    sort: str = DEFAULT_SORT,
) -> QuerySet[Intervention]:
    """Rows for the list page and the API: provider and districts loaded in a fixed
    number of queries, `amount` is the funding for the chosen year and stream."""
    amounts = (
        InterventionFunding.objects.filter(intervention=OuterRef("pk"), **_funding_lookup(financial_year, stream))
        .order_by()  # without Meta.ordering's join to the financial year, for every row
        .values("intervention")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        interventions.annotate(amount=Coalesce(Subquery(amounts), Value(ZERO), output_field=MONEY_OUTPUT))
        .select_related("provider")
        .prefetch_related(
            Prefetch("districts", queryset=District.objects.order_by("is_partnership_wide", "position", "name"))
        )
        .order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))
    )


def intervention_page(rows: QuerySet[Intervention], number: int | str | None, *, per_page: int, count: int) -> Page:
    """One page of `intervention_list`'s rows, of `count` in all (the totals count them).

    The page's ids are read first, in the list's order, and then only those rows
    are loaded with their amounts: read in one query, a page deep in the list
    computed the amount of every row before it (page 50: 2,500 funding subqueries,
    6.8 ms; docs/decisions/0700).
    """
    paginator = Paginator(rows.values_list("pk", flat=True), per_page)
    paginator.count = count
    page = paginator.get_page(number)
    ids = list(page.object_list)
    loaded = rows.in_bulk(ids)
    page.object_list = [loaded[pk] for pk in ids if pk in loaded]  # one deleted in between is left out
    return page


@dataclass(frozen=True)
class RegisterTotals:
    """Totals for any filter of the register. Outcomes are for the chosen year's
    quarters (every quarter held when no year is chosen)."""

    count: int
    qualifying_count: int
    amount: Decimal
    qualifying_amount: Decimal
    young_people: int
    adults: int
    workforce_trained: int

    @property
    def other_count(self) -> int:
        return self.count - self.qualifying_count

    @property
    def other_amount(self) -> Decimal:
        return self.amount - self.qualifying_amount


def register_totals(
    interventions: QuerySet[Intervention], *, financial_year: FinancialYear | None = None, stream: str | None = None
) -> RegisterTotals:
    """Three queries, all aggregated in the database."""
    interventions = _one_row_each(interventions)
    counts = interventions.aggregate(n=Count("pk"), n_qualifying=Count("pk", filter=rules.qualifying_q()))
    money = InterventionFunding.objects.filter(**_funding_lookup(financial_year, stream))
    outcomes = QuarterlyOutcome.objects.all()
    if interventions.query.where:  # limited by access or a filter; otherwise every row counts
        money = money.filter(intervention__in=interventions.values("pk"))
        outcomes = outcomes.filter(intervention__in=interventions.values("pk"))
    money = money.aggregate(
        total=Sum("amount"), total_qualifying=Sum("amount", filter=rules.qualifying_q(prefix="intervention__"))
    )
    if financial_year is not None:
        # By start year, not by id: with the id, PostgreSQL misjudges how many of the
        # year's quarters a filtered intervention has and probes the outcomes one
        # intervention at a time (19 ms at scale); by start year it reads the
        # year's quarters from outcome_quarter_counts_idx (5 ms; docs/decisions/0700).
        outcomes = outcomes.filter(quarter__financial_year__start_year=financial_year.start_year)
    reach = outcomes.aggregate(y=Sum("young_people"), a=Sum("adults"), t=Sum("workforce_trained"))
    return RegisterTotals(
        count=counts["n"],
        qualifying_count=counts["n_qualifying"],
        amount=money["total"] or ZERO,
        qualifying_amount=money["total_qualifying"] or ZERO,
        young_people=reach["y"] or 0,
        adults=reach["a"] or 0,
        workforce_trained=reach["t"] or 0,
    )


def intervention_detail_queryset() -> QuerySet[Intervention]:
    return Intervention.objects.select_related("provider").prefetch_related("districts")


def intervention_funding_by_year(intervention: Intervention) -> list[InterventionFunding]:
    return list(
        intervention.funding.select_related("financial_year", "grant").order_by("financial_year__start_year", "stream")
    )


def intervention_outcomes(intervention: Intervention) -> list[QuarterlyOutcome]:
    """The intervention's outcomes, quarter by quarter, with their breakdowns."""
    return list(
        intervention.outcomes.select_related("quarter__financial_year")
        .prefetch_related("breakdowns")
        .order_by("quarter__financial_year__start_year", "quarter__number")
    )


def outcome_list(outcomes: QuerySet[QuarterlyOutcome]) -> QuerySet[QuarterlyOutcome]:
    """Rows for the outcome API and export: related rows loaded once."""
    return outcomes.select_related("intervention", "quarter__financial_year").order_by(
        "intervention__reference", "quarter__financial_year__start_year", "quarter__number"
    )


def outcomes_up_to_quarter(
    outcomes: QuerySet[QuarterlyOutcome], *, financial_year: FinancialYear | None = None, up_to_quarter: int = 4
) -> QuerySet[QuarterlyOutcome]:
    """The outcome rows behind `outcome_totals`: the year's (every year's when None)
    quarters 1..up_to_quarter, in the outcome page's order, related rows loaded once."""
    if financial_year is not None:
        outcomes = outcomes.filter(quarter__financial_year=financial_year)
    if up_to_quarter < 4:
        outcomes = outcomes.filter(quarter__number__lte=up_to_quarter)
    return outcomes.select_related("intervention", "quarter__financial_year").order_by(
        "quarter__financial_year__start_year", "quarter__number", "intervention__name", "intervention__reference"
    )


def outcome_rows_total(outcomes: QuerySet[QuarterlyOutcome]) -> OutcomeTotals:
    """The sums of the given outcome rows, in one query."""
    row = outcomes.order_by().aggregate(y=Sum("young_people"), a=Sum("adults"), t=Sum("workforce_trained"))
    return OutcomeTotals(young_people=row["y"] or 0, adults=row["a"] or 0, workforce_trained=row["t"] or 0)


def toolkit_approaches() -> QuerySet[ToolkitApproach]:
    return ToolkitApproach.objects.order_by("name")


# --- Aggregates by year, quarter, district, stream and qualifying status ---------

GROUPINGS = {
    "financial_year": "financial_year__start_year",
    "stream": "stream",
    "district": "intervention__districts__name",
}
OUTCOME_GROUPINGS = {
    "financial_year": "quarter__financial_year__start_year",
    "quarter": "quarter__number",
    "district": "intervention__districts__name",
}


def _qualifying_flag(prefix: str = "") -> Case:
    return Case(When(rules.qualifying_q(prefix), then=Value(True)), default=Value(False), output_field=BooleanField())


def funding_by(
    group: str,
    *,
    financial_year: FinancialYear | None = None,
    stream: str | None = None,
    interventions: QuerySet[Intervention] | None = None,
) -> list[dict]:
    """Funding summed by "financial_year", "stream", "district" or "qualifying":
    [{"key": ..., "count": interventions, "amount": Decimal}], in key order.

    By district, an intervention covering two districts counts in both, so the
    districts' amounts can add up to more than the total.
    """
    rows = InterventionFunding.objects.filter(**_funding_lookup(financial_year, stream))
    if interventions is not None:
        rows = rows.filter(intervention__in=interventions.values("pk"))
    if group == "qualifying":
        rows = rows.annotate(key=_qualifying_flag("intervention__"))
    else:
        rows = rows.annotate(key=F(GROUPINGS[group]))
    rows = rows.values("key").annotate(count=Count("intervention", distinct=True), amount=Sum("amount")).order_by("key")
    return [{"key": r["key"], "count": r["count"], "amount": r["amount"] or ZERO} for r in rows]


def outcomes_by(
    group: str,
    *,
    financial_year: FinancialYear | None = None,
    up_to_quarter: int = 4,
    interventions: QuerySet[Intervention] | None = None,
) -> list[dict]:
    """Outcomes summed by "financial_year", "quarter", "district" or "qualifying":
    [{"key", "young_people", "adults", "workforce_trained"}], in key order."""
    rows = QuarterlyOutcome.objects.filter(quarter__number__lte=up_to_quarter)
    if financial_year is not None:
        rows = rows.filter(quarter__financial_year=financial_year)
    if interventions is not None:
        rows = rows.filter(intervention__in=interventions.values("pk"))
    if group == "qualifying":
        rows = rows.annotate(key=_qualifying_flag("intervention__"))
    else:
        rows = rows.annotate(key=F(OUTCOME_GROUPINGS[group]))
    rows = (
        rows.values("key").annotate(y=Sum("young_people"), a=Sum("adults"), t=Sum("workforce_trained")).order_by("key")
    )
    return [{"key": r["key"], "young_people": r["y"], "adults": r["a"], "workforce_trained": r["t"]} for r in rows]


def intervention_api_rows(interventions: QuerySet[Intervention]) -> QuerySet[Intervention]:
    """The API's rows: provider, districts and funding (with its year) loaded once."""
    return interventions.select_related("provider").prefetch_related(
        "districts", Prefetch("funding", queryset=InterventionFunding.objects.select_related("financial_year"))
    )


def intervention_outcome_for(intervention: Intervention, quarter_id: object) -> QuarterlyOutcome | None:
    """The outcome already held for the quarter (by quarter id), to edit it; None if none or no valid id."""
    try:
        quarter_id = int(quarter_id)
    except (TypeError, ValueError):
        return None
    return intervention.outcomes.prefetch_related("breakdowns").filter(quarter_id=quarter_id).first()

"""Reads of grants and match funding that other apps (and the compliance view) use."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Field, Model, Prefetch, QuerySet, Sum

from partnership import access
from partnership.models import FinancialYear, User
from partnership.money import ZERO

from .models import BudgetLine, ContributionStatus, Grant, GrantConditions, GrantDocument, MatchContribution, Programme


def grants_for_year(financial_year: FinancialYear) -> QuerySet[Grant]:
    return (
        Grant.objects.filter(period__financial_year=financial_year)
        .select_related("funder", "period__financial_year", "conditions")
        .order_by("programme", "period__starts_on", "reference")
    )


def core_grant_for_year(financial_year: FinancialYear) -> Grant | None:
    """The year's VRU core grant with its conditions, or None if none is recorded."""
    return grants_for_year(financial_year).filter(programme=Programme.VRU_CORE).first()


@dataclass(frozen=True)
class MatchFundingProgress:
    required: Decimal
    pledged: Decimal
    confirmed: Decimal
    evidenced: Decimal

    @property
    def total(self) -> Decimal:
        """Everything counted towards the requirement, whatever its status."""
        return self.pledged + self.confirmed + self.evidenced

    @property
    def secured(self) -> Decimal:
        """Confirmed or evidenced (SECURED_STATUSES): what the requirement is judged on."""
        return self.confirmed + self.evidenced

    @property
    def met(self) -> bool:
        return self.secured >= self.required


def match_funding_progress(financial_year: FinancialYear) -> MatchFundingProgress:
    grant = core_grant_for_year(financial_year)
    conditions = getattr(grant, "conditions", None) if grant else None
    required = conditions.required_match_funding() if conditions else ZERO
    sums = dict(
        MatchContribution.objects.filter(financial_year=financial_year)
        .values_list("status")
        .annotate(total=Sum("value"))
        .values_list("status", "total")
    )
    return MatchFundingProgress(
        required=required,
        pledged=sums.get(ContributionStatus.PLEDGED, ZERO),
        confirmed=sums.get(ContributionStatus.CONFIRMED, ZERO),
        evidenced=sums.get(ContributionStatus.EVIDENCED, ZERO),
    )


# --- Pages, exports and the API ----------------------------------------------


def grants_visible_to(user: User) -> QuerySet[Grant]:
    """Grants the user may see, each with what its list row shows, in one query."""
    return access.visible(
        user,
        Grant.objects.select_related("funder", "period__financial_year", "conditions"),
    ).order_by("-period__starts_on", "programme", "reference")


def grant_detail(user: User, pk: int | str) -> Grant:
    """The grant (404 if the user may not see it) with its documents and budget lines."""
    return access.get_visible_or_404(
        user,
        Grant.objects.select_related("funder", "period__financial_year", "conditions").prefetch_related(
            Prefetch("documents", queryset=GrantDocument.objects.select_related("uploaded_by")),
            "budget_lines",
        ),
        pk=pk,
    )


# What a "counted" (?status=secured) list shows: the contributions the requirement is judged on.
SECURED = "secured"
SECURED_STATUSES = (ContributionStatus.CONFIRMED, ContributionStatus.EVIDENCED)
STATUS_FILTERS = {
    ContributionStatus.PLEDGED.value: (ContributionStatus.PLEDGED,),
    ContributionStatus.CONFIRMED.value: (ContributionStatus.CONFIRMED,),
    ContributionStatus.EVIDENCED.value: (ContributionStatus.EVIDENCED,),
    SECURED: SECURED_STATUSES,
}


def contributions_visible_to(
    user: User, financial_year: FinancialYear | None = None, status: str | None = None
) -> QuerySet[MatchContribution]:
    """`status` is a key of STATUS_FILTERS ("secured": confirmed or evidenced), or None for any."""
    qs = access.visible(
        user,
        MatchContribution.objects.select_related("partner", "financial_year").annotate(
            evidence_count=Count("evidence")
        ),
    )
    if financial_year is not None:
        qs = qs.filter(financial_year=financial_year)
    if status:
        qs = qs.filter(status__in=STATUS_FILTERS[status])
    return qs.order_by("-financial_year__start_year", "partner__name", "pk")


@dataclass(frozen=True)
class BudgetAllocation:
    """What the core grant is set aside for, apart from interventions.

    Intervention funding lives in `interventions`, which this app may not read;
    reporting adds it to show the whole headroom (reporting.views_compliance).
    """

    grant_amount: Decimal
    budget_lines_total: Decimal

    @property
    def headroom_before_interventions(self) -> Decimal:
        return self.grant_amount - self.budget_lines_total


def budget_allocation(grant: Grant) -> BudgetAllocation:
    total = grant.budget_lines.aggregate(total=Sum("amount"))["total"] or ZERO
    return BudgetAllocation(grant_amount=grant.amount, budget_lines_total=total)


def budget_lines_for_year(financial_year: FinancialYear) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(grant__period__financial_year=financial_year, grant__programme=Programme.VRU_CORE)


def budget_lines_total_for_year(financial_year: FinancialYear) -> Decimal:
    return budget_lines_for_year(financial_year).aggregate(total=Sum("amount"))["total"] or ZERO


@dataclass(frozen=True)
class Change:
    when: object
    who: str
    what: str
    field: str
    old: str
    new: str


def history_of(instance: Model, *, label: str = "") -> list[Change]:
    """Every change to one object, newest first: who, when, field, old value -> new value.

    Built from django-simple-history with `diff_against`, so what the page shows is
    what the history table holds.
    """
    records = list(instance.history.select_related("history_user").order_by("-history_date", "-history_id"))
    changes = []
    for record, previous in zip(records, records[1:] + [None], strict=True):
        who = record.history_user.get_full_name() or record.history_user.username if record.history_user else "System"
        what = label or str(instance._meta.verbose_name).capitalize()
        if previous is None:
            changes.append(
                Change(
                    record.history_date,
                    who,
                    what,
                    "",
                    "",
                    "Created" if record.history_type == "+" else record.get_history_type_display(),
                )
            )
            continue
        if record.history_type == "-":
            changes.append(Change(record.history_date, who, what, "", "", "Deleted"))
            continue
        delta = record.diff_against(previous)
        for change in delta.changes:
            field = instance._meta.get_field(change.field)
            changes.append(
                Change(
                    record.history_date,
                    who,
                    what,
                    str(field.verbose_name),
                    _shown(field, change.old),
                    _shown(field, change.new),
                )
            )
    return changes


def _shown(field: Field, value: Any) -> str:
    if value in (None, ""):
        return "(blank)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        target = field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target else str(value)
    return str(value)


def grant_history(grant: Grant) -> list[Change]:
    """The grant's own changes and its conditions', newest first."""
    changes = history_of(grant, label="Grant")
    conditions = GrantConditions.objects.filter(grant=grant).first()
    if conditions:
        changes += history_of(conditions, label="Conditions")
    for line in BudgetLine.objects.filter(grant=grant):
        changes += history_of(line, label=f"Budget line: {line.description}")
    return sorted(changes, key=lambda c: c.when, reverse=True)

"""Writes to the intervention register. Every write goes through one of these.

Each function takes keyword arguments only, validates with `full_clean()` before
saving, and records who made the change in the model's history.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from partnership.edit_conflicts import lock_for_edit
from partnership.models import District, FinancialYear, Organisation, Quarter, User

from .models import (
    BreakdownDimension,
    Intervention,
    InterventionFunding,
    OutcomeBreakdown,
    OutcomeSource,
    QuarterlyOutcome,
    ToolkitApproach,
)

M = TypeVar("M", bound=Model)


def _saved_by(instance: M, by: User | None) -> M:
    """django-simple-history reads `_history_user` when there is no request (services, tasks)."""
    if by is not None and getattr(by, "pk", None):
        instance._history_user = by
    return instance


@transaction.atomic
def outcome_record(
    *,
    intervention: Intervention,
    quarter: Quarter,
    young_people: int,
    adults: int,
    workforce_trained: int,
    source: str = OutcomeSource.ENTERED,
    by: User | None = None,
    breakdowns: list[dict] | None = None,
) -> QuarterlyOutcome:
    """Create or update the intervention's counts for the quarter.

    The one way outcomes are written: the outcome page, the API and the Annex B
    returns (svd/) all call it. Counts only: no personal data is ever stored.
    A second call for the same intervention and quarter replaces the counts.
    `breakdowns`, if given, replaces the optional aggregate breakdowns.
    """
    outcome = QuarterlyOutcome.objects.select_for_update().filter(
        intervention=intervention, quarter=quarter
    ).first() or QuarterlyOutcome(intervention=intervention, quarter=quarter)
    outcome.young_people = young_people
    outcome.adults = adults
    outcome.workforce_trained = workforce_trained
    outcome.source = source
    outcome.full_clean()
    _saved_by(outcome, by).save()
    if breakdowns is not None:
        outcome_breakdowns_set(outcome=outcome, rows=breakdowns, by=by)
    return outcome


@transaction.atomic
def outcome_withdraw(*, outcome: QuarterlyOutcome, by: User | None = None) -> None:
    """Remove a quarter's outcome (its breakdowns with it); the history keeps who and when.
    Used when the approved return that fed it is reopened (docs/decisions/0301)."""
    _saved_by(outcome, by).delete()


@transaction.atomic
def outcome_breakdowns_set(
    *, outcome: QuarterlyOutcome, rows: list[dict], by: User | None = None
) -> list[OutcomeBreakdown]:
    """Replace the outcome's optional aggregate breakdowns with `rows`.

    Each row is {"dimension", "category", "young_people", "adults"}. A breakdown
    is a count for a category (a district, a sex, an ethnic group), never a person.
    Within one dimension the categories cannot add up to more than the quarter's
    counts (they may add up to less: not everyone's category is known).
    """
    totals = {}
    for row in rows:
        young, adults = totals.get(row["dimension"], (0, 0))
        totals[row["dimension"]] = (young + (row.get("young_people") or 0), adults + (row.get("adults") or 0))
    for dimension, (young, adults) in totals.items():
        label = BreakdownDimension(dimension).label.lower()
        if young > outcome.young_people or adults > outcome.adults:
            raise ValidationError(
                f"The breakdown by {label} adds up to {young} aged 24 or under and {adults} aged 25 or over, "
                f"more than the quarter's {outcome.young_people} and {outcome.adults}."
            )
    outcome.breakdowns.all().delete()
    saved = []
    for row in rows:
        breakdown = OutcomeBreakdown(
            outcome=outcome,
            dimension=BreakdownDimension(row["dimension"]),
            category=row["category"],
            young_people=row.get("young_people") or 0,
            adults=row.get("adults") or 0,
        )
        breakdown.full_clean()
        breakdown.save()
        saved.append(breakdown)
    return saved


def _apply_approach(intervention: Intervention, approach: ToolkitApproach | None, rated_on: date | None) -> None:
    """Copy the approach's current rating onto the intervention: a snapshot that
    later changes to the reference list do not alter."""
    if approach is None:
        return
    intervention.approach_name = approach.name
    intervention.impact = approach.impact
    intervention.evidence_quality = approach.evidence_quality
    intervention.cost = approach.cost
    intervention.rated_on = rated_on or approach.rated_on


@transaction.atomic
def intervention_create(
    *,
    reference: str,
    name: str,
    provider: Organisation,
    districts: list[District],
    approach: ToolkitApproach | None = None,
    rated_on: date | None = None,
    by: User | None = None,
    **fields: Any,
) -> Intervention:
    intervention = Intervention(reference=reference, name=name, provider=provider, **fields)
    _apply_approach(intervention, approach, rated_on)
    intervention.full_clean()
    _saved_by(intervention, by).save()
    intervention.districts.set(districts)
    return intervention


@transaction.atomic
def intervention_update(
    *,
    intervention: Intervention,
    districts: list[District] | None = None,
    approach: ToolkitApproach | None = None,
    rated_on: date | None = None,
    by: User | None = None,
    version: int | None = None,
    **fields: Any,
) -> Intervention:
    """Change the intervention's details. Picking an approach takes a new rating
    snapshot; leaving it empty keeps the snapshot it has. A save begun from an
    older `version` (the API's ETag too) is refused (StaleEdit)."""
    intervention = lock_for_edit(Intervention.objects, pk=intervention.pk, version=version, what="this intervention")
    for name, value in fields.items():
        setattr(intervention, name, value)
    _apply_approach(intervention, approach, rated_on)
    intervention.version += 1
    intervention.full_clean()
    _saved_by(intervention, by).save()
    if districts is not None:
        intervention.districts.set(districts)
    return intervention


@transaction.atomic
def intervention_funding_set(
    *, intervention: Intervention, financial_year: FinancialYear, stream: str, amount: Decimal, by: User | None = None
) -> InterventionFunding:
    """Create or update the amount from one stream in one financial year."""
    funding = InterventionFunding.objects.select_for_update().filter(
        intervention=intervention, financial_year=financial_year, stream=stream
    ).first() or InterventionFunding(intervention=intervention, financial_year=financial_year, stream=stream)
    funding.amount = amount
    funding.full_clean()
    _saved_by(funding, by).save()
    return funding


@transaction.atomic
def intervention_funding_remove(*, funding: InterventionFunding, by: User | None = None) -> None:
    _saved_by(funding, by).delete()


def toolkit_approach_save(*, approach: ToolkitApproach, by: User | None = None) -> ToolkitApproach:
    approach.full_clean()
    _saved_by(approach, by).save()
    return approach

"""Writes to grants, their conditions, match funding, budget lines and files.

Every write runs full_clean() before save(), so a form, the admin and a script
meet the same rules. Who changed what is recorded by django-simple-history
(HistoryRequestMiddleware for pages; `_history_user` when called elsewhere).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model

from partnership.edit_conflicts import StaleEdit, lock_for_edit, related_changes, version_raise
from partnership.models import User
from partnership.money import split_equally
from partnership.uploads import upload_check

from .budget import grant_budget
from .models import (
    BudgetForecast,
    BudgetLine,
    BudgetLineQuarter,
    EvidenceFile,
    Grant,
    GrantConditions,
    GrantDocument,
    MatchContribution,
)

M = TypeVar("M", bound=Model)


def _save(obj: M, by: User | None) -> M:
    obj.full_clean()
    if by is not None:
        obj._history_user = by
    obj.save()
    return obj


def _apply(obj: M, fields: dict[str, Any]) -> M:
    for name, value in fields.items():
        setattr(obj, name, value)
    return obj


@transaction.atomic
def grant_create(*, by: User, **fields: Any) -> Grant:
    return _save(Grant(**fields), by)


@transaction.atomic
def grant_update(*, grant: Grant, by: User, version: int | None = None, **fields: Any) -> Grant:
    """Save the changes and raise the version (the API's ETag too). A save begun
    from an older `version` is refused (StaleEdit), so nobody's change is lost."""
    grant = lock_for_edit(Grant.objects, pk=grant.pk, version=version, what="this grant")
    _apply(grant, fields)
    version_raise(grant)  # under the row lock, so no two saves share a version
    return _save(grant, by)


@transaction.atomic
def grant_conditions_save(*, grant: Grant, by: User, version: int | None = None, **fields: Any) -> GrantConditions:
    """Create or change the conditions on a grant; fields the basis does not use are cleared.
    `version` is the one the form was drawn from (0 before there were conditions):
    conditions saved by someone else since are not overwritten (StaleEdit)."""
    Grant.objects.select_for_update().get(pk=grant.pk)  # two first saves cannot both create
    if GrantConditions.objects.filter(grant=grant).exists():
        conditions = lock_for_edit(
            GrantConditions.objects, grant=grant, version=version, what="the conditions on this grant"
        )
        version_raise(conditions)
    elif version:
        raise StaleEdit(what="the conditions on this grant", version=0, changes=[])
    else:
        conditions = GrantConditions(grant=grant)
    _apply(conditions, fields)
    if conditions.match_funding_basis == "amount":
        conditions.match_funding_percent = None
        conditions.match_reference_amount = None
        conditions.match_reference_label = ""
    else:
        conditions.match_funding_amount = None
    return _save(conditions, by)


@transaction.atomic
def contribution_create(*, by: User, **fields: Any) -> MatchContribution:
    return _save(MatchContribution(**fields), by)


@transaction.atomic
def contribution_update(
    *, contribution: MatchContribution, by: User, version: int | None = None, **fields: Any
) -> MatchContribution:
    """A save begun from an older `version` is refused (StaleEdit)."""
    contribution = lock_for_edit(
        MatchContribution.objects, pk=contribution.pk, version=version, what="this contribution"
    )
    version_raise(contribution)
    return _save(_apply(contribution, fields), by)


@transaction.atomic
def budget_line_create(*, by: User, **fields: Any) -> BudgetLine:
    """Over-allocation is shown as a warning, not blocked (docs/decisions/0100)."""
    line = _save(BudgetLine(**fields), by)
    budget_plan_split(line=line)
    return line


@transaction.atomic
def budget_line_update(*, line: BudgetLine, by: User, **fields: Any) -> BudgetLine:
    line = _save(_apply(BudgetLine.objects.select_for_update().get(pk=line.pk), fields), by)
    budget_plan_split(line=line)
    return line


def budget_plan_split(*, line: BudgetLine) -> list[BudgetLineQuarter]:
    """Plan the line's amount in four equal quarters that add up to it to the
    penny (partnership.money.split_equally: the odd pennies go to the first
    quarters). A plan that already adds up is kept; actual spend is never touched."""
    quarters = {q.quarter: q for q in BudgetLineQuarter.objects.select_for_update().filter(line=line)}
    if len(quarters) == 4 and sum(q.planned for q in quarters.values()) == line.amount:
        return [quarters[n] for n in (1, 2, 3, 4)]
    planned = []
    for number, amount in enumerate(split_equally(line.amount, 4), 1):
        quarter = quarters.get(number) or BudgetLineQuarter(line=line, quarter=number)
        quarter.planned = amount
        planned.append(_save(quarter, None))
    return planned


def _quarter_changes(line: BudgetLine, since: datetime | None) -> list:
    return related_changes(
        BudgetLineQuarter,
        line.quarters.all(),
        since,
        line=lambda q: q.get_quarter_display(),
        fields=["actual"],
    )


@transaction.atomic
def budget_actuals_save(
    *, line: BudgetLine, by: User, actuals: dict[int, Any], version: int | None = None
) -> BudgetLine:
    """Set the line's actual spend by quarter ({1: Decimal or None, ...}). A save
    begun from an older `version` of the actuals is refused (StaleEdit)."""
    line = lock_for_edit(
        BudgetLine.objects,
        pk=line.pk,
        version=version,
        what="the actual spend on this budget line",
        version_field="actuals_version",
        fields=[],
        related=_quarter_changes,
    )
    quarters = {q.quarter: q for q in budget_plan_split(line=line)}
    for number, amount in actuals.items():
        quarter = quarters[number]
        if quarter.actual != amount:
            quarter.actual = amount
            _save(quarter, by)
    version_raise(line, "actuals_version")
    return _save(line, by)


class ForecastNotReady(ValueError):
    """The quarter's forecast cannot be recorded (yet, or again)."""


@transaction.atomic
def budget_forecast_record(*, grant: Grant, quarter: int, by: User) -> list[BudgetForecast]:
    """Keep each line's forecast outturn as it stands at the end of `quarter`:
    actual spend to date plus the plan for the quarters after. Refused until every
    line has its actual spend for the quarters up to it, and once recorded it is
    never overwritten."""
    if quarter not in (1, 2, 3, 4):
        raise ForecastNotReady("Choose a quarter from Q1 to Q4.")
    Grant.objects.select_for_update().get(pk=grant.pk)  # two clicks cannot both record
    budget = grant_budget(grant)
    if not budget.lines:
        raise ForecastNotReady("The grant has no budget lines to forecast.")
    if quarter > budget.quarters_reported:
        raise ForecastNotReady(f"Enter every line's actual spend up to Q{quarter} before recording its forecast.")
    if BudgetForecast.objects.filter(line__grant=grant, quarter=quarter).exists():
        raise ForecastNotReady(f"The Q{quarter} forecast has already been recorded.")
    return BudgetForecast.objects.bulk_create(
        BudgetForecast(
            line=row.line,
            quarter=quarter,
            actual_to_date=row.actual_to(quarter),
            forecast_outturn=row.forecast_at(quarter),
            recorded_by=by,
        )
        for row in budget.lines
    )


@transaction.atomic
def budget_line_delete(*, line: BudgetLine, by: User) -> None:
    line._history_user = by
    line.delete()


def _stored(model: type[M], uploaded: UploadedFile, by: User, **fields: Any) -> M:
    checked = upload_check(uploaded)
    uploaded.name = checked.stored_name
    obj = model(
        file=uploaded,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=by,
        **fields,
    )
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def evidence_attach(*, contribution: MatchContribution, uploaded: UploadedFile, by: User) -> EvidenceFile:
    """Store an evidence file under a portal-chosen name after checking its content and size."""
    return _stored(EvidenceFile, uploaded, by, contribution=contribution)


@transaction.atomic
def grant_document_attach(*, grant: Grant, title: str, uploaded: UploadedFile, by: User) -> GrantDocument:
    return _stored(GrantDocument, uploaded, by, grant=grant, title=title)

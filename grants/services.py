"""Writes to grants, their conditions, match funding, budget lines and files.

Every write runs full_clean() before save(), so a form, the admin and a script
meet the same rules. Who changed what is recorded by django-simple-history
(HistoryRequestMiddleware for pages; `_history_user` when called elsewhere).
"""

from django.db import transaction

from partnership.uploads import upload_check

from .models import BudgetLine, EvidenceFile, Grant, GrantConditions, GrantDocument, MatchContribution


def _save(obj, by):
    obj.full_clean()
    if by is not None:
        obj._history_user = by
    obj.save()
    return obj


def _apply(obj, fields: dict):
    for name, value in fields.items():
        setattr(obj, name, value)
    return obj


@transaction.atomic
def grant_create(*, by, **fields) -> Grant:
    return _save(Grant(**fields), by)


@transaction.atomic
def grant_update(*, grant: Grant, by, **fields) -> Grant:
    """Save the changes and bump the version, so two staff editing at once can be told apart."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    _apply(grant, fields)
    grant.version += 1  # under the row lock, so no two saves share a version
    return _save(grant, by)


@transaction.atomic
def grant_conditions_save(*, grant: Grant, by, **fields) -> GrantConditions:
    """Create or change the conditions on a grant; fields the basis does not use are cleared."""
    conditions = GrantConditions.objects.select_for_update().filter(grant=grant).first() or GrantConditions(grant=grant)
    _apply(conditions, fields)
    if conditions.match_funding_basis == "amount":
        conditions.match_funding_percent = None
        conditions.match_reference_amount = None
        conditions.match_reference_label = ""
    else:
        conditions.match_funding_amount = None
    return _save(conditions, by)


@transaction.atomic
def contribution_create(*, by, **fields) -> MatchContribution:
    return _save(MatchContribution(**fields), by)


@transaction.atomic
def contribution_update(*, contribution: MatchContribution, by, **fields) -> MatchContribution:
    contribution = MatchContribution.objects.select_for_update().get(pk=contribution.pk)
    return _save(_apply(contribution, fields), by)


@transaction.atomic
def budget_line_create(*, by, **fields) -> BudgetLine:
    """Over-allocation is shown as a warning, not blocked (docs/decisions/0100)."""
    return _save(BudgetLine(**fields), by)


@transaction.atomic
def budget_line_update(*, line: BudgetLine, by, **fields) -> BudgetLine:
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    return _save(_apply(line, fields), by)


@transaction.atomic
def budget_line_delete(*, line: BudgetLine, by) -> None:
    line._history_user = by
    line.delete()


def _stored(model, uploaded, by, **fields):
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
def evidence_attach(*, contribution: MatchContribution, uploaded, by) -> EvidenceFile:
    """Store an evidence file under a portal-chosen name after checking its content and size."""
    return _stored(EvidenceFile, uploaded, by, contribution=contribution)


@transaction.atomic
def grant_document_attach(*, grant: Grant, title: str, uploaded, by) -> GrantDocument:
    return _stored(GrantDocument, uploaded, by, grant=grant, title=title)

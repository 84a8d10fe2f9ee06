"""Writes to grants, their conditions, match funding, budget lines and files.

Every write runs full_clean() before save(), so a form, the admin and a script
meet the same rules. Who changed what is recorded by django-simple-history
(HistoryRequestMiddleware for pages; `_history_user` when called elsewhere).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model

from partnership.edit_conflicts import StaleEdit, lock_for_edit, version_raise
from partnership.models import User
from partnership.uploads import upload_check

from .models import BudgetLine, EvidenceFile, Grant, GrantConditions, GrantDocument, MatchContribution

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
    return _save(BudgetLine(**fields), by)


@transaction.atomic
def budget_line_update(*, line: BudgetLine, by: User, **fields: Any) -> BudgetLine:
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    return _save(_apply(line, fields), by)


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

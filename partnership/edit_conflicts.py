"""No lost edits: a page form two people can open on the same object refuses a
stale save and shows what changed, as quarterly returns do (docs/decisions/0300).

One mechanism for every such form:

- The object keeps a version counter (`version`, the one the API's ETag uses
  where the model has one). A service raises it on every change.
- The form carries the version it was drawn from in a hidden field
  (`EditVersionFormMixin`).
- The service locks the row and compares, inside its transaction
  (`lock_for_edit`): if someone saved meanwhile it raises `StaleEdit`, listing
  what they changed (from the object's django-simple-history records), and
  nothing is written.
- The view catches `StaleEdit`, answers 409 with the typed values still in the
  form, and the page shows `partnership/_edit_conflict.html`. The form now
  carries the current version, so saving again (after a look) goes through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.db.models import Field, Manager, Model, QuerySet

if TYPE_CHECKING:
    from .models import User

M = TypeVar("M", bound=Model)

VERSION = "version"
OUT_OF_DATE = "This page is out of date. Open it again, then make your change"


@dataclass(frozen=True)
class Change:
    line: str  # which part of the object ("" for the object itself)
    field: str  # the field's label
    old: object  # as a person reads it
    new: object
    name: str | None = None  # the form field, where the change can be merged into a form
    stored_old: object = None  # as stored
    stored_new: object = None


class StaleEdit(Exception):
    """Someone saved the object after the version this save started from."""

    def __init__(
        self,
        *,
        what: str,
        version: int,
        changes: list[Change],
        saved_by: User | None = None,
        saved_at: datetime | None = None,
    ) -> None:
        super().__init__(f"{what} was changed by someone else since you opened it.")
        self.what, self.version, self.changes = what, version, changes
        self.saved_by, self.saved_at = saved_by, saved_at


def _shown(instance: Model | None, field: Field) -> object:
    """A field's value as a person reads it (a choice's label, a related object's name)."""
    if instance is None:
        return None
    if field.is_relation:
        try:
            return getattr(instance, field.name)
        except field.related_model.DoesNotExist:
            return None
    value = getattr(instance, field.attname)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def _compared_fields(model: type[Model], fields: Iterable[str] | None, version_field: str) -> list[Field]:
    if fields is not None:
        return [model._meta.get_field(name) for name in fields]
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name != version_field
    ]


def _baseline(obj: Model, version: int, version_field: str) -> Model | None:
    """The history record of `obj` as it was at `version`: the latest one saved
    at that version or before (a version raised without a save keeps the content)."""
    return (
        obj.history.filter(**{f"{version_field}__lte": version})
        .order_by("-history_date", "-history_id")
        .select_related("history_user")
        .first()
    )


def _stored(instance: Model | None, field: Field) -> object:
    return getattr(instance, field.attname, None) if instance is not None else None


def field_changes(before: Model | None, after: Model | None, fields: Iterable[Field], line: str = "") -> list[Change]:
    """Each field whose stored value differs between two versions of a row. The
    object's own fields (no `line`) can be merged into its form by name."""
    return [
        Change(
            line,
            str(field.verbose_name).capitalize(),
            _shown(before, field),
            _shown(after, field),
            name=None if line else field.name,
            stored_old=_stored(before, field),
            stored_new=_stored(after, field),
        )
        for field in fields
        if _stored(before, field) != _stored(after, field)
    ]


def related_changes(
    model: type[Model],
    current: Iterable[Model],
    since: datetime | None,
    *,
    line: Callable[[Any], str],
    fields: Iterable[str],
) -> list[Change]:
    """What changed in related rows (`current`, saved now) since a moment: each
    row's history record as it stood then, against the row now."""
    current = list(current)
    then = {}
    if since is not None:
        # A history record's own pk is history_id; the row's id is the model's pk attname.
        key = model._meta.pk.attname
        records = model.history.filter(**{f"{key}__in": [row.pk for row in current]}, history_date__lte=since)
        for record in records.order_by("history_date", "history_id"):
            then[getattr(record, key)] = record  # the last one at or before `since` wins
    compared = [model._meta.get_field(name) for name in fields]
    changes = []
    for row in current:
        changes += field_changes(then.get(row.pk), row, compared, line=line(row))
    return changes


def lock_for_edit(
    queryset: QuerySet[M] | Manager[M],
    *,
    version: int | None,
    what: str,
    version_field: str = VERSION,
    fields: Iterable[str] | None = None,
    related: Callable[[M, datetime | None], list[Change]] | None = None,
    **lookup: Any,
) -> M:
    """The object, locked for this transaction (select_for_update), if it is still
    at `version`. Call inside transaction.atomic. Otherwise `StaleEdit` with what
    changed since, from `fields` of the object (default: every editable field)
    and from `related(obj, since)`, a function listing changes of related rows.

    `version` None skips the comparison: a caller with no page behind it (the
    admin, a script, an API that checked If-Match itself) still gets the lock."""
    obj = queryset.select_for_update().get(**lookup)
    current = getattr(obj, version_field)
    if version is None or int(version) == current:
        return obj
    baseline = _baseline(obj, int(version), version_field)
    changes = field_changes(baseline, obj, _compared_fields(type(obj), fields, version_field))
    if related is not None:
        changes += related(obj, baseline.history_date if baseline is not None else None)
    latest = obj.history.order_by("-history_date", "-history_id").select_related("history_user").first()
    raise StaleEdit(
        what=what,
        version=current,
        changes=changes,
        saved_by=latest.history_user if latest is not None else None,
        saved_at=latest.history_date if latest is not None else None,
    )


def version_raise(obj: Model, version_field: str = VERSION) -> None:
    """Raise the version of a locked object, before it is saved."""
    setattr(obj, version_field, getattr(obj, version_field) + 1)


class EditVersionFormMixin:
    """A hidden field with the version the form was drawn from.

    Call `self.add_edit_version(current)` at the end of `__init__` when the form
    changes a saved object (a form that only creates has nothing to be stale against). After
    is_valid(), `self.edit_version` is the version to pass to the service (it is
    not in cleaned_data, so `**cleaned_data` never sets it). On `StaleEdit`,
    `self.show_conflict(error)` keeps the typed values and takes the current
    version, so the next save is checked against what the person has now seen.

    The form then holds both people's changes: a field the second person left
    as they found it takes the value saved meanwhile, and a field they changed
    keeps what they typed. Saving again cannot quietly undo the first save."""

    conflict = None
    edit_version = None

    def add_edit_version(self, current: int) -> None:
        self.fields[VERSION] = forms.IntegerField(widget=forms.HiddenInput, initial=current, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if VERSION not in self.fields:  # a form that makes a new object
            return cleaned
        self.edit_version = cleaned.pop(VERSION, None)
        if self.edit_version is None or VERSION in self.errors or self.edit_version < 0:
            # A hidden field's error would have nowhere to show: say it for the page.
            self.errors.pop(VERSION, None)
            self.add_error(None, forms.ValidationError(OUT_OF_DATE, code="no_version"))
        return cleaned

    def show_conflict(self, error: StaleEdit) -> None:
        self.conflict = error
        data = self.data.copy()
        data[self.add_prefix(VERSION)] = error.version
        for change in error.changes:
            if change.name in self.fields and self._left_as_found(change):
                data[self.add_prefix(change.name)] = self.fields[change.name].prepare_value(change.stored_new)
        self.data = data

    def _left_as_found(self, change: Change) -> bool:
        typed = self.cleaned_data.get(change.name) if hasattr(self, "cleaned_data") else None
        typed = getattr(typed, "pk", typed)
        return typed == change.stored_old or (typed in (None, "") and change.stored_old in (None, ""))


def version_of(instance: Model | None, version_field: str = VERSION) -> int:
    """The version a form on `instance` starts from: 0 for one not saved yet."""
    return getattr(instance, version_field) if instance is not None and instance.pk else 0

"""The audit trail in the words people use: objects named as they know them
("Northside CSP Q1 2025/26 return", not "Quarterly return 18"), people by name,
money in pounds, choices by their label, dates written out, times in one
24-hour format (Europe/London)."""

from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from .money import format_gbp

EMPTY = "(empty)"


def person(user) -> str:
    if user is None:
        return "The portal"
    return user.get_full_name() or user.username


def object_name(obj) -> str:
    """What people call the object: its `audit_name` if it has one, else its str()."""
    name = getattr(obj, "audit_name", None)
    return str(name() if callable(name) else name) if name is not None else str(obj)


def names_for(model, pks) -> dict:
    """{pk: name} for the objects of one model still present: one query, following
    the foreign keys their names read. A deleted one is named from its history."""
    found = model._default_manager.select_related(*_name_joins(model)).in_bulk(set(pks))
    return {pk: object_name(obj) for pk, obj in found.items()}


def _name_joins(model) -> list[str]:
    return list(getattr(model, "AUDIT_NAME_JOINS", ()))


def shown(field, value, related_names: dict) -> str:
    """One stored value as a person reads it."""
    if value is None or value == "":
        return EMPTY
    if field is None:
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        return related_names.get((field.related_model, value), f"{field.related_model._meta.verbose_name} (deleted)")
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, models.DecimalField) and field.decimal_places == 2 and isinstance(value, Decimal):
        return format_gbp(value) if _is_money(field) else f"{value}"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return str(value)


def _is_money(field) -> bool:
    """Two-decimal amounts are money except percentages (which name themselves)."""
    return "percent" not in field.name


def related_names_for(values) -> dict:
    """{(model, pk): name} for the foreign keys among (field, value) pairs: one query per model."""
    wanted: dict = {}
    for field, value in values:
        if isinstance(field, models.ForeignKey) and value is not None:
            wanted.setdefault(field.related_model, set()).add(value)
    names = {}
    for model, pks in wanted.items():
        if model._meta.label_lower == "partnership.user":
            for user in model._default_manager.filter(pk__in=pks):
                names[(model, user.pk)] = person(user)
            continue
        for pk, name in names_for(model, pks).items():
            names[(model, pk)] = name
    return names

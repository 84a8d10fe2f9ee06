"""A return's value history, in the words its users know: who changed which
value on which line, when, from what to what. Money in pounds, progress as
its label, people by name; newest first. The values one save changed share
a moment, so they read as the return does: Annex A before Annex B, each
annex's lines and fields in the pages' order.

Read from the lines' django-simple-history records (two queries for a return).
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Paginator

from partnership.money import format_gbp

from . import validation
from .models import AnnexALine, AnnexBLine, Progress

BLANK = "(blank)"
MONEY_FIELDS = frozenset({"allocation", *validation.ANNEX_A_MONEY_FIELDS})
COUNT_FIELDS = frozenset(validation.ANNEX_B_COUNT_FIELDS)
A_HISTORY_FIELDS = ["allocation"] + validation.ANNEX_A_FIELDS
B_HISTORY_FIELDS = ["activity_name"] + validation.ANNEX_B_FIELDS
FIELD_LABELS = {"allocation": "allocation", "activity_name": "activity name", "line": "line", **validation.LABELS}
CHANGES_PER_PAGE = 25


def shown(key: str, value) -> str:
    """A stored value as the return's pages show it."""
    if value is None or value == "":
        return BLANK
    if key in MONEY_FIELDS:
        return format_gbp(value)
    if key in COUNT_FIELDS:
        return f"{value:,}"
    if key == "progress":
        return Progress(value).label if value in Progress.values else str(value)
    return str(value)


@dataclass(frozen=True)
class ValueChange:
    at: datetime
    by: str
    annex: str
    line: str
    field: str
    old: object
    new: object
    version: int
    key: str = ""
    by_id: int | None = None

    @property
    def old_shown(self) -> str:
        return shown(self.key, self.old)

    @property
    def new_shown(self) -> str:
        return shown(self.key, self.new)


def value_history(quarterly_return) -> list[ValueChange]:
    """Who changed which value, when, from what to what: newest save first, each
    save's changes in the return's order. Three queries."""
    a_names = dict(AnnexALine.funding_line.field.choices)
    a_places = {value: place for place, value in enumerate(a_names)}
    b_lines = AnnexBLine.objects.filter(quarterly_return=quarterly_return).select_related("intervention")
    b_names, b_places = {}, {}
    for place, line in enumerate(b_lines):
        b_names[line.pk], b_places[line.pk] = line.name, place
    placed = []
    sources = (
        ("a", AnnexALine.history.filter(quarterly_return_id=quarterly_return.pk), A_HISTORY_FIELDS),
        ("b", AnnexBLine.history.filter(quarterly_return_id=quarterly_return.pk), B_HISTORY_FIELDS),
    )
    for annex, records, fields in sources:
        previous = {}
        field_places = {"line": -1} | {field: place for place, field in enumerate(fields)}
        for record in records.select_related("history_user").order_by("history_date", "history_id"):
            before = previous.get(record.id)
            previous[record.id] = record
            if annex == "a":
                name, line_place = a_names.get(record.funding_line), a_places.get(record.funding_line, len(a_places))
            else:
                name, line_place = b_names.get(record.id, record.activity_name), b_places.get(record.id, len(b_places))
            user = record.history_user
            who = (user.get_full_name() or user.username) if user else "The portal"
            # A person's save gives each line it changes the return's new version;
            # the portal's own change to a line (its allocation) leaves it as it was.
            save = (
                (record.saved_in_version, record.history_user_id)
                if before is None or before.saved_in_version != record.saved_in_version
                else ("record", annex, record.history_id)
            )
            placed += [
                (
                    save,
                    (annex, line_place, record.id, field_places.get(key, len(field_places))),
                    ValueChange(
                        record.history_date,
                        who,
                        annex,
                        name,
                        FIELD_LABELS.get(key, key.replace("_", " ")),
                        old,
                        new,
                        record.saved_in_version,
                        key=key,
                        by_id=record.history_user_id,
                    ),
                )
                for key, old, new in _differences(annex, before, record, fields)
            ]
    saved_at = {}
    for save, _, change in placed:
        saved_at[save] = max(saved_at.get(save, change.at), change.at)
    placed.sort(key=lambda p: p[1])
    placed.sort(key=lambda p: saved_at[p[0]], reverse=True)  # stable: each save keeps the return's order
    return [change for _, _, change in placed]


def _differences(annex, before, record, fields):
    """(field, old, new) for each value one history record changed. A free-text
    activity added or removed by a person is a change too; the lines a return
    opens with are not."""
    if record.history_type == "-":
        return [("line", "On the return", "Removed")]
    if before is None:
        is_activity = annex == "b" and record.intervention_id is None
        return [("line", None, "Added")] if is_activity else []
    return [
        (field, getattr(before, field), getattr(record, field))
        for field in fields
        if getattr(before, field) != getattr(record, field)
    ]


def changes_since(quarterly_return, version: int) -> list[ValueChange]:
    """What was saved after `version`: shown when a save is refused."""
    return [change for change in value_history(quarterly_return) if change.version > version]


@dataclass(frozen=True)
class HistoryPage:
    page: object
    lines: list[str]
    people: list[str]
    total: int


def history_page(quarterly_return, *, annex="", line="", person="", page=None) -> HistoryPage:
    """One page of the value history, filtered by annex, line and person, with
    the choices each filter offers (from the whole history, so a filter never
    hides its own options)."""
    changes = value_history(quarterly_return)
    lines = sorted({c.line for c in changes if c.line})
    people = sorted({c.by for c in changes})
    wanted = [
        c
        for c in changes
        if (not annex or c.annex == annex) and (not line or c.line == line) and (not person or c.by == person)
    ]
    return HistoryPage(
        page=Paginator(wanted, CHANGES_PER_PAGE).get_page(page), lines=lines, people=people, total=len(changes)
    )

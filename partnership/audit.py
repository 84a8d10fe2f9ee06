"""The audit trail: who changed what and when, for staff, per object and across
the portal. Read-only by construction: these views only ever GET.

Changes come from django-simple-history (every tracked model's `history`),
which records the user, the time and every field, so a workflow transition
shows as its status field's old and new value. Sign-ins and failed sign-ins come
from django-axes's access logs (no passwords: axes masks AXES_SENSITIVE_PARAMETERS).
"""

from datetime import datetime, time, timedelta

from axes.models import AccessFailureLog, AccessLog
from crispy_forms_gds.helper import FormHelper
from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from simple_history.models import registered_models

from . import audit_display
from .access import staff_required
from .dates import DateField

LIST_LIMIT = 50  # entries a page
SIGN_INS = "sign-ins"
CHANGE_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}
# Counters the portal keeps for itself: a change to one says nothing a person needs.
HIDDEN_FIELDS = frozenset({"version", "saved_in_version"})


def _field_label(field, name) -> str:
    return str(field.verbose_name).capitalize() if field is not None else name.replace("_", " ").capitalize()


def tracked_models():
    """Every model with a history, by label, sorted by its name."""
    # Many-to-many "through" histories are registered too; they have no manager
    # of their own and show up as a change to the object that holds them.
    models = {model._meta.label_lower: model for model in registered_models.values() if hasattr(model, "history")}
    return dict(sorted(models.items(), key=lambda item: str(item[1]._meta.verbose_name)))


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label="What", required=False)
    user = forms.CharField(label="Who (username)", required=False, max_length=150)
    date_from = DateField(label="From", required=False, help_text="For example, 1 4 2025")
    date_to = DateField(label="To", required=False, help_text="For example, 30 6 2025")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Everything"), (SIGN_INS, "Sign-ins")]
        choices += [(label, str(model._meta.verbose_name).capitalize()) for label, model in tracked_models().items()]
        self.fields["model"].choices = choices
        self.helper = FormHelper()
        self.helper.form_tag = False
        # The template's <form> filters by GET: crispy would otherwise add a CSRF
        # token, which then sits in the URL, the browser history and the paging links.
        self.helper.form_method = "get"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return cleaned


def _bounds(cleaned):
    tz = timezone.get_current_timezone()
    start = cleaned.get("date_from")
    end = cleaned.get("date_to")
    return (
        datetime.combine(start, time.min, tzinfo=tz) if start else None,
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz) if end else None,
    )


def audit_changes(*, model_label="", username="", start=None, end=None, limit=LIST_LIMIT, offset=0):
    """History entries across the tracked models, newest first, from `offset`:
    one query per tracked model (each gives its newest offset + limit), then one
    per model on the page to name its objects."""
    rows = []
    for label, model in tracked_models().items():
        if model_label and label != model_label:
            continue
        entries = model.history.select_related("history_user").order_by("-history_date")
        if username:
            entries = entries.filter(history_user__username=username)
        if start:
            entries = entries.filter(history_date__gte=start)
        if end:
            entries = entries.filter(history_date__lt=end)
        for entry in entries[: offset + limit]:
            rows.append(
                {
                    "when": entry.history_date,
                    "who": entry.history_user.username if entry.history_user else "",
                    "who_name": audit_display.person(entry.history_user),
                    "what": str(model._meta.verbose_name).capitalize(),
                    "label": label,
                    "model": model,
                    "object_id": getattr(entry, model._meta.pk.attname),
                    "entry": entry,
                    "change": CHANGE_TYPES.get(entry.history_type, entry.history_type),
                }
            )
    rows.sort(key=lambda row: row["when"], reverse=True)
    page = rows[offset : offset + limit]
    _name(page)
    return page


def _name(rows) -> None:
    """Each row's object as people know it; a deleted object by its last recorded state."""
    by_model: dict = {}
    for row in rows:
        by_model.setdefault(row["model"], set()).add(row["object_id"])
    names = {model: audit_display.names_for(model, pks) for model, pks in by_model.items()}
    for row in rows:
        name = names[row.pop("model")].get(row["object_id"])
        entry = row.pop("entry")
        row["name"] = name or f"{audit_display.object_name(entry.instance)} (deleted)"


def audit_sign_ins(*, username="", start=None, end=None, limit=LIST_LIMIT, offset=0):
    """Sign-ins and failed sign-ins, newest first (two queries)."""
    rows = []
    for log, outcome in ((AccessLog, "Signed in"), (AccessFailureLog, "Failed sign-in")):
        entries = log.objects.order_by("-attempt_time")
        if username:
            entries = entries.filter(username=username)
        if start:
            entries = entries.filter(attempt_time__gte=start)
        if end:
            entries = entries.filter(attempt_time__lt=end)
        for entry in entries[: offset + limit]:
            rows.append({"when": entry.attempt_time, "who": entry.username, "ip": entry.ip_address, "change": outcome})
    rows.sort(key=lambda row: row["when"], reverse=True)
    return rows[offset : offset + limit]


MAX_PAGE = 1000


def _page_number(text) -> int:
    try:
        return min(max(int(text), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


@require_GET
@staff_required
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    rows, sign_ins = [], False
    cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page_number = _page_number(request.GET.get("page"))
    offset = (page_number - 1) * LIST_LIMIT
    if not form.is_bound or form.is_valid():
        start, end = _bounds(cleaned)
        username = cleaned.get("user", "").strip()
        # One more than a page, to know whether there is a next page without counting everything.
        wanted = {"username": username, "start": start, "end": end, "limit": LIST_LIMIT + 1, "offset": offset}
        if cleaned.get("model") == SIGN_INS:
            sign_ins = True
            rows = audit_sign_ins(**wanted)
        else:
            rows = audit_changes(model_label=cleaned.get("model", ""), **wanted)
    has_next = len(rows) > LIST_LIMIT
    rows = rows[:LIST_LIMIT]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "rows": rows,
        "sign_ins": sign_ins,
        "page_number": page_number,
        "has_next": has_next,
        "query": query.urlencode(),
    }
    return render(request, "partnership/audit_list.html", context)


@require_GET
@staff_required
def audit_object(request, model, pk):
    tracked = tracked_models().get(model.lower())
    if tracked is None:
        raise Http404("No such page.")
    entries = list(
        tracked.history.filter(**{tracked._meta.pk.attname: pk})
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    if not entries:
        raise Http404("No such page.")
    fields = {field.attname: field for field in tracked._meta.concrete_fields}
    diffs = []
    previous = None
    for entry in entries:
        diffs.append(entry.diff_against(previous, foreign_keys_are_objs=False).changes if previous else [])
        previous = entry
    field_of = {}
    for changes in diffs:
        for change in changes:
            field_of[change.field] = fields.get(change.field) or fields.get(f"{change.field}_id")
    related = audit_display.related_names_for(
        (field_of[c.field], value) for changes in diffs for c in changes for value in (c.old, c.new)
    )
    timeline = []
    for entry, changes in zip(entries, diffs, strict=True):
        timeline.append(
            {
                "when": entry.history_date,
                "who": entry.history_user.username if entry.history_user else "",
                "who_name": audit_display.person(entry.history_user),
                "change": CHANGE_TYPES.get(entry.history_type, entry.history_type),
                "changes": [
                    {
                        "field": _field_label(field_of[c.field], c.field),
                        "old": audit_display.shown(field_of[c.field], c.old, related),
                        "new": audit_display.shown(field_of[c.field], c.new, related),
                    }
                    for c in changes
                    if c.field not in HIDDEN_FIELDS
                ],
                "reason": entry.history_change_reason or "",
            }
        )
    timeline.reverse()
    current = audit_display.names_for(tracked, [pk]).get(pk)
    return render(
        request,
        "partnership/audit_object.html",
        {
            "what": str(tracked._meta.verbose_name).capitalize(),
            "object_label": current or f"{audit_display.object_name(entries[-1].instance)} (deleted)",
            "pk": pk,
            "timeline": timeline,
        },
    )

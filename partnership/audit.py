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

from .access import staff_required

LIST_LIMIT = 200
SIGN_INS = "sign-ins"
CHANGE_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


def tracked_models():
    """Every model with a history, by label, sorted by its name."""
    # Many-to-many "through" histories are registered too; they have no manager
    # of their own and show up as a change to the object that holds them.
    models = {model._meta.label_lower: model for model in registered_models.values() if hasattr(model, "history")}
    return dict(sorted(models.items(), key=lambda item: str(item[1]._meta.verbose_name)))


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label="What", required=False)
    user = forms.CharField(label="Who (username)", required=False, max_length=150)
    date_from = forms.DateField(label="From (YYYY-MM-DD)", required=False)
    date_to = forms.DateField(label="To (YYYY-MM-DD)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Everything"), (SIGN_INS, "Sign-ins")]
        choices += [(label, str(model._meta.verbose_name).capitalize()) for label, model in tracked_models().items()]
        self.fields["model"].choices = choices
        self.helper = FormHelper()
        self.helper.form_tag = False

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


def audit_changes(*, model_label="", username="", start=None, end=None, limit=LIST_LIMIT):
    """The most recent history entries across the tracked models, newest first.
    One query per tracked model."""
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
        for entry in entries[:limit]:
            rows.append(
                {
                    "when": entry.history_date,
                    "who": entry.history_user.username if entry.history_user else "",
                    "what": str(model._meta.verbose_name).capitalize(),
                    "label": label,
                    "object_id": getattr(entry, model._meta.pk.attname),
                    "change": CHANGE_TYPES.get(entry.history_type, entry.history_type),
                }
            )
    rows.sort(key=lambda row: row["when"], reverse=True)
    return rows[:limit]


def audit_sign_ins(*, username="", start=None, end=None, limit=LIST_LIMIT):
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
        for entry in entries[:limit]:
            rows.append({"when": entry.attempt_time, "who": entry.username, "ip": entry.ip_address, "change": outcome})
    rows.sort(key=lambda row: row["when"], reverse=True)
    return rows[:limit]


@require_GET
@staff_required
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    rows, sign_ins = [], False
    cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if not form.is_bound or form.is_valid():
        start, end = _bounds(cleaned)
        username = cleaned.get("user", "").strip()
        if cleaned.get("model") == SIGN_INS:
            sign_ins = True
            rows = audit_sign_ins(username=username, start=start, end=end)
        else:
            rows = audit_changes(model_label=cleaned.get("model", ""), username=username, start=start, end=end)
    return render(
        request,
        "partnership/audit_list.html",
        {"form": form, "rows": rows, "sign_ins": sign_ins, "limit": LIST_LIMIT},
    )


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
    timeline = []
    previous = None
    for entry in entries:
        changes = []
        if previous is not None:
            for change in entry.diff_against(previous, foreign_keys_are_objs=False).changes:
                field = fields.get(change.field) or fields.get(f"{change.field}_id")
                changes.append(
                    {
                        "field": str(field.verbose_name).capitalize() if field else change.field,
                        "old": change.old,
                        "new": change.new,
                    }
                )
        timeline.append(
            {
                "when": entry.history_date,
                "who": entry.history_user.username if entry.history_user else "",
                "change": CHANGE_TYPES.get(entry.history_type, entry.history_type),
                "changes": changes,
                "reason": entry.history_change_reason or "",
            }
        )
        previous = entry
    timeline.reverse()
    return render(
        request,
        "partnership/audit_object.html",
        {
            "what": str(tracked._meta.verbose_name).capitalize(),
            "object_label": str(entries[-1]),
            "pk": pk,
            "timeline": timeline,
        },
    )

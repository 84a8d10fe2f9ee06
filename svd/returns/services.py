"""Writes to quarterly returns: opening a quarter, saving figures, and every
workflow transition. Each checks who may act and the current state inside one
transaction, holding the return's row lock, and records who and when.

Every change a person makes, to a figure, a line or the status, raises the
return's `version`: the pages' hidden field and the API's ETag are that number,
so a page or an API client holding an older one is refused.

The pages, the XLSX upload and the API all call these functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, Q, Sum
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from interventions.models import Intervention, InterventionStatus, OutcomeSource, QuarterlyOutcome
from interventions.services import outcome_record, outcome_withdraw
from partnership import access
from partnership.models import Organisation, Quarter, User
from partnership.money import ZERO

from . import history, selectors, validation
from .history import ValueChange
from .models import (
    AWAITING_REVIEW_STATUSES,
    AnnexALine,
    AnnexBLine,
    FundingLine,
    QuarterlyReturn,
    ReturnStatus,
    ReturnTransition,
)
from .news import return_news
from .validation import Problem


class ReturnNotEditable(Exception):
    """The return is submitted or approved: its figures cannot change now."""


class ReturnInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


class StaleReturn(Exception):
    """Someone saved the return after the version this save started from."""

    def __init__(
        self, changes: list[ValueChange], saved_by: User | None = None, saved_at: datetime | None = None
    ) -> None:
        super().__init__("The return was changed by someone else.")
        self.changes = changes
        self.saved_by = saved_by
        self.saved_at = saved_at


class WrongState(Exception):
    pass


@dataclass(frozen=True)
class Change:
    annex: str
    line: str
    field: str
    old: object
    new: object


# --- Opening a quarter -------------------------------------------------------


@transaction.atomic
def returns_open_quarter(*, quarter: Quarter) -> list[QuarterlyReturn]:
    """A return for every CSP for the quarter, with its Annex A and B lines.

    Idempotent: running it again creates only what is missing, and brings the
    allocations of returns that are still editable up to date with the shares.
    """
    opened = []
    csps = list(Organisation.objects.csps().in_use())
    existing = set(QuarterlyReturn.objects.filter(quarter=quarter).values_list("csp_id", flat=True))
    # Missing returns in one statement; a concurrent opening (beat and a page) creates nothing twice.
    bulk_create_with_history(
        [QuarterlyReturn(csp=csp, quarter=quarter) for csp in csps if csp.pk not in existing],
        QuarterlyReturn,
        ignore_conflicts=True,
    )
    returns = QuarterlyReturn.objects.filter(quarter=quarter, csp__in=csps).select_related(
        "csp__district", "quarter__financial_year"
    )
    for quarterly_return in returns:
        created = quarterly_return.csp_id not in existing
        if quarterly_return.is_editable and _lines_ensure(quarterly_return) and not created:
            # The lines changed under whoever holds the return (a page or an API
            # client's ETag): a new version, so their next save is checked.
            QuarterlyReturn.objects.filter(pk=quarterly_return.pk).update(version=F("version") + 1)
        opened.append(quarterly_return)
    return opened


def returns_open_for_day(*, day: date) -> list[QuarterlyReturn]:
    """Open the quarter that `day` falls in, if the quarter exists (the daily beat task)."""
    quarter = Quarter.objects.filter(starts_on__lte=day, ends_on__gte=day).first()
    return returns_open_quarter(quarter=quarter) if quarter else []


def returns_open_when_due(*, day: date) -> bool:
    """Opens the current quarter's returns if a CSP in use has none yet: the
    returns pages call this, so an install without beat (the embedded default)
    opens each quarter as soon as someone looks. One query when nothing is due."""
    current = Quarter.objects.filter(starts_on__lte=day, ends_on__gte=day)
    missing = (
        Organisation.objects.csps().in_use().filter(Exists(current)).exclude(quarterly_returns__quarter__in=current)
    )
    if not missing.exists():
        return False
    returns_open_for_day(day=day)
    return True


@transaction.atomic
def returns_open_past_quarter(*, quarter: Quarter, reason: str, by: User) -> list[QuarterlyReturn]:
    """Staff open a quarter that has started, to back-fill its returns; the
    reason is kept with who opened it and when (ReturnsOpening)."""
    from .models import ReturnsOpening

    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why you are opening this quarter's returns"})
    if quarter.starts_on > timezone.localdate():
        raise ValidationError({"quarter": "Choose a quarter that has started"})
    opened = returns_open_quarter(quarter=quarter)
    ReturnsOpening.objects.create(quarter=quarter, by=by, reason=reason[:500])
    return opened


def _lines_ensure(quarterly_return: QuarterlyReturn) -> bool:
    """Bring the return's lines up to date; True if any line was added or changed."""
    changed = False
    quarter = quarterly_return.quarter
    amounts = selectors.csp_svd_amounts(csp=quarterly_return.csp, financial_year=quarter.financial_year)
    lines = {line.funding_line: line for line in AnnexALine.objects.filter(quarterly_return=quarterly_return)}
    missing = []
    for funding_line in FundingLine:
        allocation = amounts.get(funding_line.value, ZERO)
        line = lines.get(funding_line.value)
        if line is None:
            missing.append(
                AnnexALine(quarterly_return=quarterly_return, funding_line=funding_line, allocation=allocation)
            )
        elif line.allocation != allocation:
            line.allocation = allocation
            line.save(update_fields=["allocation"])
            changed = True
    if missing:
        bulk_create_with_history(missing, AnnexALine, ignore_conflicts=True)
        changed = True
    delivered_here = (
        Intervention.objects.filter(districts=quarterly_return.csp.district_id)
        .filter(status__in=[InterventionStatus.LIVE, InterventionStatus.COMMISSIONED])
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=quarter.ends_on))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=quarter.starts_on))
        .exclude(annex_b_lines__quarterly_return=quarterly_return)
        .distinct()
    )
    for intervention in delivered_here:
        AnnexBLine.objects.create(quarterly_return=quarterly_return, intervention=intervention)
        changed = True
    return changed


# --- Saving figures ----------------------------------------------------------


def _require_editor(quarterly_return: QuarterlyReturn, by: User) -> None:
    if not access.can_change(by, quarterly_return):
        raise PermissionDenied("Only the CSP's coordinators and VRP staff may change this return.")


def _require_staff(by: User) -> None:
    if not access.is_vrp_staff(by):
        raise PermissionDenied("Only VRP staff may do this.")


def _lock(quarterly_return: QuarterlyReturn) -> QuarterlyReturn:
    return QuarterlyReturn.objects.select_for_update().select_related("quarter", "csp").get(pk=quarterly_return.pk)


def _lock_to_edit(quarterly_return: QuarterlyReturn, by: User) -> QuarterlyReturn:
    """The return, locked, if `by` may change its figures and lines now."""
    locked = _lock(quarterly_return)
    _require_editor(locked, by)
    if not locked.is_editable:
        raise ReturnNotEditable("This return has been submitted, so it cannot be changed.")
    return locked


def _saved(locked: QuarterlyReturn, by: User) -> None:
    """A change to the figures or lines: a new version (the pages' hidden field and
    the API's ETag, so a page or client holding the old one is refused), and who."""
    locked.version += 1
    locked.last_saved_at = timezone.now()
    locked.last_saved_by = by
    locked._history_user = by


def _move(locked: QuarterlyReturn, *, to_status: str, by: User, comment: str = "") -> None:
    """A workflow step: the new status and a new version (the API's ETag), logged."""
    from_status = locked.status
    locked.status = to_status
    locked.version += 1
    locked._history_user = by
    locked.save()
    _log(locked, from_status=from_status, by=by, comment=comment)


def _log(quarterly_return: QuarterlyReturn, *, from_status: str, by: User, comment: str = "") -> None:
    ReturnTransition.objects.create(
        quarterly_return=quarterly_return,
        from_status=from_status,
        to_status=quarterly_return.status,
        by=by,
        at=timezone.now(),
        comment=comment,
    )


@transaction.atomic
def return_save(
    *,
    quarterly_return: QuarterlyReturn,
    version: int,
    by: User,
    annex_a: dict[int, dict[str, Any]] | None = None,
    annex_b: dict[int, dict[str, Any]] | None = None,
    own_changes_since_ok: bool = False,
) -> list[Change]:
    """Save typed figures into a draft: {line id: {field: text}} for either annex.

    Refused whole if any value breaks a rule (ReturnInvalid), if the return has
    moved on since `version` (StaleReturn, listing what changed), or if it is
    submitted or approved (ReturnNotEditable). Returns what changed.

    With `own_changes_since_ok` (a spreadsheet uploaded again after fixing a
    cell), versions since `version` that `by` alone made are no conflict: only
    someone else's change, or the portal's, refuses the save.
    """
    locked = _lock_to_edit(quarterly_return, by)
    version = int(version)
    if version != locked.version and not (own_changes_since_ok and _only_own_changes_since(locked, version, by)):
        raise StaleReturn(history.changes_since(locked, version), locked.last_saved_by, locked.last_saved_at)
    a_lines = list(locked.annex_a_lines.all())
    b_lines = list(locked.annex_b_lines.select_related("intervention"))
    annex_a, annex_b = annex_a or {}, annex_b or {}
    for annex, raw, lines in (("a", annex_a, a_lines), ("b", annex_b, b_lines)):
        unknown = set(raw) - {line.pk for line in lines}
        if unknown:
            raise ValidationError(f"Annex {annex.upper()} has no line {sorted(unknown)[0]} on this return.")
    a_clean, a_problems = validation.clean_annex_a(
        a_lines, annex_a, previous_to_date=selectors.previous_spend_to_date(locked)
    )
    b_clean, b_problems = validation.clean_annex_b(b_lines, annex_b)
    if a_problems or b_problems:
        raise ReturnInvalid(a_problems + b_problems)
    new_version = locked.version + 1
    changes = _apply(a_lines, a_clean, "a", validation.ANNEX_A_FIELDS, new_version, by)
    changes += _apply(b_lines, b_clean, "b", validation.ANNEX_B_FIELDS, new_version, by)
    if changes:
        from_status = locked.status
        _saved(locked, by)
        if locked.status == ReturnStatus.NOT_STARTED:
            locked.status = ReturnStatus.DRAFT
        locked.save()
        if from_status != locked.status:
            _log(locked, from_status=from_status, by=by)
    quarterly_return.refresh_from_db()
    return changes


def _only_own_changes_since(locked: QuarterlyReturn, version: int, by: User) -> bool:
    """True if every version after `version` was saved by `by`: each change to a
    return writes a history record carrying its new version and who made it, so
    a version with no record (the portal changed the lines) or another person's
    record is someone else's change."""
    if not 0 < version < locked.version:
        return False
    records = QuarterlyReturn.history.filter(id=locked.pk, version__gt=version, version__lte=locked.version)
    made_by = {}
    for record_version, user_id in records.values_list("version", "history_user_id"):
        made_by.setdefault(record_version, set()).add(user_id)
    wanted = range(version + 1, locked.version + 1)
    return all(made_by.get(v) == {by.pk} for v in wanted)


def _apply(
    lines: Iterable[AnnexALine | AnnexBLine],
    cleaned: dict[int, dict[str, Any]],
    annex: str,
    fields: Iterable[str],
    new_version: int,
    by: User,
) -> list[Change]:
    changes = []
    for line in lines:
        values = cleaned[line.pk]
        changed = [f for f in fields if values[f] != getattr(line, f)]
        if not changed:
            continue
        for field in changed:
            changes.append(Change(annex, str(line), validation.LABELS[field], getattr(line, field), values[field]))
            setattr(line, field, values[field])
        line.saved_in_version = new_version
        line._history_user = by
        line.full_clean()
        line.save()
    return changes


@transaction.atomic
def activity_add(*, quarterly_return: QuarterlyReturn, name: str, by: User) -> AnnexBLine:
    """A free-text activity on Annex B, for work not in the intervention register.
    It leaves the return's status as it is: the return is started by its figures."""
    locked = _lock_to_edit(quarterly_return, by)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Enter the name of the activity"})
    _saved(locked, by)
    line = AnnexBLine(quarterly_return=locked, activity_name=name[:200], saved_in_version=locked.version)
    line._history_user = by
    line.full_clean()
    line.save()
    locked.save()
    return line


@transaction.atomic
def activity_remove(*, line: AnnexBLine, by: User) -> None:
    """Take a free-text activity, and its figures, off a return's Annex B. An
    intervention from the register stays: the CSP delivers it, so it reports on it.
    The removal is kept in the line's history, with who and the version."""
    if line.intervention_id:
        raise ValidationError("An intervention from the register cannot be removed from Annex B.")
    locked = _lock_to_edit(line.quarterly_return, by)
    if not locked.annex_b_lines.filter(pk=line.pk).exists():
        return  # a colleague removed it first: nothing left to do
    _saved(locked, by)
    line.saved_in_version = locked.version
    line._history_user = by
    line.delete()
    locked.save()


# --- Workflow ----------------------------------------------------------------


@transaction.atomic
def return_submit(*, quarterly_return: QuarterlyReturn, by: User) -> QuarterlyReturn:
    locked = _lock(quarterly_return)
    _require_editor(locked, by)
    if not locked.is_editable:
        raise WrongState("This return has already been submitted.")
    problems = selectors.submission_problems(locked)
    if problems:
        raise ReturnInvalid(problems)
    now = timezone.now()
    to_status = ReturnStatus.RESUBMITTED if locked.first_submitted_at else ReturnStatus.SUBMITTED
    locked.submitted_at = now
    locked.first_submitted_at = locked.first_submitted_at or now
    _move(locked, to_status=to_status, by=by)
    return_news(locked)
    return locked


@transaction.atomic
def return_send_back(*, quarterly_return: QuarterlyReturn, comments: str, by: User) -> QuarterlyReturn:
    """Return for changes, with the reviewer's comments for the coordinator."""
    _require_staff(by)
    locked = _lock(quarterly_return)
    if locked.status not in AWAITING_REVIEW_STATUSES:
        raise WrongState("Only a submitted return can be returned for changes.")
    comments = (comments or "").strip()
    if not comments:
        raise ValidationError({"comments": "Enter your comments for the coordinator"})
    locked.reviewer_comments = comments
    _move(locked, to_status=ReturnStatus.RETURNED, by=by, comment=comments)
    return_news(locked, comments=comments)
    return locked


@transaction.atomic
def return_approve(*, quarterly_return: QuarterlyReturn, by: User) -> QuarterlyReturn:
    """Approve and lock the return; its Annex B counts become the interventions' outcomes."""
    _require_staff(by)
    locked = _lock(quarterly_return)
    if locked.status not in AWAITING_REVIEW_STATUSES:
        raise WrongState("Only a submitted return can be approved.")
    locked.approved_at = timezone.now()
    _move(locked, to_status=ReturnStatus.APPROVED, by=by)
    _outcomes_feed(locked, by)
    return_news(locked)
    return locked


def _outcomes_feed(quarterly_return: QuarterlyReturn, by: User) -> None:
    """Each registered intervention's outcome for the quarter is the sum over every
    CSP's approved return (an intervention may cover several districts). An outcome
    that already holds those counts is left as it is.

    Called on approval and on reopening (docs/decisions/0301): once the return is
    no longer approved its counts drop out of the sum, and an outcome that only
    approved returns fed, and that none now feeds, is withdrawn. An outcome typed
    or imported since the approval is a person's figure and is left alone."""
    intervention_ids = list(
        quarterly_return.annex_b_lines.filter(intervention__isnull=False).values_list("intervention", flat=True)
    )
    totals = {
        row["intervention"]: (row["y"] or 0, row["a"] or 0, row["t"] or 0)
        for row in AnnexBLine.objects.filter(
            intervention__in=intervention_ids,
            quarterly_return__quarter=quarterly_return.quarter,
            quarterly_return__status=ReturnStatus.APPROVED,
        )
        .values("intervention")
        .annotate(y=Sum("young_people"), a=Sum("adults"), t=Sum("workforce_trained"))
    }
    interventions = Intervention.objects.in_bulk(intervention_ids)
    existing = {
        o.intervention_id: o
        for o in QuarterlyOutcome.objects.filter(quarter=quarterly_return.quarter, intervention__in=intervention_ids)
    }
    for intervention_id in intervention_ids:
        outcome = existing.get(intervention_id)
        counts = totals.get(intervention_id)
        if counts is None:
            if outcome is not None and outcome.source == OutcomeSource.ANNEX_B:
                outcome_withdraw(outcome=outcome, by=by)
            continue
        reopening = quarterly_return.status != ReturnStatus.APPROVED
        if reopening and outcome is not None and outcome.source != OutcomeSource.ANNEX_B:
            continue  # reopening never overwrites a figure a person typed or imported
        if outcome is not None and (outcome.young_people, outcome.adults, outcome.workforce_trained) == counts:
            continue  # already holds these counts: write nothing, add no history
        outcome_record(
            intervention=interventions[intervention_id],
            quarter=quarterly_return.quarter,
            young_people=counts[0],
            adults=counts[1],
            workforce_trained=counts[2],
            source=OutcomeSource.ANNEX_B,
            by=by,
        )


@transaction.atomic
def return_reopen(*, quarterly_return: QuarterlyReturn, reason: str, by: User) -> QuarterlyReturn:
    """Unlock an approved return. The reason is shown to the coordinator and kept in the log."""
    _require_staff(by)
    locked = _lock(quarterly_return)
    if locked.status != ReturnStatus.APPROVED:
        raise WrongState("Only an approved return can be reopened.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for reopening the return"})
    locked.reviewer_comments = reason
    locked.approved_at = None
    _move(locked, to_status=ReturnStatus.RETURNED, by=by, comment=reason)
    _outcomes_feed(locked, by)  # its counts leave the register until it is approved again
    return locked

"""The conversation kept with a return: the reviewer's comments (made when the
return is sent back or reopened) and the replies to them, oldest first; and what
the coordinator changed since the last submission, for the reviewer.

`comment_add` is the one write; whoever may change the return may take part
(its CSP's coordinators and VRP staff), whatever state it is in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from partnership import access
from partnership.models import User

from .history import ValueChange, shown, value_history
from .models import AWAITING_REVIEW_STATUSES, QuarterlyReturn, ReturnComment, ReturnStatus

COMMENT_MAX_LENGTH = 5000
SUBMITTED = frozenset({ReturnStatus.SUBMITTED, ReturnStatus.RESUBMITTED})


@transaction.atomic
def comment_add(*, quarterly_return: QuarterlyReturn, body: str, by: User) -> ReturnComment:
    """Add a message to the return's conversation, as `by`."""
    if not access.can_change(by, quarterly_return):
        raise PermissionDenied("Only the CSP's coordinators and VRP staff may comment on this return.")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Enter your reply"})
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError({"body": f"Your reply must be {COMMENT_MAX_LENGTH:,} characters or fewer"})
    comment = ReturnComment(quarterly_return=quarterly_return, by=by, at=timezone.now(), body=body)
    comment._history_user = by
    comment.full_clean()
    comment.save()
    return comment


@dataclass(frozen=True)
class Message:
    at: datetime
    by: str
    is_staff: bool
    body: str
    kind: str  # "Returned for changes", "Reopened" or "Reply"


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user else "The portal"


def thread(quarterly_return: QuarterlyReturn) -> list[Message]:
    """The reviewer's comments and every reply, oldest first. The return's
    transitions are prefetched by `selectors.return_with_lines`; one query for the replies."""
    messages = [
        Message(
            t.at,
            _name(t.by),
            True,
            t.comment,
            "Reopened" if t.from_status == ReturnStatus.APPROVED else "Returned for changes",
        )
        for t in quarterly_return.transitions.all()
        if t.comment and t.to_status == ReturnStatus.RETURNED
    ]
    replies = ReturnComment.objects.filter(quarterly_return=quarterly_return).select_related("by")
    messages += [Message(c.at, _name(c.by), access.is_vrp_staff(c.by), c.body, "Reply") for c in replies]
    return sorted(messages, key=lambda m: m.at)


@dataclass(frozen=True)
class FieldChange:
    annex: str
    line: str
    field: str
    before: str
    after: str


def changes_since_last_submission(quarterly_return: QuarterlyReturn) -> list[FieldChange] | None:
    """Each value that differs from the last submission the reviewer saw, once,
    from what it was to what it is: for a resubmitted return, between the two
    latest submissions; for one returned for changes, since the latest. None if
    there is no earlier submission to compare with."""
    submitted_at = [t.at for t in quarterly_return.transitions.all() if t.to_status in SUBMITTED]
    if quarterly_return.status in AWAITING_REVIEW_STATUSES:
        if len(submitted_at) < 2:
            return None
        start, end = submitted_at[-2], submitted_at[-1]
    elif quarterly_return.status == ReturnStatus.RETURNED and submitted_at:
        start, end = submitted_at[-1], None
    else:
        return None
    return _net(c for c in value_history(quarterly_return) if c.at > start and (end is None or c.at <= end))


def _net(changes: Iterable[ValueChange]) -> list[FieldChange]:
    """The first value and the last for each field changed, dropping a field put back as it was."""
    first: dict[tuple, ValueChange] = {}
    last: dict[tuple, ValueChange] = {}
    for change in sorted(changes, key=lambda c: c.at):
        key = (change.annex, change.line, change.key)
        first.setdefault(key, change)
        last[key] = change
    found = []
    for key in sorted(first, key=lambda k: (k[0], k[1] or "")):
        annex, line, field = key
        if first[key].old != last[key].new:
            found.append(
                FieldChange(annex, line, first[key].field, shown(field, first[key].old), shown(field, last[key].new))
            )
    return found

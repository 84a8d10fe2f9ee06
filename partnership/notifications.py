"""News that comes to people: a notice on their home page and, unless they chose
otherwise on their account page, an e-mail.

`notify` is called by the service that made the event happen, inside its
transaction: the notices are saved with the event (and vanish with it if it
rolls back). The e-mails go after commit, through Celery, by notification id.
Queueing never breaks the action that caused it: if the broker is down the
error is logged (ids only, no names or addresses) and the notice stays on the
home page. The wording is in partnership/templates/partnership/notifications/,
one subject and one body per kind.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Notification, NotificationKind, NotificationPreference, Partnership, Role, User

logger = logging.getLogger(__name__)

HOME_LIMIT = 5


# The news each role can receive: what its account page offers to choose from.
KINDS_FOR_ROLE = {
    Role.VRP_STAFF: [
        NotificationKind.RETURN_SUBMITTED,
        NotificationKind.RETURN_RESUBMITTED,
        NotificationKind.REPORT_PUBLISHED,
        NotificationKind.JOB_FINISHED,
        NotificationKind.JOB_FAILED,
    ],
    Role.CSP_COORDINATOR: [NotificationKind.RETURN_RETURNED, NotificationKind.RETURN_APPROVED],
    Role.PANEL_MEMBER: [NotificationKind.REPORT_PUBLISHED],
    Role.ADMIN: [NotificationKind.JOB_FINISHED, NotificationKind.JOB_FAILED],
}


def kinds_for(user: User) -> list:
    return KINDS_FOR_ROLE.get(user.role, [])


def preferences_for(user: User) -> dict:
    """{kind: wanted} for every kind, True where the person has not chosen."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "wanted"))
    return {kind: chosen.get(kind, True) for kind in NotificationKind.values}


@transaction.atomic
def preferences_save(*, user: User, wanted: set[str]) -> None:
    """Record the person's choice for each kind their role receives."""
    kinds = kinds_for(user)
    NotificationPreference.objects.filter(user=user, kind__in=kinds).delete()
    NotificationPreference.objects.bulk_create(
        NotificationPreference(user=user, kind=kind, wanted=kind in wanted) for kind in kinds
    )


def staff_recipients() -> QuerySet[User]:
    return User.objects.filter(role__in=[Role.VRP_STAFF], is_active=True)


def coordinators_of(csp_id: int) -> QuerySet[User]:
    return User.objects.filter(role=Role.CSP_COORDINATOR, csps=csp_id, is_active=True)


def panel_members() -> QuerySet[User]:
    return User.objects.filter(role=Role.PANEL_MEMBER, is_active=True)


def notify(*, users: Iterable[User], kind: str, context: dict, path: str = "") -> list[int]:
    """Record a notice for each user and e-mail those who want it, after commit.

    `context` holds plain values (names, labels, comments) for the templates:
    the notice is worded now, as the event happened."""
    users = list(users)
    if not users:
        return []
    context = {
        **context,
        "path": path,
        "service_name": settings.PORTAL_SERVICE_NAME,
        "partnership": Partnership.current(),
    }
    subject = " ".join(render_to_string(f"partnership/notifications/{kind}_subject.txt", context).split())
    body = render_to_string(f"partnership/notifications/{kind}_body.txt", context).strip()
    declined = set(
        NotificationPreference.objects.filter(user__in=users, kind=kind, wanted=False).values_list("user", flat=True)
    )
    notices = Notification.objects.bulk_create(
        Notification(
            user=user,
            kind=kind,
            subject=subject[:200],
            body=body,
            path=path,
            email_wanted=user.pk not in declined and bool(user.email),
        )
        for user in users
    )
    ids = [n.pk for n in notices if n.email_wanted]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return [n.pk for n in notices]


def _enqueue(ids: list[int]) -> None:
    from .tasks import notifications_send  # tasks import this module

    try:
        notifications_send.delay(ids)
    except Exception as exc:  # broker down (kombu, redis, socket) or an eager run failing
        logger.warning("notifications %s not queued (%s): they stay on the home page", ids, type(exc).__name__)


def notifications_send(*, ids: list[int]) -> int:
    """E-mail each notice not yet e-mailed; claimed one by one with a conditional
    UPDATE, so a retried or duplicated task sends nothing twice."""
    sent = 0
    for notice in Notification.objects.filter(pk__in=ids, email_wanted=True, emailed_at=None).select_related("user"):
        claimed = Notification.objects.filter(pk=notice.pk, emailed_at=None).update(emailed_at=timezone.now())
        if not claimed:
            continue
        try:
            send_mail(notice.subject, notice.body, settings.DEFAULT_FROM_EMAIL, [notice.user.email])
        except Exception:
            Notification.objects.filter(pk=notice.pk).update(emailed_at=None)  # a retry may send it
            raise
        sent += 1
    logger.info("notifications %s: %s e-mail(s) sent", ids, sent)
    return sent


def home_notices(user: User) -> list[Notification]:
    """The latest notices not dismissed, for the home page. One query."""
    return list(Notification.objects.filter(user=user, dismissed_at=None).order_by("-created_at", "-pk")[:HOME_LIMIT])


def notice_dismiss(*, user: User, pk: int) -> bool:
    return bool(Notification.objects.filter(user=user, pk=pk, dismissed_at=None).update(dismissed_at=timezone.now()))

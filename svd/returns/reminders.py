"""Deadline reminders for quarterly returns. The e-mails' words live in
svd/returns/templates/svd/returns/email/ (one subject and one body per kind), and N
(days before the due date) in settings.PORTAL_REMINDER_DAYS_BEFORE_DUE.

Each reminder is an event: (return, kind, the day it is for). The event is
claimed by inserting a SentReminder row, unique per event, before the e-mail is
sent; a second run, a retried task or a second worker finds the claim and sends
nothing. A run that was missed (worker down) catches up on the next day, still
once per event.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from partnership import access, notifications
from partnership.models import NotificationKind, Partnership, Role, User

from .models import EDITABLE_STATUSES, UNSUBMITTED_STATUSES, QuarterlyReturn, ReminderKind, SentReminder

logger = logging.getLogger(__name__)

# Reminders go about returns not yet submitted.


def reminder_event(due_on, today):
    """(kind, event day) for a return due on `due_on`, as of `today`, or None."""
    if today > due_on:
        weeks = (today - due_on).days // 7
        if weeks >= 1:
            return ReminderKind.OVERDUE, due_on + timedelta(days=7 * weeks)
        return None
    if today == due_on:
        return ReminderKind.DUE_TODAY, due_on
    before = due_on - timedelta(days=settings.PORTAL_REMINDER_DAYS_BEFORE_DUE)
    if today >= before:
        return ReminderKind.BEFORE_DUE, before
    return None


def _claim(quarterly_return, kind, event_date) -> SentReminder | None:
    try:
        with transaction.atomic():
            return SentReminder.objects.create(
                quarterly_return=quarterly_return, kind=kind, event_date=event_date, claimed_at=timezone.now()
            )
    except IntegrityError:
        return None


def reminders_send(*, today) -> int:
    """Send every reminder due today that has not been sent. Returns how many e-mails went."""
    sent = 0
    returns = QuarterlyReturn.objects.filter(
        status__in=UNSUBMITTED_STATUSES, quarter__starts_on__lte=today
    ).select_related("csp", "quarter__financial_year")
    partnership = Partnership.current()
    for quarterly_return in returns:
        event = reminder_event(quarterly_return.quarter.due_on, today)
        if event is None:
            continue
        recipients = list(
            User.objects.filter(role=Role.CSP_COORDINATOR, csps=quarterly_return.csp_id, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if not recipients:
            continue
        claim = _claim(quarterly_return, *event)
        if claim is None:
            continue
        context = {
            "quarterly_return": quarterly_return,
            "quarter": quarterly_return.quarter,
            "csp": quarterly_return.csp,
            "due_on": quarterly_return.quarter.due_on,
            "days_overdue": (today - quarterly_return.quarter.due_on).days,
            "days_before": settings.PORTAL_REMINDER_DAYS_BEFORE_DUE,
            "partnership": partnership,
            "service_name": settings.PORTAL_SERVICE_NAME,
            "path": reverse("svd:return_detail", args=[quarterly_return.pk]),
        }
        subject = render_to_string(f"svd/returns/email/{event[0]}_subject.txt", context).strip()
        body = render_to_string(f"svd/returns/email/{event[0]}_body.txt", context)
        messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
        send_mass_mail(messages, fail_silently=False)
        SentReminder.objects.filter(pk=claim.pk).update(recipients=len(recipients))
        logger.info(
            "Reminder %s sent for return %s to %s coordinator(s)", event[0], quarterly_return.pk, len(recipients)
        )
        sent += len(recipients)
    return sent


class NotOverdue(Exception):
    pass


def return_chase(*, quarterly_return: QuarterlyReturn, by, today) -> bool:
    """Staff chase an overdue return. At most one chase a day is sent and recorded
    (a SentReminder, claimed before anything is sent), so a double click or two
    people pressing at once send one. Returns False if it was already chased today."""
    if not access.is_vrp_staff(by):
        raise PermissionError("Only VRP staff chase returns.")
    if quarterly_return.status not in EDITABLE_STATUSES or today <= quarterly_return.quarter.due_on:
        raise NotOverdue("This return is not overdue.")
    with transaction.atomic():
        claim = _claim(quarterly_return, ReminderKind.CHASE, today)
        if claim is None:
            return False
        coordinators = list(notifications.coordinators_of(quarterly_return.csp_id))
        notifications.notify(
            users=coordinators,
            kind=NotificationKind.RETURN_CHASED,
            context={
                "csp": quarterly_return.csp.name,
                "quarter": quarterly_return.quarter.label,
                "due_on": f"{quarterly_return.quarter.due_on:%-d %B %Y}",
                "days_overdue": (today - quarterly_return.quarter.due_on).days,
            },
            path=reverse("svd:return_detail", args=[quarterly_return.pk]),
        )
        SentReminder.objects.filter(pk=claim.pk).update(recipients=len(coordinators))
    logger.info("Return %s chased by user %s", quarterly_return.pk, by.pk)
    return True

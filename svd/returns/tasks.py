"""Thin Celery tasks for quarterly returns: each calls a service, idempotently.

`day` is an ISO date for tests and catch-up runs (the clock cannot be frozen
across processes); by default it is today in the portal's time zone.
"""

from datetime import date

from celery import shared_task
from django.utils import timezone

from .reminders import reminders_send
from .services import returns_open_for_day


def _day(day):
    return date.fromisoformat(day) if day else timezone.localdate()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5, soft_time_limit=120, time_limit=180)
def returns_open_current_quarter(day: str | None = None):
    """Make sure every CSP has a return for the quarter `day` falls in."""
    return len(returns_open_for_day(day=_day(day)))


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5, soft_time_limit=240, time_limit=300)
def returns_send_reminders(day: str | None = None):
    """E-mail coordinators before, on and (weekly) after the due date. Each event once."""
    return reminders_send(today=_day(day))

"""Thin Celery tasks for quarterly returns: each calls a service, idempotently."""
from celery import shared_task
from django.utils import timezone

from .returns.reminders import reminders_send
from .returns.services import returns_open_for_day


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5, soft_time_limit=120, time_limit=180)
def returns_open_current_quarter():
    """Daily: make sure every CSP has a return for the quarter we are in."""
    return len(returns_open_for_day(day=timezone.localdate()))


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5, soft_time_limit=240, time_limit=300)
def returns_send_reminders():
    """Daily: e-mail coordinators before, on and (weekly) after the due date. Each event once."""
    return reminders_send(today=timezone.localdate())

"""Thin Celery tasks for the register."""

from celery import shared_task

from .pending_imports import pending_imports_remove_expired as remove_expired


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5, soft_time_limit=120, time_limit=180)
def pending_imports_remove_expired():
    """Beat, hourly: remove checked import files that were never confirmed in time."""
    return remove_expired()

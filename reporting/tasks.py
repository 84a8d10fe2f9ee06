"""Celery tasks for panel reports: thin wrappers around reporting.services.

acks_late and task_reject_on_worker_lost are set project-wide (settings), so a
worker killed mid-render leaves the message to be delivered again; the claim in
services.report_render makes that redelivery, a retry or a duplicate safe.
"""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError

from . import services

logger = logging.getLogger(__name__)

# Worth another try: the database or the file store was briefly unavailable.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)


@shared_task(
    bind=True,
    acks_late=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    max_retries=3,
)
def generate_report(self, report_id: int, generation: int):
    token = self.request.id or f"in-process-{report_id}-{generation}"
    try:
        services.report_render(report_id=report_id, generation=generation, token=token)
    except SoftTimeLimitExceeded:
        services.report_generation_failed(
            report_id=report_id,
            generation=generation,
            reason=f"Rendering took longer than {settings.CELERY_TASK_SOFT_TIME_LIMIT} seconds and was stopped.",
        )
    except TRANSIENT_ERRORS as exc:
        if self.request.retries < self.max_retries:
            logger.warning("report %s generation %s: transient %s, retrying", report_id, generation, type(exc).__name__)
            raise self.retry(exc=exc, countdown=2 ** (self.request.retries + 2)) from exc
        services.report_generation_failed(
            report_id=report_id, generation=generation, reason=f"{type(exc).__name__}: {exc} (after retries)"
        )
    except Exception as exc:
        logger.exception("report %s generation %s failed", report_id, generation)
        services.report_generation_failed(
            report_id=report_id, generation=generation, reason=f"{type(exc).__name__}: {exc}"
        )

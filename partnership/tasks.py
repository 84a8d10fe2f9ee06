"""Ground-floor tasks."""

from celery import shared_task

from .models import Partnership


@shared_task(soft_time_limit=30, time_limit=60)
def partnership_touch_contact_email(partnership_id: int, contact_email: str) -> None:
    """Set the partnership's contact address. Small on purpose: the integration
    tests use it to prove a real worker reaches the database through the broker."""
    Partnership.objects.filter(pk=partnership_id).update(contact_email=contact_email)


@shared_task(bind=True, acks_late=True, soft_time_limit=60, time_limit=90, max_retries=3)
def notifications_send(self, ids: list[int]) -> int:
    from . import notifications

    try:
        return notifications.notifications_send(ids=ids)
    except OSError as exc:  # the mail server briefly unreachable
        raise self.retry(exc=exc, countdown=2 ** (self.request.retries + 2)) from exc

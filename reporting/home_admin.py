"""The admin's home page: people, locked accounts and whether the portal is set
up; everything else is in the Django admin (/admin/)."""

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from partnership.models import Role, User

from .setup import setup_steps


def admin_context() -> dict:
    counts = dict(
        User.objects.filter(is_active=True).values_list("role").annotate(n=Count("pk")).values_list("role", "n")
    )
    people = [(label, counts.get(value, 0)) for value, label in Role.choices]
    locked = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    ).order_by("-attempt_time")
    steps = setup_steps()
    return {
        "people": people,
        "people_total": sum(counts.values()),
        "locked": [(a.username, a.attempt_time) for a in locked[:20]],
        "steps": steps,
        "done": sum(step.done for step in steps),
        "complete": all(step.done for step in steps),
    }

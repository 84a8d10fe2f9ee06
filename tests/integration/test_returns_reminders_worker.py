"""Return reminders on a real worker through Redis: each event's e-mail goes once,
however many times the task runs. The day is passed to the task (the clock
cannot be frozen across processes)."""

import pytest

from svd.models import SentReminder
from svd.returns.tasks import returns_send_reminders

pytestmark = pytest.mark.worker


def test_it_sends_each_reminder_once_on_a_real_worker(celery_worker, q1, users):
    for name in ("leeds", "bradford"):
        users[name].email = f"{name}@example.org"
        users[name].save()

    for day in ("2025-07-24", "2025-07-24", "2025-07-25", "2025-07-31", "2025-07-31"):
        returns_send_reminders.delay(day=day)
    celery_worker.wait_for(lambda: celery_worker.log().count(" succeeded in ") >= 5, message="five reminder runs")

    subjects = sorted((m["To"], m["Subject"]) for m in celery_worker.sent_emails())
    assert subjects == [
        ("bradford@example.org", "Bradford CSP: your Q1 2025/26 return is due on 31 July 2025"),
        ("bradford@example.org", "Bradford CSP: your Q1 2025/26 return is due today"),
        ("leeds@example.org", "Safer Leeds: your Q1 2025/26 return is due on 31 July 2025"),
        ("leeds@example.org", "Safer Leeds: your Q1 2025/26 return is due today"),
    ]
    assert SentReminder.objects.count() == 4

"""A real worker, through Redis, changes the database."""

import pytest
from celery.result import EagerResult

from partnership.models import Partnership
from partnership.tasks import partnership_touch_contact_email

pytestmark = pytest.mark.worker


def test_it_runs_a_task_on_a_real_worker_through_the_broker(celery_worker):
    partnership = Partnership.objects.create(name="Test VRP", short_name="T", area_name="Testshire")

    result = partnership_touch_contact_email.delay(partnership.pk, "vrp@example.org")

    assert not isinstance(result, EagerResult)  # queued through Redis, not run in this process
    celery_worker.wait_for(lambda: Partnership.objects.get(pk=partnership.pk).contact_email == "vrp@example.org")
    assert "partnership_touch_contact_email" in celery_worker.log()

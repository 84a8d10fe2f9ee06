"""The person who pressed Generate hears how the job ended; panel members hear of a publication."""

from django.urls import reverse

from partnership.models import Notification, NotificationKind
from reporting import services

from .conftest import render_now


def test_it_tells_whoever_pressed_generate_that_the_report_is_ready(draft, users):
    render_now(draft, users["staff2"])

    notice = Notification.objects.get(kind=NotificationKind.JOB_FINISHED)
    assert notice.user == users["staff2"]
    assert notice.subject == "Generating ‘Test update’ (version 1) has finished"
    assert notice.path == reverse("reporting:report_detail", args=[draft.pk])


def test_it_tells_them_when_it_fails_and_no_one_else(draft, users):
    request = services.report_generation_request(report=draft, by=users["staff"], enqueue=False)
    services.report_generation_failed(report_id=draft.pk, generation=request.generation, reason="Out of memory")

    assert list(Notification.objects.values_list("user__username", "kind")) == [("staff", NotificationKind.JOB_FAILED)]


def test_it_tells_every_panel_member_once_when_a_report_is_published(published, users):
    notices = Notification.objects.filter(kind=NotificationKind.REPORT_PUBLISHED)
    assert [n.user for n in notices] == [users["panel"]]

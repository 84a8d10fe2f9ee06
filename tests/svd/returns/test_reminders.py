"""Reminders, with the clock frozen around Q1 2025/26's due date (31 July 2025)."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from svd.models import ReminderKind, SentReminder
from svd.returns import services
from svd.returns.reminders import reminder_event
from svd.returns.tasks import returns_open_current_quarter, returns_send_reminders

from .helpers import fill

DUE = date(2025, 7, 31)


@pytest.fixture
def coordinators(users):
    users["leeds"].email = "leeds@example.org"
    users["leeds"].save()
    users["bradford"].email = "bradford@example.org"
    users["bradford"].save()
    return users


def run_on(day):
    with time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=UTC), tick=False):
        mail.outbox.clear()
        returns_send_reminders.delay()
        return [(m.to[0], m.subject) for m in mail.outbox]


@override_settings(PORTAL_REMINDER_DAYS_BEFORE_DUE=7)
def test_it_sends_each_reminder_exactly_once(q1, coordinators):
    sent = {}
    for offset in range(-10, 16):
        day = DUE + timedelta(days=offset)
        sent[offset] = run_on(day)
        assert run_on(day) == []  # a second run the same day sends nothing
    assert {offset for offset, emails in sent.items() if emails} == {-7, 0, 7, 14}
    assert sorted(sent[-7]) == [
        ("bradford@example.org", "Bradford CSP: your Q1 2025/26 return is due on 31 July 2025"),
        ("leeds@example.org", "Safer Leeds: your Q1 2025/26 return is due on 31 July 2025"),
    ]
    assert sent[0][0][1].endswith("return is due today")
    assert sent[7][0][1].endswith("return is overdue") and sent[14][0][1].endswith("return is overdue")
    assert SentReminder.objects.count() == 8  # four events, two CSPs


def test_it_says_how_late_and_links_to_the_return(q1, coordinators):
    returns_send_reminders.delay(day="2025-08-14")
    body = next(m.body for m in mail.outbox if m.to == ["leeds@example.org"])
    assert "14 days overdue" in body and f"/svd/returns/{q1['leeds'].pk}/" in body


def test_it_catches_up_once_after_a_missed_day(q1, coordinators):
    assert len(run_on(DUE + timedelta(days=9))) == 2  # the week-one overdue reminder, late
    assert run_on(DUE + timedelta(days=10)) == []


def test_it_stops_once_the_return_is_submitted(q1, coordinators, users):
    leeds = fill(q1["leeds"], users["leeds"])
    services.return_submit(quarterly_return=leeds, by=users["leeds"])
    assert [to for to, _ in run_on(DUE)] == ["bradford@example.org"]


def test_it_works_out_the_event_for_a_day():
    assert reminder_event(DUE, DUE - timedelta(days=8)) is None
    assert reminder_event(DUE, DUE - timedelta(days=2)) == (ReminderKind.BEFORE_DUE, DUE - timedelta(days=7))
    assert reminder_event(DUE, DUE + timedelta(days=6)) is None
    assert reminder_event(DUE, DUE + timedelta(days=20)) == (ReminderKind.OVERDUE, DUE + timedelta(days=14))


def test_it_opens_the_quarter_the_day_falls_in(q1, reference_data):
    from svd.models import QuarterlyReturn

    returns_open_current_quarter.delay(day="2025-10-02")
    assert (
        QuarterlyReturn.objects.filter(quarter__number=3, quarter__financial_year=reference_data["years"][2025]).count()
        == 2
    )

"""Returns open without beat (issue 13): the current quarter opens when someone
opens the returns pages; staff open a past quarter with a reason."""

from datetime import date

import pytest
from django.urls import reverse

from svd.models import QuarterlyReturn, ReturnsOpening


@pytest.fixture
def in_q2_2025(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2025, 8, 14))


def test_opening_the_returns_page_opens_the_current_quarter_once(client_for, reference_data, in_q2_2025):
    client = client_for("leeds")
    assert QuarterlyReturn.objects.count() == 0
    page = client.get(reverse("svd:return_list")).content.decode()
    assert "Q2 2025/26" in page
    assert QuarterlyReturn.objects.filter(quarter__number=2, quarter__financial_year__start_year=2025).count() == 2
    client.get(reverse("svd:return_list"))
    assert QuarterlyReturn.objects.count() == 2  # idempotent


def test_a_retired_csp_gets_no_new_return(client_for, reference_data, in_q2_2025):
    bradford = reference_data["orgs"]["csp_bradford"]
    bradford.is_active = False
    bradford.save()
    client_for("staff").get(reverse("svd:return_list"))
    assert list(QuarterlyReturn.objects.values_list("csp__name", flat=True)) == ["Safer Leeds"]


def test_staff_open_a_past_quarter_with_a_reason(client_for, reference_data, users, in_q2_2025):
    q1_2024 = reference_data["years"][2024].quarters.get(number=1)
    client = client_for("staff")
    refused = client.post(reverse("svd:returns_open"), {"quarter": q1_2024.pk, "reason": ""})
    assert "Say why you are opening this quarter" in refused.content.decode()
    assert not QuarterlyReturn.objects.filter(quarter=q1_2024).exists()

    client.post(reverse("svd:returns_open"), {"quarter": q1_2024.pk, "reason": "Back-filling last year"})
    assert QuarterlyReturn.objects.filter(quarter=q1_2024).count() == 2
    opening = ReturnsOpening.objects.get()
    assert opening.by == users["staff"] and opening.reason == "Back-filling last year"


def test_a_quarter_that_has_not_started_cannot_be_opened_by_hand(client_for, reference_data, in_q2_2025):
    q4_2025 = reference_data["years"][2025].quarters.get(number=4)
    page = client_for("staff").post(reverse("svd:returns_open"), {"quarter": q4_2025.pk, "reason": "early"})
    assert page.status_code == 200
    assert not QuarterlyReturn.objects.filter(quarter=q4_2025).exists()


def test_it_pins_the_queries_of_the_open_a_quarter_page(client_for, reference_data, django_assert_num_queries):
    client = client_for("staff")
    client.get(reverse("svd:returns_open"))
    # session, user, partnership (page header), the quarters that have started,
    # then the session's save: savepoint, update, release.
    with django_assert_num_queries(7):
        client.get(reverse("svd:returns_open"))

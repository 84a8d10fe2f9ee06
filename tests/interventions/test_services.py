"""Writes to the register: outcomes created or replaced, validated, with who did it."""

import pytest
from django.core.exceptions import ValidationError

from interventions import services
from interventions.models import OutcomeSource, QuarterlyOutcome
from partnership.models import Quarter

from .factories import make_intervention


@pytest.fixture
def q1(reference_data):
    return Quarter.objects.get(financial_year__start_year=2024, number=1)


def test_it_creates_then_replaces_a_quarters_counts_and_records_who(reference_data, users, q1):
    intervention = make_intervention(reference_data, "leeds")

    services.outcome_record(
        intervention=intervention, quarter=q1, young_people=10, adults=2, workforce_trained=1, by=users["staff"]
    )
    outcome = services.outcome_record(
        intervention=intervention,
        quarter=q1,
        young_people=12,
        adults=3,
        workforce_trained=0,
        source=OutcomeSource.ANNEX_B,
        by=users["leeds"],
    )

    assert QuarterlyOutcome.objects.count() == 1
    outcome.refresh_from_db()
    assert (outcome.young_people, outcome.adults, outcome.workforce_trained, outcome.source) == (12, 3, 0, "annex_b")
    assert [h.history_user.username for h in outcome.history.order_by("history_date")] == ["staff", "leeds"]


def test_it_refuses_a_negative_count_and_saves_nothing(reference_data, users, q1):
    intervention = make_intervention(reference_data, "leeds")

    with pytest.raises(ValidationError) as raised:
        services.outcome_record(
            intervention=intervention, quarter=q1, young_people=-1, adults=0, workforce_trained=0, by=users["staff"]
        )

    assert "young_people" in raised.value.message_dict
    assert not QuarterlyOutcome.objects.exists()

"""The intervention form refuses input that would break a page or the database,
with a message next to the field and nothing saved."""

import pytest
from django.urls import reverse

from interventions.models import Intervention, QuarterlyOutcome
from partnership.models import Quarter

from .factories import provider
from .test_views import NO_BREAKDOWN, outcomes_url


@pytest.mark.parametrize("reference", ["import", "toolkit", "add", "export"])
def test_it_refuses_a_reference_that_would_shadow_a_page_address(client_for, reference_data, reference):
    data = {
        "reference": reference,
        "name": "Shadow",
        "provider": provider(reference_data).pk,
        "districts": [reference_data["districts"]["leeds"].pk],
        "status": "live",
        "publishable": "on",
    }

    response = client_for("staff").post(reverse("interventions:intervention_create"), data)

    assert response.status_code == 200
    assert "is a word the portal&#x27;s addresses use" in response.content.decode()
    assert not Intervention.objects.filter(reference=reference).exists()


@pytest.mark.parametrize("field", ["districts", "provider"])
def test_it_refuses_an_id_past_64_bits_with_a_field_message_not_a_server_error(client_for, reference_data, field):
    data = {
        "reference": "overflow",
        "name": "Overflow",
        "provider": provider(reference_data).pk,
        "districts": [reference_data["districts"]["leeds"].pk],
        "status": "live",
        field: "99999999999999999999999",
    }

    response = client_for("staff").post(reverse("interventions:intervention_create"), data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Intervention.objects.filter(reference="overflow").exists()


def test_it_refuses_bad_outcome_input_with_field_messages_and_saves_nothing(client_for, register):
    q1 = Quarter.objects.get(financial_year__start_year=2024, number=1)

    response = client_for("staff").post(
        outcomes_url("leeds-one"),
        {"quarter": q1.pk, "young_people": "-1", "adults": "many", "workforce_trained": "", **NO_BREAKDOWN},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"young_people", "adults", "workforce_trained"}
    assert "govuk-error-summary" in response.content.decode()
    assert not QuarterlyOutcome.objects.exists()

"""Fixtures for the register's tests: a small register, and a large one for imports."""

import pytest

from interventions.models import Intervention

from .factories import InterventionFactory, make_intervention, provider


@pytest.fixture
def register(reference_data):
    """One Leeds, one Bradford and one partnership-wide intervention."""
    return {
        "leeds": make_intervention(reference_data, "leeds", ref="leeds-one"),
        "bradford": make_intervention(reference_data, "bradford", ref="bradford-one"),
        "wide": make_intervention(reference_data, "wide", ref="wide-one"),
    }


@pytest.fixture
def many_interventions(reference_data):
    """250 interventions x 8 quarters = 2,000 outcome cells."""
    org = provider(reference_data)
    unrated = {"impact": "", "evidence_quality": None}
    Intervention.objects.bulk_create(
        InterventionFactory.build(reference=f"int-{n:03d}", name=f"Intervention {n}", provider=org, **unrated)
        for n in range(250)
    )
    return list(Intervention.objects.order_by("reference"))

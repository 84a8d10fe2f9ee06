"""The outcome rows page: the quarterly outcomes behind the outcome figures, with
their totals, for a year and its quarters 1 to N, as each user may see them."""

import pytest
from django.urls import reverse

from interventions.models import Intervention, QuarterlyOutcome
from interventions.selectors import outcome_totals
from partnership.models import Quarter

from .factories import make_intervention, provider

OUTCOMES = reverse("interventions:outcome_list")


@pytest.fixture
def outcomes(reference_data):
    """Leeds: 5 young people in Q1 and 7 in Q3 of 2024/25; Bradford: 11 in Q1."""
    year = reference_data["years"][2024]
    q1, q3 = (Quarter.objects.get(financial_year=year, number=n) for n in (1, 3))
    leeds = make_intervention(reference_data, "leeds", ref="leeds-one")
    bradford = make_intervention(reference_data, "bradford", ref="bradford-one")
    QuarterlyOutcome.objects.create(intervention=leeds, quarter=q1, young_people=5, adults=1)
    QuarterlyOutcome.objects.create(intervention=leeds, quarter=q3, young_people=7, workforce_trained=2)
    QuarterlyOutcome.objects.create(intervention=bradford, quarter=q1, young_people=11)
    return year


def test_it_lists_the_year_s_outcome_rows_with_the_figures_totals(client_for, outcomes):
    response = client_for("staff").get(OUTCOMES, {"year": 2024})

    assert len(response.context["page"].object_list) == 3
    assert response.context["totals"] == outcome_totals(outcomes)
    assert '<td class="govuk-table__cell govuk-table__cell--numeric" id="outcomes-young-people">23</td>' in (
        response.content.decode()
    )


def test_it_counts_only_quarters_1_to_the_one_asked_for(client_for, outcomes):
    response = client_for("staff").get(OUTCOMES, {"year": 2024, "up_to_quarter": 2})

    assert response.context["totals"] == outcome_totals(outcomes, up_to_quarter=2)
    assert response.context["totals"].young_people == 16 and len(response.context["page"].object_list) == 2


def test_it_shows_a_coordinator_their_own_district_s_rows_only(client_for, outcomes):
    leeds = client_for("leeds").get(OUTCOMES, {"year": 2024})
    bradford = client_for("bradford").get(OUTCOMES, {"year": 2024})

    assert leeds.context["totals"].young_people == 12 and "bradford-one" not in leeds.content.decode()
    assert bradford.context["totals"].young_people == 11 and "leeds-one" not in bradford.content.decode()
    assert client_for("panel").get(OUTCOMES).status_code == 403


@pytest.mark.parametrize("query", [{"year": 1999}, {"year": "twenty"}, {"up_to_quarter": 5}, {"up_to_quarter": "x"}])
def test_it_answers_404_for_a_year_or_quarter_that_does_not_exist(client_for, outcomes, query):
    assert client_for("staff").get(OUTCOMES, query).status_code == 404


@pytest.mark.parametrize("size", [10, 200])
def test_it_runs_the_same_number_of_queries_however_many_rows(
    reference_data, client_for, django_assert_num_queries, size
):
    quarter = Quarter.objects.get(financial_year=reference_data["years"][2024], number=1)
    org = provider(reference_data)
    created = Intervention.objects.bulk_create(
        [Intervention(reference=f"bulk-{k}", name=f"Bulk {k}", provider=org) for k in range(size)]
    )
    Intervention.districts.through.objects.bulk_create(
        [Intervention.districts.through(intervention=i, district=reference_data["districts"]["leeds"]) for i in created]
    )
    QuarterlyOutcome.objects.bulk_create(
        [QuarterlyOutcome(intervention=i, quarter=quarter, young_people=1) for i in created]
    )

    client = client_for("leeds")

    # 1 session, 2 user, 3 the coordinator's CSP, 4 the year, 5 the totals, 6 the paginator's
    # count, 7 partnership (context processor), 8 the page's rows with intervention and
    # quarter, 9-11 the session saved (savepoint, update, release)
    with django_assert_num_queries(11):
        response = client.get(OUTCOMES, {"year": 2024})
    assert response.context["totals"].young_people == size

"""The register's pages: figures, filters, access for every role, forms that refuse bad input."""

import base64
import re
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from interventions.models import (
    FundingStream,
    ImpactRating,
    Intervention,
    InterventionFunding,
    QuarterlyOutcome,
    ToolkitApproach,
)
from partnership.models import Quarter

from .factories import make_intervention, provider

LIST = reverse("interventions:intervention_list")
NO_BREAKDOWN = {"breakdown-TOTAL_FORMS": "0", "breakdown-INITIAL_FORMS": "0"}


@pytest.fixture
def demo_staff(demo):
    """A client signed in as VRP staff over the whole West Yorkshire demo."""
    from django.test import Client

    from partnership.models import Role, User

    client = Client()
    client.force_login(
        User.objects.create_user(username="demo-staff", password="correct-horse-battery", role=Role.VRP_STAFF)
    )
    return client


def detail(ref):
    return reverse("interventions:intervention_detail", args=[ref])


def outcomes_url(ref):
    return reverse("interventions:outcome_enter", args=[ref])


# --- The demo's figures ---------------------------------------------------------


def test_it_shows_the_panel_update_figures_for_2024_25_core_budget(demo_staff):
    response = demo_staff.get(LIST, {"year": 2024, "stream": "core"})

    totals = response.context["totals"]
    assert (totals.count, totals.qualifying_count, totals.other_count) == (46, 21, 25)
    assert (totals.qualifying_amount, totals.other_amount) == (Decimal("1368197.00"), Decimal("867822.00"))
    content = response.content.decode()
    assert "£1,368,197.00" in content and "£867,822.00" in content


def test_it_shows_the_years_outcome_totals_for_2024_25(demo_staff):
    """The report's Q1-Q3 (9,281 / 714 / 264) plus the demo's invented Q4 (2,480 / 190 / 71),
    which the approved Q4 returns fed into the register (docs/demo-data.md)."""
    response = demo_staff.get(LIST, {"year": 2024})

    totals = response.context["totals"]
    assert (totals.young_people, totals.adults, totals.workforce_trained) == (11761, 904, 335)
    assert "11,761" in response.content.decode()


def test_it_filters_by_qualifying_district_status_and_provider(demo_staff):
    client = demo_staff
    qualifying = client.get(LIST, {"year": 2024, "stream": "core", "qualifying": "yes"}).context["totals"]
    others = client.get(LIST, {"year": 2024, "stream": "core", "qualifying": "no"}).context["totals"]
    leeds = demo_district_id("Leeds")
    in_leeds = client.get(LIST, {"year": 2024, "district": leeds}).context["page"].object_list
    navigate = client.get(LIST, {"provider": provider_id("navigate-northern")}).context["totals"]
    ended = client.get(LIST, {"status": "ended"}).context["totals"]

    assert (qualifying.count, qualifying.amount) == (21, Decimal("1368197.00"))
    assert (others.count, others.amount) == (25, Decimal("867822.00"))
    assert in_leeds and all("Leeds" in [d.name for d in i.districts.all()] for i in in_leeds)
    assert navigate.count == 5
    assert ended.count == 0


def demo_district_id(name):
    from partnership.models import District

    return District.objects.get(name=name).pk


def provider_id(ref):
    from partnership.models import Organisation

    return Organisation.objects.get(ref=ref).pk


def test_it_sorts_by_amount_both_ways(demo_staff):
    client = demo_staff
    ascending = [i.amount for i in client.get(LIST, {"year": 2024, "stream": "core", "sort": "amount"}).context["page"]]
    descending = [
        i.amount for i in client.get(LIST, {"year": 2024, "stream": "core", "sort": "-amount"}).context["page"]
    ]

    assert ascending == sorted(ascending)
    assert descending[0] == Decimal("240000.00")


def test_it_paginates_the_list(demo_staff):
    response = demo_staff.get(LIST, {"page": 2})

    assert response.context["page"].number == 2
    assert len(response.context["page"].object_list) == 57 - 50


def test_it_shows_an_empty_page_and_any_page_number_when_nothing_matches(client_for, register):
    for page in ("1", "7", "x"):
        response = client_for("staff").get(LIST, {"status": "ended", "page": page})
        assert response.status_code == 200 and list(response.context["page"]) == []
        assert "No interventions match these filters." in response.content.decode()


@pytest.mark.parametrize("sort", ["name", "-amount", "provider"])
def test_it_keeps_the_sort_order_across_pages(demo_staff, sort):
    whole = [i.reference for i in demo_staff.get(LIST, {"sort": sort}).context["page"]]
    whole += [i.reference for i in demo_staff.get(LIST, {"sort": sort, "page": 2}).context["page"]]
    amounts = {i.reference: i.amount for i in Intervention.objects.annotate(amount=Sum("funding__amount"))}
    names = dict(Intervention.objects.values_list("reference", "name"))

    assert len(whole) == len(set(whole)) == 57
    if sort == "name":
        assert [names[r] for r in whole] == sorted(names[r] for r in whole)
    if sort == "-amount":
        assert [amounts[r] for r in whole] == sorted((amounts[r] for r in whole), reverse=True)


@pytest.mark.parametrize("query", [{}, {"year": 2024}, {"year": 2024, "stream": "core"}])
def test_it_counts_an_intervention_in_two_of_a_coordinators_districts_once(client_for, register, reference_data, query):
    both = make_intervention(reference_data, "leeds", ref="leeds-and-wide", amount="500.00")
    both.districts.add(reference_data["districts"]["wide"])
    q1 = Quarter.objects.get(financial_year=reference_data["years"][2024], number=1)
    QuarterlyOutcome.objects.create(intervention=both, quarter=q1, young_people=7)

    response = client_for("leeds").get(LIST, query)

    listed = [i.reference for i in response.context["page"]]
    totals = response.context["totals"]
    assert sorted(listed) == ["leeds-and-wide", "leeds-one", "wide-one"]
    assert totals.count == response.context["page"].paginator.count == 3
    assert totals.amount == Decimal("2500.00") and totals.young_people == 7


def test_it_totals_the_whole_register_for_staff_without_a_filter(client_for, register, reference_data):
    response = client_for("staff").get(LIST)

    totals = response.context["totals"]
    assert totals.count == response.context["page"].paginator.count == 3
    assert totals.amount == Decimal("3000.00")


# --- Query counts ---------------------------------------------------------------


def _bulk_register(reference_data, n):
    org = provider(reference_data)
    year = reference_data["years"][2024]
    quarter = Quarter.objects.get(financial_year=year, number=1)
    created = Intervention.objects.bulk_create(
        [
            Intervention(
                reference=f"bulk-{k}", name=f"Bulk {k}", provider=org, impact=ImpactRating.HIGH if k % 2 else ""
            )
            for k in range(n)
        ]
    )
    leeds = reference_data["districts"]["leeds"]
    Intervention.districts.through.objects.bulk_create(
        [Intervention.districts.through(intervention=i, district=leeds) for i in created]
    )
    InterventionFunding.objects.bulk_create(
        [
            InterventionFunding(intervention=i, financial_year=year, stream=FundingStream.CORE, amount=Decimal("10.00"))
            for i in created
        ]
    )
    QuarterlyOutcome.objects.bulk_create(
        [QuarterlyOutcome(intervention=i, quarter=quarter, young_people=1) for i in created]
    )


@pytest.mark.parametrize("size", [10, 1000])
def test_it_runs_the_same_number_of_queries_for_10_and_1000_interventions(
    reference_data, client_for, django_assert_num_queries, size
):
    _bulk_register(reference_data, size)
    client = client_for("leeds")

    # 1 session, 2 user, 3 the chosen financial year (filter), 4 counts (also the
    # paginator's), 5 money, 6 outcomes (the totals), 7 the page's ids in order,
    # 8 those interventions with provider and amount, 9 their districts,
    # 10 partnership (context processor), 11 the coordinator's CSP (page header),
    # 12 districts, 13 years, 14 providers (the filter's choices),
    # 15-17 the session saved (savepoint, update, release)
    with django_assert_num_queries(17):
        response = client.get(LIST, {"year": 2024, "stream": "core"})

    assert response.context["totals"].count == size
    assert response.context["totals"].amount == Decimal("10.00") * size


# --- Access ---------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_sign_in(client, register):
    for url in (
        LIST,
        detail("leeds-one"),
        outcomes_url("leeds-one"),
        reverse("interventions:import"),
        reverse("interventions:export", args=["outcomes", "csv"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_it_refuses_panel_members(client_for, register):
    client = client_for("panel")
    for url in (
        LIST,
        detail("leeds-one"),
        outcomes_url("leeds-one"),
        reverse("interventions:intervention_create"),
        reverse("interventions:export", args=["outcomes", "csv"]),
    ):
        assert client.get(url).status_code == 403


def test_it_shows_a_coordinator_their_district_and_partnership_wide_interventions_only(client_for, register):
    client = client_for("leeds")

    listed = {i.reference for i in client.get(LIST).context["page"]}

    assert listed == {"leeds-one", "wide-one"}
    assert client.get(detail("leeds-one")).status_code == 200
    assert client.get(detail("wide-one")).status_code == 200
    assert client.get(detail("bradford-one")).status_code == 404


def test_it_lets_a_coordinator_enter_outcomes_only_for_their_own_districts_interventions(client_for, register):
    client = client_for("leeds")
    q1 = Quarter.objects.get(financial_year__start_year=2024, number=1)
    data = {"quarter": q1.pk, "young_people": "12", "adults": "3", "workforce_trained": "1", **NO_BREAKDOWN}

    assert client.post(outcomes_url("bradford-one"), data).status_code == 404
    assert client.post(outcomes_url("wide-one"), data).status_code == 403
    response = client.post(outcomes_url("leeds-one"), data)

    assert response.status_code == 302
    assert list(QuarterlyOutcome.objects.values_list("intervention__reference", "young_people")) == [("leeds-one", 12)]
    assert QuarterlyOutcome.history.get().history_user.username == "leeds"


def test_it_says_on_the_outcome_page_that_no_personal_data_is_stored(client_for, register):
    response = client_for("leeds").get(outcomes_url("leeds-one"))

    assert "stores no personal data" in response.content.decode()


def test_it_refuses_coordinators_the_staff_pages(client_for, register):
    client = client_for("leeds")

    assert client.get(reverse("interventions:intervention_create")).status_code == 403
    assert client.get(reverse("interventions:intervention_edit", args=["leeds-one"])).status_code == 403
    assert client.get(reverse("interventions:funding_edit", args=["leeds-one"])).status_code == 403
    assert client.get(reverse("interventions:import")).status_code == 403


def test_it_exports_only_what_a_coordinator_may_see(client_for, register):
    q1 = Quarter.objects.get(financial_year__start_year=2024, number=1)
    for intervention in register.values():
        QuarterlyOutcome.objects.create(intervention=intervention, quarter=q1, young_people=1)

    csv = client_for("leeds").get(reverse("interventions:export", args=["outcomes", "csv"])).content.decode()
    interventions_csv = (
        client_for("leeds").get(reverse("interventions:export", args=["interventions", "csv"])).content.decode()
    )

    assert "leeds-one" in csv and "wide-one" in csv and "bradford-one" not in csv
    funding_csv = client_for("leeds").get(reverse("interventions:export", args=["funding", "xlsx"]))
    assert "leeds-one" in interventions_csv and "bradford-one" not in interventions_csv
    assert _xlsx_column(funding_csv.content, 0) == ["intervention", "leeds-one", "wide-one"]


def _xlsx_column(content, index):
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return sorted((row[index] for row in sheet.iter_rows(values_only=True)), key=lambda v: (v != "intervention", v))


def test_it_neutralises_formulas_in_exports(client_for, reference_data):
    make_intervention(reference_data, "leeds", ref="leeds-one", name='=HYPERLINK("http://x")')
    Intervention.objects.filter(reference="leeds-one").update(target_cohort="@SUM(A1)", description="+cmd")

    csv = client_for("staff").get(reverse("interventions:export", args=["interventions", "csv"])).content.decode()

    assert "'=HYPERLINK" in csv and "'@SUM(A1)" in csv and "'+cmd" in csv


# --- Detail page ----------------------------------------------------------------


def test_it_shows_funding_rating_and_a_chart_with_a_table(client_for, register):
    q1 = Quarter.objects.get(financial_year__start_year=2024, number=1)
    QuarterlyOutcome.objects.create(
        intervention=register["leeds"], quarter=q1, young_people=41, adults=7, workforce_trained=2
    )

    content = client_for("staff").get(detail("leeds-one")).content.decode()

    chart = re.search(
        r'<img class="portal-chart-image" src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', content
    )
    assert chart and "the figures are in the table below" in chart.group(2)
    assert "<title>Outcomes by quarter for" in base64.b64decode(chart.group(1)).decode()
    assert "Q1 2024/25" in content and ">41<" in content
    assert "£1,000.00" in content
    assert "Qualifies" in content


# --- Forms ----------------------------------------------------------------------


def test_it_creates_an_intervention_with_a_rating_snapshot_from_the_toolkit_list(client_for, reference_data):
    approach = ToolkitApproach.objects.create(
        name="Focused deterrence", impact="high", evidence_quality=4, cost=2, rated_on="2024-03-01"
    )
    data = {
        "reference": "new-one",
        "name": "New one",
        "provider": provider(reference_data).pk,
        "districts": [reference_data["districts"]["leeds"].pk],
        "status": "live",
        "approach": approach.pk,
        # one GOV.UK date input: day, month, year (partnership/dates.py)
        "rating_date_0": "1",
        "rating_date_1": "5",
        "rating_date_2": "2024",
        "publishable": "on",
    }

    response = client_for("staff").post(reverse("interventions:intervention_create"), data)

    assert response.status_code == 302
    intervention = Intervention.objects.get(reference="new-one")
    assert (
        intervention.approach_name,
        intervention.impact,
        intervention.evidence_quality,
        str(intervention.rated_on),
    ) == ("Focused deterrence", "high", 4, "2024-05-01")
    approach.impact = "moderate"
    approach.save()
    intervention.refresh_from_db()
    assert intervention.qualifies


def test_it_refuses_bad_intervention_input_and_saves_nothing(client_for, register, reference_data):
    response = client_for("staff").post(
        reverse("interventions:intervention_edit", args=["leeds-one"]),
        {
            "reference": "leeds-one",
            "name": "x" * 201,
            "provider": provider(reference_data).pk,
            "districts": [],
            "status": "live",
            "starts_on": "2025-01-01",
            "ends_on": "2024-01-01",
        },
    )

    assert response.status_code == 200
    assert {"name", "districts"} <= set(response.context["form"].errors)
    assert Intervention.objects.get(reference="leeds-one").name != "x" * 201


def test_it_refuses_a_negative_or_text_funding_amount(client_for, register, reference_data):
    url = reverse("interventions:funding_edit", args=["leeds-one"])
    year = reference_data["years"][2025].pk
    client = client_for("staff")

    negative = client.post(url, {"financial_year": year, "stream": "core", "amount": "-5"})
    text = client.post(url, {"financial_year": year, "stream": "core", "amount": "lots"})
    ok = client.post(url, {"financial_year": year, "stream": "core", "amount": "24697.00"})

    assert "amount" in negative.context["form"].errors and "amount" in text.context["form"].errors
    assert ok.status_code == 302
    assert InterventionFunding.objects.get(intervention=register["leeds"], financial_year_id=year).amount == Decimal(
        "24697.00"
    )


def test_it_records_an_optional_breakdown_and_refuses_one_that_adds_up_to_more(client_for, register):
    q1 = Quarter.objects.get(financial_year__start_year=2024, number=1)
    client = client_for("leeds")
    base = {
        "quarter": q1.pk,
        "young_people": "10",
        "adults": "2",
        "workforce_trained": "0",
        "breakdown-TOTAL_FORMS": "3",
        "breakdown-INITIAL_FORMS": "0",
    }

    too_many = client.post(
        outcomes_url("leeds-one"),
        {
            **base,
            "breakdown-0-dimension": "sex",
            "breakdown-0-category": "Female",
            "breakdown-0-young_people": "7",
            "breakdown-1-dimension": "sex",
            "breakdown-1-category": "Male",
            "breakdown-1-young_people": "6",
        },
    )
    assert too_many.status_code == 200 and "adds up to 13" in too_many.content.decode()
    assert not QuarterlyOutcome.objects.exists()

    ok = client.post(
        outcomes_url("leeds-one"),
        {
            **base,
            "breakdown-0-dimension": "sex",
            "breakdown-0-category": "Female",
            "breakdown-0-young_people": "7",
            "breakdown-1-dimension": "sex",
            "breakdown-1-category": "Male",
            "breakdown-1-young_people": "3",
        },
    )
    assert ok.status_code == 302
    assert sorted(QuarterlyOutcome.objects.get().breakdowns.values_list("category", "young_people")) == [
        ("Female", 7),
        ("Male", 3),
    ]


def test_it_lets_staff_edit_the_toolkit_list_and_refuses_everyone_else(client_for, reference_data):
    url = reverse("interventions:toolkit_create")
    data = {"name": "Mentoring", "impact": "moderate", "evidence_quality": "3", "cost": "2", "rated_on": "2024-03-01"}

    assert client_for("leeds").get(reverse("interventions:toolkit_list")).status_code == 403
    assert client_for("panel").post(url, data).status_code == 403
    bad = client_for("staff").post(url, {**data, "evidence_quality": "6"})
    ok = client_for("staff").post(url, data)

    assert "evidence_quality" in bad.context["form"].errors
    assert ok.status_code == 302
    assert ToolkitApproach.objects.get().history.get().history_user.username == "staff"


def test_it_lets_a_colleague_change_an_intervention_and_take_a_new_rating_snapshot(
    client_for, register, reference_data
):
    approach = ToolkitApproach.objects.create(
        name="Social skills training", impact="moderate", evidence_quality=4, cost=1, rated_on="2025-01-10"
    )
    data = {
        "reference": "leeds-one",
        "name": "Leeds renamed",
        "provider": provider(reference_data).pk,
        "districts": [reference_data["districts"]["leeds"].pk],
        "status": "ended",
        "approach": approach.pk,
        "version": Intervention.objects.get(reference="leeds-one").version,
    }

    response = client_for("staff2").post(reverse("interventions:intervention_edit", args=["leeds-one"]), data)

    assert response.status_code == 302
    intervention = Intervention.objects.get(reference="leeds-one")
    assert (intervention.name, intervention.status, intervention.approach_name, str(intervention.rated_on)) == (
        "Leeds renamed",
        "ended",
        "Social skills training",
        "2025-01-10",
    )
    assert intervention.qualifies  # moderate impact with evidence 4: high confidence
    assert intervention.history.latest().history_user.username == "staff2"


def test_it_fills_the_outcome_form_with_the_counts_held_for_the_quarter(client_for, register):
    q1 = Quarter.objects.get(financial_year__start_year=2024, number=1)
    QuarterlyOutcome.objects.create(
        intervention=register["leeds"], quarter=q1, young_people=41, adults=7, workforce_trained=2
    )

    form = client_for("leeds").get(outcomes_url("leeds-one"), {"quarter": q1.pk}).context["form"]

    assert (form.initial["young_people"], form.initial["adults"], form.initial["workforce_trained"]) == (41, 7, 2)

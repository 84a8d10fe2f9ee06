"""The VRP's own budget: the quarterly plan, actual spend (typed or imported),
variance, underspend risk and the forecasts kept at quarter ends."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants import services
from grants.budget import grant_budget
from grants.budget_import import budget_actuals_import
from grants.models import BudgetForecast, BudgetLine, BudgetLineKind, BudgetLineQuarter, Grant, Programme
from partnership.services import full_year_period


@pytest.fixture
def lines(core_grant, users):
    staffing = services.budget_line_create(
        by=users["staff"],
        grant=core_grant,
        kind=BudgetLineKind.STAFFING,
        description="Core team",
        amount=Decimal("1000.01"),
    )
    training = services.budget_line_create(
        by=users["staff"],
        grant=core_grant,
        kind=BudgetLineKind.TRAINING,
        description="Training",
        amount=Decimal("400.00"),
    )
    return {"staffing": staffing, "training": training}


def planned(line):
    return [q.planned for q in BudgetLineQuarter.objects.filter(line=line).order_by("quarter")]


def test_it_splits_a_lines_plan_into_quarters_that_add_up_to_the_penny(lines, users):
    # 100,001 pennies in four: the odd one goes to Q1.
    assert planned(lines["staffing"]) == [Decimal("250.01"), Decimal("250.00"), Decimal("250.00"), Decimal("250.00")]
    assert sum(planned(lines["staffing"])) == Decimal("1000.01")
    services.budget_line_update(line=lines["training"], by=users["staff"], amount=Decimal("0.03"))
    assert planned(lines["training"]) == [Decimal("0.01"), Decimal("0.01"), Decimal("0.01"), Decimal("0.00")]


def test_it_keeps_actual_spend_when_a_lines_amount_changes(lines, users):
    services.budget_actuals_save(line=lines["training"], by=users["staff"], actuals={1: Decimal("90.00")})
    services.budget_line_update(line=lines["training"], by=users["staff"], amount=Decimal("800.00"))
    q1 = BudgetLineQuarter.objects.get(line=lines["training"], quarter=1)
    assert (q1.planned, q1.actual) == (Decimal("200.00"), Decimal("90.00"))


def test_it_works_out_variance_forecast_and_underspend_risk(core_grant, lines, users):
    services.budget_actuals_save(
        line=lines["staffing"], by=users["staff"], actuals={1: Decimal("250.01"), 2: Decimal("200.00")}
    )
    services.budget_actuals_save(line=lines["training"], by=users["staff"], actuals={1: Decimal("120.00")})
    budget = grant_budget(core_grant)
    staffing, training = sorted(budget.lines, key=lambda row: row.line.description)
    assert staffing.variance_to_date == Decimal("-50.00")
    assert staffing.forecast_outturn == Decimal("950.01") and staffing.forecast_variance == Decimal("-50.00")
    assert staffing.underspend_risk
    assert training.variance_to_date == Decimal("20.00") and training.forecast_outturn == Decimal("420.00")
    assert not training.underspend_risk
    assert budget.quarters_reported == 1  # training has no Q2 yet
    # The grant: £4,341,877.11, the lines forecast £30.00 below what they hold.
    assert budget.grant_forecast_outturn == Decimal("4341847.11")
    assert budget.forecast_underspend == Decimal("30.00")


def test_it_flags_no_forecast_underspend_when_the_lines_are_on_plan(core_grant, lines, users):
    for line in lines.values():
        services.budget_actuals_save(line=line, by=users["staff"], actuals={1: planned(line)[0]})
    assert grant_budget(core_grant).forecast_underspend == Decimal("0.00")


def csv_file(text):
    return io.BytesIO(text.encode())


def test_it_imports_actual_spend_from_a_finance_csv(core_grant, lines, users):
    result = budget_actuals_import(
        grant=core_grant,
        file=csv_file('Budget line,Quarter,Actual spend\nCore team,Q1,"£1,250.50"\ntraining,2,99.99\n'),
        fmt="csv",
        by=users["staff"],
    )
    assert result.ok and result.saved == 2
    assert BudgetLineQuarter.objects.get(line=lines["staffing"], quarter=1).actual == Decimal("1250.50")
    assert BudgetLineQuarter.objects.get(line=lines["training"], quarter=2).actual == Decimal("99.99")


def test_it_imports_nothing_when_a_row_is_wrong_and_names_each_problem(core_grant, lines, users):
    result = budget_actuals_import(
        grant=core_grant,
        file=csv_file(
            "Budget line,Quarter,Actual spend\n"
            "Core team,Q1,100.00\n"
            "Catering,Q1,5.00\n"
            "Training,Q5,1.005\n"
            "Core team,1,7.00\n"
        ),
        fmt="csv",
        by=users["staff"],
    )
    assert not result.ok and result.saved == 0
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "Budget line"),
        (4, "Quarter"),
        (4, "Actual spend"),
        (5, "Quarter"),
    ]
    assert "Catering" in result.errors[0].message and "Row 2" in result.errors[3].message
    assert not BudgetLineQuarter.objects.filter(actual__isnull=False).exists()


def test_it_names_a_missing_column(core_grant, lines, users):
    result = budget_actuals_import(
        grant=core_grant, file=csv_file("Budget line,Quarter\nCore team,Q1\n"), fmt="csv", by=users["staff"]
    )
    assert [(e.row, e.column) for e in result.errors] == [(1, "Actual spend")]


def test_it_refuses_a_stale_save_of_actual_spend(client_for, core_grant, lines):
    line = lines["training"]
    url = reverse("grants:budget_actuals_edit", args=[core_grant.pk, line.pk])
    first, second = client_for("staff"), client_for("staff2")
    version = line.actuals_version
    assert first.post(url, {"q1": "100.00", "version": version}).status_code == 302
    response = second.post(url, {"q1": "80.00", "version": version})
    assert response.status_code == 409
    text = response.content.decode()
    assert "Your changes have not been saved" in text and "the actual spend on this budget line" in text
    assert "£100.00" in text or "100.00" in text  # what the first person saved, in the list of changes
    assert BudgetLineQuarter.objects.get(line=line, quarter=1).actual == Decimal("100.00")
    # The form now carries the version seen: saving again goes through.
    line.refresh_from_db()
    assert second.post(url, {"q1": "80.00", "version": line.actuals_version}).status_code == 302
    assert BudgetLineQuarter.objects.get(line=line, quarter=1).actual == Decimal("80.00")


def test_it_keeps_each_quarters_forecast_and_shows_what_was_forecast_when(client_for, core_grant, lines, users):
    client = client_for("staff")
    record = reverse("grants:budget_forecast_record", args=[core_grant.pk])
    client.post(record, {"quarter": "1"})
    assert not BudgetForecast.objects.exists()  # no actual spend yet: nothing to record
    for line in lines.values():
        services.budget_actuals_save(line=line, by=users["staff"], actuals={1: Decimal("100.00")})
    assert client.post(record, {"quarter": "1"}).status_code == 302
    q1 = {f.line_id: f.forecast_outturn for f in BudgetForecast.objects.filter(quarter=1)}
    assert q1 == {lines["staffing"].pk: Decimal("850.00"), lines["training"].pk: Decimal("400.00")}
    # Later spend changes today's forecast, never the one kept for Q1.
    services.budget_actuals_save(line=lines["training"], by=users["staff"], actuals={1: Decimal("10.00")})
    client.post(record, {"quarter": "1"})
    assert BudgetForecast.objects.get(line=lines["training"], quarter=1).forecast_outturn == Decimal("400.00")
    page = client.get(reverse("grants:grant_budget", args=[core_grant.pk])).content.decode()
    assert "Q1 forecast" in page and "£400.00" in page and "£310.00" in page
    assert "Forecast underspend of" in page


def test_it_links_the_budget_page_from_the_grant_page(client_for, core_grant, lines):
    client = client_for("staff")
    detail = client.get(reverse("grants:grant_detail", args=[core_grant.pk])).content.decode()
    budget_url = reverse("grants:grant_budget", args=[core_grant.pk])
    assert f'href="{budget_url}"' in detail
    page = client.get(budget_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Core team" in text and "£250.01" in text
    assert reverse("grants:budget_actuals_edit", args=[core_grant.pk, lines["staffing"].pk]) in text
    assert reverse("grants:budget_actuals_import", args=[core_grant.pk]) in text
    assert "shown from Q2 on" in text  # no quarter reported yet
    assert reverse("svd:spend_to_date") in text  # spend passed to CSPs: from their approved returns, not retyped


def test_the_actuals_page_saves_and_refuses_a_negative_amount(client_for, core_grant, lines):
    client = client_for("staff")
    line = lines["staffing"]
    url = reverse("grants:budget_actuals_edit", args=[core_grant.pk, line.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"q1": "-5", "version": line.actuals_version})
    assert response.status_code == 200 and "The amount must be £0.00 or more" in response.content.decode()
    assert client.post(url, {"q1": "£250.01", "q2": "", "version": line.actuals_version}).status_code == 302
    assert BudgetLineQuarter.objects.get(line=line, quarter=1).actual == Decimal("250.01")


def test_the_import_page_saves_all_rows_or_shows_the_problems(client_for, core_grant, lines):
    client = client_for("staff")
    url = reverse("grants:budget_actuals_import", args=[core_grant.pk])
    assert client.get(url).status_code == 200
    bad = SimpleUploadedFile("actuals.csv", b"Budget line,Quarter,Actual spend\nCore team,Q1,10\nNope,Q1,1\n")
    response = client.post(url, {"file": bad})
    text = response.content.decode()
    assert response.status_code == 200 and "Nothing was imported" in text and "Nope" in text
    assert not BudgetLineQuarter.objects.filter(actual__isnull=False).exists()
    good = SimpleUploadedFile("actuals.csv", b"Budget line,Quarter,Actual spend\nCore team,Q1,10\n")
    assert client.post(url, {"file": good}).status_code == 302
    assert BudgetLineQuarter.objects.get(line=lines["staffing"], quarter=1).actual == Decimal("10.00")


@pytest.mark.parametrize("who", ["leeds", "panel"])
def test_it_refuses_the_budget_pages_to_non_staff(client_for, core_grant, lines, who):
    client = client_for(who)
    line = lines["staffing"]
    for url in (
        reverse("grants:grant_budget", args=[core_grant.pk]),
        reverse("grants:budget_actuals_edit", args=[core_grant.pk, line.pk]),
        reverse("grants:budget_actuals_import", args=[core_grant.pk]),
    ):
        assert client.get(url).status_code == 403
    assert (
        client.post(reverse("grants:budget_forecast_record", args=[core_grant.pk]), {"quarter": 1}).status_code == 403
    )


def test_the_budget_page_runs_a_fixed_number_of_queries(
    client_for, core_grant, lines, users, django_assert_num_queries
):
    for line in BudgetLine.objects.all():
        services.budget_actuals_save(line=line, by=users["staff"], actuals={1: Decimal("1.00")})
    services.budget_forecast_record(grant=core_grant, quarter=1, by=users["staff"])
    client = client_for("staff")
    url = reverse("grants:grant_budget", args=[core_grant.pk])
    client.get(url)
    # session, user, the grant with funder and year, the lines, their quarters,
    # their forecasts with who recorded them, the partnership's name, saving the session (3)
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200


def test_the_api_gives_the_budget_and_forecast_the_page_shows(client_for, core_grant, lines, users):
    services.budget_actuals_save(line=lines["staffing"], by=users["staff"], actuals={1: Decimal("200.00")})
    services.budget_actuals_save(line=lines["training"], by=users["staff"], actuals={1: Decimal("100.00")})
    services.budget_forecast_record(grant=core_grant, quarter=1, by=users["staff"])
    body = client_for("staff").get(f"/api/v1/grant-budgets/{core_grant.pk}/").json()
    assert body["grant_amount"] == "4341877.11" and body["budget_lines_amount"] == "1400.01"
    assert body["quarters_reported"] == 1 and body["recorded_quarters"] == [1]
    assert body["forecast_outturn"] == "1350.00" and body["forecast_underspend"] == "50.01"
    staffing = next(line for line in body["lines"] if line["description"] == "Core team")
    assert staffing["quarters"][0] == {"quarter": 1, "planned": "250.01", "actual": "200.00", "variance": "-50.01"}
    assert staffing["underspend_risk"] is True and staffing["forecasts"][0]["forecast_outturn"] == "950.00"
    listed = client_for("staff").get("/api/v1/grant-budgets/").json()["results"]
    assert [grant["grant"] for grant in listed] == [core_grant.pk]


@pytest.mark.parametrize("who", ["leeds", "panel"])
def test_the_budget_api_shows_non_staff_nothing(client_for, core_grant, lines, who):
    client = client_for(who)
    assert client.get("/api/v1/grant-budgets/").json()["results"] == []
    assert client.get(f"/api/v1/grant-budgets/{core_grant.pk}/").status_code == 404


def test_the_budget_api_lists_grants_in_a_fixed_number_of_queries(
    client_for, core_grant, lines, reference_data, django_assert_num_queries
):
    other = Grant.objects.create(
        reference="other-2025-26",
        funder=reference_data["orgs"]["home_office"],
        programme=Programme.OTHER,
        period=full_year_period(reference_data["years"][2025]),
        amount=Decimal("10.00"),
    )
    services.budget_line_create(
        by=None, grant=other, kind=BudgetLineKind.OTHER, description="Misc", amount=Decimal("5")
    )
    client = client_for("staff")
    client.get("/api/v1/grant-budgets/")
    # session, user, count, the grants page, their lines, the lines' quarters, their forecasts, saving the session (3)
    with django_assert_num_queries(10):
        assert len(client.get("/api/v1/grant-budgets/").json()["results"]) == 2


@pytest.mark.parametrize("quarter", ["0", "5", "", "Q1"])
def test_it_refuses_to_record_a_forecast_for_a_quarter_that_does_not_exist(client_for, core_grant, lines, quarter):
    response = client_for("staff").post(
        reverse("grants:budget_forecast_record", args=[core_grant.pk]), {"quarter": quarter}
    )
    assert response.status_code == 302 and not BudgetForecast.objects.exists()

"""The panel report API: the same access policy as the pages."""

import pytest

from reporting import services

from .conftest import render_now


@pytest.fixture
def two_reports(draft, users, reference_data):
    published = services.report_publish(report=render_now(draft), by=users["staff"])
    hidden = services.report_create(
        title="Unpublished draft",
        meeting_date="2025-07-11",
        financial_year=reference_data["years"][2025],
        up_to_quarter=1,
        by=None,
    )
    return published, hidden


def test_it_refuses_anonymous_requests(client, two_reports):
    assert client.get("/api/v1/panel-reports/").status_code in (401, 403)


@pytest.mark.parametrize("reader", ["panel", "leeds"])
def test_it_lists_only_published_reports_to_readers(client_for, two_reports, reader):
    published, hidden = two_reports
    client = client_for(reader)

    titles = [r["title"] for r in client.get("/api/v1/panel-reports/").json()["results"]]

    assert titles == [published.title]
    assert client.get(f"/api/v1/panel-reports/{hidden.pk}/").status_code == 404


def test_it_lists_every_report_to_staff_with_its_figures(client_for, two_reports):
    published, hidden = two_reports

    results = client_for("staff").get("/api/v1/panel-reports/").json()["results"]

    assert {r["title"] for r in results} == {published.title, hidden.title}
    row = next(r for r in results if r["id"] == published.pk)
    assert row["figures"]["financial_year"] == "2024/25"
    assert row["pdf_url"].endswith(f"/reporting/reports/{published.pk}/download/pdf/")

"""The figures registry: one definition per figure, read by every output, and a
generated docs/figures.md that cannot go stale."""

from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from partnership.services import financial_year_ensure
from reporting import selectors
from reporting.figure_registry import FIGURES
from reporting.management.commands.figures_doc import DOC, render_doc
from reporting.models import PanelReport
from svd.returns import services as return_services
from tests.svd.returns.helpers import fill


def test_the_checked_in_figures_doc_is_what_the_registry_generates():
    assert DOC.read_text() == render_doc(), "docs/figures.md is stale: run python manage.py figures_doc"
    call_command("figures_doc", "--check")  # passes on the checked-in document
    with pytest.raises(SystemExit):
        _check_stale()


def _check_stale():
    """--check fails on a stale document (written aside, then restored)."""
    original = DOC.read_text()
    try:
        DOC.write_text(original + "\nA line nobody generated.\n")
        call_command("figures_doc", "--check")
    finally:
        DOC.write_text(original)


def test_every_figure_is_documented_once_with_its_rows_state_and_rounding():
    keys = [f.key for f in FIGURES]
    assert len(keys) == len(set(keys))
    for figure in FIGURES:
        assert figure.counts and figure.rows and figure.state and figure.rounding, figure.key
        assert f"(`{figure.key}`)" in DOC.read_text()


def test_the_report_rounds_half_up_through_the_money_module():
    # Half-even would give 2.66: the portal rounds half up, in partnership/money.py only.
    assert selectors._money(Decimal("2.665")) == "2.67"


def test_the_report_charts_each_csps_approved_spend_against_its_shares(q1, users, reference_data):
    leeds = fill(q1["leeds"], users["leeds"])  # £25.50 on each of its two funding lines
    return_services.return_submit(quarterly_return=leeds, by=users["leeds"])
    return_services.return_approve(quarterly_return=leeds, by=users["staff"])
    report = PanelReport.objects.create(
        title="Q1", meeting_date="2025-08-01", financial_year=reference_data["years"][2025], up_to_quarter=1
    )

    figures = selectors.report_figures(report)

    spend = {row["csp"]: row for row in figures["csp_spend"]}
    assert spend["Safer Leeds"] == {"csp": "Safer Leeds", "allocation": "300.00", "spend": "51.00"}
    assert spend["Bradford CSP"]["spend"] is None  # nothing approved yet
    assert figures["figures"]["svd_spend_to_date"] == "51.00"
    assert figures["figures"]["svd_csp_shares"] == "600.00"


def test_the_compliance_view_opens_on_the_latest_year_with_data_not_an_empty_year_ahead(client_for, reference_data):
    from grants.models import MatchContribution

    financial_year_ensure(start_year=2026)  # opened by the calendar, nothing recorded yet
    MatchContribution.objects.create(
        financial_year=reference_data["years"][2025],
        partner=reference_data["orgs"]["police"],
        value=Decimal("10.00"),
        status="confirmed",
        form="cash",
    )
    with time_machine.travel("2026-12-01 10:00Z", tick=False):
        page = client_for("staff").get(reverse("reporting:compliance")).content.decode()
    assert '<span class="govuk-caption-l">2025/26</span>' in page
    assert '<option value="2025" selected>' in page


def test_the_open_data_page_opens_on_the_latest_year_with_data(client_for, reference_data):
    from grants.models import MatchContribution

    financial_year_ensure(start_year=2026)
    MatchContribution.objects.create(
        financial_year=reference_data["years"][2025],
        partner=reference_data["orgs"]["police"],
        value=Decimal("10.00"),
        status="confirmed",
        form="cash",
    )
    page = client_for("staff").get(reverse("open_data:index")).content.decode()
    assert '<option value="2025" selected>' in page


def test_the_figures_api_and_export_carry_the_registry_values(client_for, q1, users):
    from rest_framework.test import APIClient

    leeds = fill(q1["leeds"], users["leeds"])
    return_services.return_submit(quarterly_return=leeds, by=users["leeds"])
    return_services.return_approve(quarterly_return=leeds, by=users["staff"])
    api = APIClient()
    api.force_authenticate(users["staff"])

    body = api.get("/api/v1/figures/", {"year": 2025}).json()
    csv_text = client_for("staff").get(reverse("reporting:figures_export", args=["csv"]) + "?year=2025")

    by_key = {row["key"]: row["value"] for row in body["figures"]}
    assert by_key["svd_spend_to_date"] == "51.00" and by_key["returns_received"] == 1
    assert "2025/26,svd_spend_to_date,SVD spend to date by the CSPs,51.00" in csv_text.content.decode()
    assert api.get("/api/v1/figures/", {"year": 2025}).status_code == 200
    other = APIClient()
    other.force_authenticate(users["leeds"])
    assert other.get("/api/v1/figures/", {"year": 2025}).status_code == 403
    assert client_for("leeds").get(reverse("reporting:figures_export", args=["csv"])).status_code == 403


def test_the_figures_api_runs_a_fixed_number_of_queries_whatever_the_rows(q1, users, django_assert_num_queries):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(users["staff"])
    # the year; core grant; match funding (grant, contributions); core and SVD funding; allocations;
    # shares issued; SVD spend (CSPs, shares, approved lines); the reporting rate (CSPs, returns);
    # outcomes; budget lines
    with django_assert_num_queries(15):
        api.get("/api/v1/figures/", {"year": 2025})
    for csp in ("leeds", "bradford"):
        fill(q1[csp], users[csp])
        return_services.return_submit(quarterly_return=q1[csp], by=users[csp])
        return_services.return_approve(quarterly_return=q1[csp], by=users["staff"])
    with django_assert_num_queries(15):
        body = api.get("/api/v1/figures/", {"year": 2025}).json()
    assert {f["key"]: f["value"] for f in body["figures"]}["svd_spend_to_date"] == "102.00"

"""Every figure leads to its rows: in the demo, each figure of the registry links
(on the compliance view and in the report's HTML twin) to a page that lists exactly
the rows behind it, and that page shows their total, equal to the figure."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import Grant
from partnership.models import FinancialYear, User
from partnership.money import format_gbp
from reporting import selectors
from reporting.figure_registry import COUNT, FIGURES, figure_links, figures_for_year
from reporting.models import PanelReport
from reporting.pdf import render

# The only figures whose link is not a list of rows: each is one stored value (or
# one worked out from a single record), so it links to that record's own page.
SINGLE_STORED_VALUES = {
    "core_grant": "The grant's amount: one field of the year's core grant.",
    "match_required": "What the grant's conditions state: an amount, or a percentage of a named reference amount.",
    "qualifying_minimum": "The conditions' share of the grant's amount, worked out from that one grant.",
}


@pytest.fixture
def staff_client(demo, client):
    user = User.objects.create_user(username="figure-rows-staff", password="x" * 12, role="vrp_staff")
    client.force_login(user)
    return client


def shown(figure, value) -> str:
    """The figure as the pages print it: money as £1,234.56, counts as 1,234."""
    return f"{value:,}" if figure.kind == COUNT else format_gbp(Decimal(str(value)))


def total_on(page: str, element_id: str) -> str:
    """The text of the element with that id (a cell or a summary value: never nested in its own kind)."""
    match = re.search(rf'<(\w+)[^>]*\bid="{element_id}"[^>]*>(.*?)</\1>', page, re.S)
    assert match, f"no #{element_id} on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(2))).strip()


def assert_leads_to_its_rows(client, figure, url, value):
    assert url, f"{figure.key} has no link to its rows"
    response = client.get(url)
    assert response.status_code == 200, (figure.key, url)
    total = total_on(response.content.decode(), figure.link.total)
    assert re.search(rf"(?<![\d,.]){re.escape(shown(figure, value))}(?!\d|[,.]\d)", total), (figure.key, url, total)
    core = Grant.objects.get(reference="vru-core-2024-25")
    if figure.key in SINGLE_STORED_VALUES:
        assert url == reverse("grants:grant_detail", args=[core.pk]), figure.key
    return response


def test_the_single_stored_values_are_the_registry_s_and_no_others():
    assert {f.key: bool(f.single_value) for f in FIGURES} == {f.key: f.key in SINGLE_STORED_VALUES for f in FIGURES}


@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f.key)
def test_every_figure_leads_to_a_page_of_its_rows_with_the_same_total(staff_client, figure):
    year = FinancialYear.objects.get(start_year=2024)
    value = figures_for_year(year)[figure.key]
    assert value is not None, f"the demo has no {figure.key} for 2024/25"

    assert_leads_to_its_rows(staff_client, figure, figure_links(year)[figure.key], value)


@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f.key)
def test_every_figure_in_the_html_twin_leads_to_its_rows_for_the_report_s_quarters(staff_client, figure):
    report = PanelReport.objects.get(title__contains="April 2025")
    report.up_to_quarter = 3  # a report to the end of December counts quarters 1 to 3 only
    snapshot = selectors.report_figures(report)
    twin = render.report_html(report, snapshot, links=True)
    row = re.search(rf'<tr data-figure="{figure.key}"><td><a href="([^"]+)">', twin)
    assert row, f"{figure.key} has no link in the HTML twin"

    url = html.unescape(row.group(1))
    assert_leads_to_its_rows(staff_client, figure, url, snapshot["figures"][figure.key])
    if figure.link.by_quarter:
        assert "up_to_quarter=3" in url


def test_each_compliance_line_links_to_its_figure_s_rows(staff_client):
    year = FinancialYear.objects.get(start_year=2024)
    page = staff_client.get(reverse("reporting:compliance") + "?year=2024").content.decode()
    links = figure_links(year)
    lines = dict(
        re.findall(r'<tr class="govuk-table__row" id="([a-z_]+)">.*?<a class="govuk-link" href="([^"]+)"', page, re.S)
    )

    figure_of_line = {
        "core_grant": "core_grant",
        "match": "match_secured",
        "qualifying": "qualifying_amount",
        "svd": "svd_shares_issued",
        "spend": "svd_spend_to_date",
    }
    assert {line: html.unescape(href) for line, href in lines.items()} == {
        line: links[key] for line, key in figure_of_line.items()
    }
    for part in ("core_grant", "core_amount", "budget_lines"):  # the headroom's parts
        assert f'href="{html.escape(links[part])}"' in page

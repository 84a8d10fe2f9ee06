"""Wording is data (issue 13): no place, partnership or governance wording in
code or templates, and a partnership that reports to another body sees its own
words on the pages and in the report, never the demo's."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from partnership.models import Partnership

ROOT = Path(settings.BASE_DIR)
DEMO_WORDS = re.compile(r"West Yorkshire|Leeds|Bradford|Calderdale|Kirklees|Wakefield|Police and Crime Panel")
APPS = ["partnership", "grants", "interventions", "svd", "reporting", "vrp_portal", "templates", "devdata"]


def _is_demo_data(path: Path) -> bool:
    """The demo and scale data, which production does not load (issue 13, item 7)."""
    parts = path.relative_to(ROOT).parts
    return (
        path.name.startswith("demo")
        or path.name in ("load_demo.py", "generate_scale_data.py")
        or "scale" in parts
        or "devdata" in parts
        or "migrations" in parts
    )


def _product_files():
    for app in APPS:
        for path in (ROOT / app).rglob("*"):
            if path.suffix in (".py", ".html", ".txt", ".css") and not _is_demo_data(path):
                yield path


def test_no_template_or_module_outside_the_demo_data_holds_the_demos_words():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _product_files()
        for match in [DEMO_WORDS.search(path.read_text(encoding="utf-8", errors="replace"))]
        if match
    ]
    assert found == []


def test_the_scan_sees_the_templates_and_modules_it_checks():
    names = {str(path.relative_to(ROOT)) for path in _product_files()}
    assert "reporting/templates/reporting/pdf/report.html" in names
    assert "templates/registration/login.html" in names
    assert "reporting/models.py" in names
    assert not any(name.startswith("devdata/") for name in names)


@pytest.fixture
def london(db):
    Partnership.objects.all().delete()
    return Partnership.objects.create(
        name="London Violence Reduction Unit",
        short_name="London VRU",
        area_name="London",
        reports_to="Police and Crime Committee",
        meeting_name="committee",
        member_title="Police and Crime Committee member",
    )


def _no_demo(text):
    match = DEMO_WORDS.search(text)
    assert match is None, match and text[max(0, match.start() - 80) : match.end() + 80]


def test_the_sign_in_page_names_the_partnerships_own_reporting_body(client, london):
    page = client.get(reverse("login")).content.decode()
    assert "members of the Police and Crime Committee" in page
    _no_demo(page)


def test_pages_and_the_report_use_the_partnerships_words(london, reference_data, users, client_for):
    from reporting.models import PanelReport
    from reporting.pdf.render import report_html
    from reporting.selectors import report_figures

    Partnership.objects.exclude(pk=london.pk).delete()
    year = reference_data["years"][2024]
    report = PanelReport.objects.create(
        title="Update for the committee", meeting_date=date(2025, 4, 11), financial_year=year, up_to_quarter=3
    )
    staff = client_for("staff")
    for url in (
        reverse("reporting:report_list"),
        reverse("reporting:report_detail", args=[report.pk]),
        reverse("reporting:report_edit", args=[report.pk]),
    ):
        page = staff.get(url).content.decode()
        _no_demo(page)
    edit = staff.get(reverse("reporting:report_edit", args=[report.pk])).content.decode()
    assert "Date of the committee meeting" in edit
    assert "Implications for young people in London" in edit

    panel = client_for("panel").get(reverse("home")).content.decode()
    assert "Police and Crime Committee member" in panel
    _no_demo(panel)

    html = report_html(report, report_figures(report))
    assert "Update to the Police and Crime Committee" in html
    assert "Implications for young people in London" in html
    assert "London Violence Reduction Unit" in html
    _no_demo(html)


def test_a_section_heading_the_partnership_changed_is_the_reports_heading(london, reference_data):
    from reporting.models import PanelReport, ReportHeading
    from reporting.pdf.render import report_html
    from reporting.selectors import report_figures

    ReportHeading.objects.create(section="cover_young_people", heading="What this means for young Londoners")
    report = PanelReport.objects.create(
        title="Update", meeting_date=date(2025, 4, 11), financial_year=reference_data["years"][2024]
    )
    html = report_html(report, report_figures(report))
    assert "What this means for young Londoners" in html
    assert "Implications for young people" not in html

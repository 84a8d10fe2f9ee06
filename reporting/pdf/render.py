"""HTML and PDF for a panel report. Pure functions of the report's narrative and
its figures snapshot: no database writes, so nothing here runs inside a transaction."""

import logging
from pathlib import Path

# WeasyPrint logs every layout step at INFO (even on import); the portal logs one line per render.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from django.conf import settings  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.urls import reverse  # noqa: E402
from weasyprint import HTML  # noqa: E402

from partnership.models import FinancialYear, Partnership  # noqa: E402
from partnership.wording import wording  # noqa: E402

from ..figure_registry import FIGURES, figure_links  # noqa: E402
from ..markdown import render_markdown  # noqa: E402
from ..models import COVER_SECTIONS, UPDATE_SECTIONS, default_recommendations, section_headings  # noqa: E402
from . import charts  # noqa: E402

# Embedded in the HTML, so the HTML twin is one self-contained file.
STYLESHEET = Path(__file__).with_name("report.css")


def _sections(report, sections, headings):
    return [
        {
            "name": name,
            "id": name.replace("_", "-"),
            "heading": headings[name],
            "html": render_markdown(getattr(report, name)),
        }
        for name, _ in sections
    ]


def figure_rows(figures: dict, *, links: bool) -> list[dict]:
    """The registry's figures as the report's "Figures in this report" table prints
    them, each (in the HTML twin) with the address of the rows behind it, for the
    report's year and quarters (a read of the year and its core grant; no writes)."""
    urls = {}
    if links:
        year = FinancialYear.objects.get(start_year=int(figures["financial_year"].split("/")[0]))
        urls = figure_links(year, up_to_quarter=figures.get("up_to_quarter", 4))
    return [
        {
            "key": figure.key,
            "title": figure.title,
            "kind": figure.kind,
            "value": figures["figures"][figure.key],
            "url": urls.get(figure.key, ""),
        }
        for figure in FIGURES
    ]


def report_html(report, figures: dict, *, links: bool = False) -> str:
    """The report as one self-contained HTML document. With `links`, the HTML twin:
    each figure in its figures table links to the portal page of the rows behind it."""
    partnership = Partnership.current()
    headings = section_headings(partnership.area_name if partnership else "")
    context = {
        "report": report,
        "f": figures,
        "partnership": partnership,
        "wording": wording(partnership),
        "reporting_body": wording(partnership)["reports_to"],
        "service_name": settings.PORTAL_SERVICE_NAME,
        # The twin is served from the portal, so a path leads back to the report's page.
        "portal_url": reverse("reporting:report_detail", args=[report.pk]),
        "recommendations": render_markdown(report.recommendations or default_recommendations()),
        "cover_sections": _sections(report, COVER_SECTIONS, headings),
        "update_sections": {s["name"]: s for s in _sections(report, UPDATE_SECTIONS, headings)},
        "spend_chart": charts.as_data_uri(charts.spend_against_allocation(figures["csp_spend"])),
        "outcomes_chart": charts.as_data_uri(charts.outcomes_by_quarter(figures["outcomes_by_quarter"])),
        "stylesheet": STYLESHEET.read_text(),
        "figure_rows": figure_rows(figures, links=links),
    }
    return render_to_string("reporting/pdf/report.html", context)


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint alone: tagged PDF/UA-1, with the document's title and language."""
    return HTML(string=html, base_url=str(STYLESHEET.parent)).write_pdf(pdf_variant="pdf/ua-1")

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

from partnership.models import Partnership  # noqa: E402

from ..markdown import render_markdown  # noqa: E402
from ..models import COVER_SECTIONS, REPORTING_BODY, UPDATE_SECTIONS, default_recommendations  # noqa: E402
from . import charts  # noqa: E402

# Embedded in the HTML, so the HTML twin is one self-contained file.
STYLESHEET = Path(__file__).with_name("report.css")


def _sections(report, sections):
    return [
        {"name": name, "id": name.replace("_", "-"), "heading": heading, "html": render_markdown(getattr(report, name))}
        for name, heading in sections
    ]


def report_html(report, figures: dict) -> str:
    """The report as one self-contained HTML document (the PDF's twin)."""
    partnership = Partnership.current()
    context = {
        "report": report,
        "f": figures,
        "partnership": partnership,
        "reporting_body": REPORTING_BODY,
        "service_name": settings.PORTAL_SERVICE_NAME,
        # The twin is served from the portal, so a path leads back to the report's page.
        "portal_url": reverse("reporting:report_detail", args=[report.pk]),
        "recommendations": render_markdown(report.recommendations or default_recommendations()),
        "cover_sections": _sections(report, COVER_SECTIONS),
        "update_sections": {s["name"]: s for s in _sections(report, UPDATE_SECTIONS)},
        "spend_chart": charts.as_data_uri(charts.spend_against_allocation(figures["csp_spend"])),
        "outcomes_chart": charts.as_data_uri(charts.outcomes_by_quarter(figures["outcomes_by_quarter"])),
        "stylesheet": STYLESHEET.read_text(),
    }
    return render_to_string("reporting/pdf/report.html", context)


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint alone: tagged PDF/UA-1, with the document's title and language."""
    return HTML(string=html, base_url=str(STYLESHEET.parent)).write_pdf(pdf_variant="pdf/ua-1")

"""The demo's April 2025 update, read back from the PDF the portal rendered."""

import io
import re

import pytest
from pypdf import PdfReader

from interventions.models import InterventionFunding
from reporting.models import PanelReport, ReportStatus

from .conftest import render_now

SOURCE_FIGURES = [
    "£4,341,877.11",  # core grant, 2024/25 and the 2025/26 rollover
    "£674,000.00",  # match funding required
    "£1,302,563.14",  # the 30% minimum, rounded up
    "£1,368,197.00",  # qualifying spend
    "£867,822.00",  # the other interventions
    "9,281",
    "714",
    "264",
    # SVD labour / non-labour per year, and the 2025/26 bid
    "£21,553.33",
    "£42,728.41",
    "£101,161.78",
    "£129,017.47",
    "£96,302.13",
    "£65,436.47",
]


def pdf_text(report):
    with report.pdf.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def demo_report(demo):
    return PanelReport.objects.get(title__contains="April 2025")


def test_it_publishes_the_april_2025_update_in_the_demo(demo_report):
    assert demo_report.status == ReportStatus.PUBLISHED
    assert (demo_report.financial_year.label, demo_report.up_to_quarter) == ("2024/25", 3)
    assert len(demo_report.checksum) == 64
    assert demo_report.figures["core"]["count"] == 46


def test_it_prints_the_source_reports_figures_from_the_data(demo_report):
    _, text = pdf_text(demo_report)

    for figure in SOURCE_FIGURES:
        assert figure in text, figure
    assert "Funded through the core VRP budget 46" in text
    assert "Qualifying under the 30% rule" in text
    assert "21 £1,368,197.00" in text.replace("\n", " ")
    assert "Other interventions 25 £867,822.00" in text
    # The demo's returns: every CSP approved for Q1-Q3, Wakefield's Q2 three days late.
    assert "15 of 15 returns received, 14 on time" in " ".join(text.split())


def test_it_takes_the_figures_from_the_data_not_the_narrative(demo_report):
    """Change the data and render a correction: the new version follows the data."""
    from reporting import services

    funding = InterventionFunding.objects.filter(
        financial_year=demo_report.financial_year,
        stream="core",
        intervention__reference__startswith="community-leaders",
    ).get()
    funding.amount += 1
    funding.save()

    correction = render_now(services.report_new_version(report=demo_report, by=None))

    _, text = pdf_text(correction)
    assert correction.version == 2
    assert "£867,823.00" in text
    assert "£867,822.00" not in text
    _, original = pdf_text(demo_report)
    assert "£867,822.00" in original  # the published version is untouched


def test_it_makes_a_tagged_pdf_with_title_and_language(demo_report):
    reader, text = pdf_text(demo_report)
    catalog = reader.trailer["/Root"]

    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])  # a pypdf BooleanObject
    assert catalog["/Lang"] == "en-GB"
    assert reader.metadata["/Title"] == demo_report.title
    assert f"Page 1 of {len(reader.pages)}" not in text  # the cover has no page number
    assert f"Page 2 of {len(reader.pages)}" in text


def test_it_lists_contents_with_page_numbers_and_repeats_running_headers(demo_report):
    reader, _ = pdf_text(demo_report)
    contents = reader.pages[1].extract_text()
    last = reader.pages[-1].extract_text()

    assert "Contents" in contents
    assert "Appendix A: Serious Violence funded interventions" in contents
    # Each appendix's page number in the contents is the page it starts on (the page's own
    # footer follows the contents in the text); Appendix B, the figures, is the last page.
    appendix_a = re.search(r"Appendix A: Serious Violence funded interventions[ .]*(\d+)", contents)
    appendix_b = re.search(r"Appendix B: The figures in this report[ .]*(\d+)", contents)
    assert appendix_a and appendix_b
    start_a = int(appendix_a.group(1))
    assert "Appendix A: Serious Violence funded interventions" in reader.pages[start_a - 1].extract_text()
    assert "Hotspot problem-solving patrols" in reader.pages[start_a - 1].extract_text()
    assert appendix_b.group(1) == str(len(reader.pages))
    assert "Appendix B: The figures in this report" in last
    assert demo_report.title in last  # running header


def test_it_repeats_the_appendix_table_header_on_every_page(reference_data, users, draft):
    from decimal import Decimal

    from interventions.models import FundingStream, Intervention

    provider = reference_data["orgs"]["police"]
    for n in range(120):
        intervention = Intervention.objects.create(
            reference=f"svd-{n}", name=f"SVD intervention {n:03d}", provider=provider
        )
        intervention.districts.add(reference_data["districts"]["wide"])
        InterventionFunding.objects.create(
            intervention=intervention,
            financial_year=draft.financial_year,
            stream=FundingStream.SVD,
            amount=Decimal("100.00"),
        )

    report = render_now(draft)
    reader, _ = pdf_text(report)
    appendix_pages = [p.extract_text() for p in reader.pages if "SVD intervention" in p.extract_text()]

    assert len(appendix_pages) >= 3
    assert all("Intervention Provider Area Amount" in page for page in appendix_pages)


def test_it_keeps_raw_html_out_of_the_pdf_and_its_html_twin(draft):
    from reporting import services

    services.report_update(
        report=draft,
        data={
            "cover_overview": 'Plain **bold** <script>alert("x")</script>'
            "<img src=x onerror=alert(1)> [link](javascript:alert(1))"
        },
        by=None,
    )
    report = render_now(draft)
    html = report.html.open("rb").read().decode()

    assert "<strong>bold</strong>" in html
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_it_opens_like_a_committee_paper_and_totals_every_table(demo_report):
    reader, text = pdf_text(demo_report)
    cover = " ".join(reader.pages[0].extract_text().split())
    flat = " ".join(text.split())

    for detail in (
        "Report to the Police and Crime Panel",
        "Meeting Police and Crime Panel, 11 April 2025",
        "Agenda item 7",
        "Report author Head of the Violence Reduction Partnership",
        "Contact officer VRP team, VRP@westyorks-ca.gov.uk",
        "Classification OFFICIAL",
        "Recommendations The Police and Crime Panel is asked to note",
        # Key figures, from the same snapshot as the tables inside.
        "Home Office core grant £4,341,877.11",
        "Match funding secured £680,000.00 of £674,000.00 required",
        "minimum £1,302,563.14: met",
        "People supported 9,995 9,281 aged 24 or under, 714 aged 25 or over; 264 workforce trained",
    ):
        assert detail in cover, detail
    assert "Total £315,319.37 £302,618.82 £617,938.19" in flat  # SVD funding by period
    # Allocation and approved spend per CSP: the demo's Q4 2024/25 returns spend each share to the penny.
    assert "Total £42,562.75 £42,562.75" in flat
    assert "Total 9,281 714 264" in flat  # outcomes by quarter
    assert "Total (11 interventions) £60,000.00" in flat  # the appendix
    assert all("OFFICIAL" in page.extract_text() for page in reader.pages)  # marked on every page


def test_it_never_leaves_a_table_caption_at_the_foot_of_a_page(demo_report):
    reader, _ = pdf_text(demo_report)
    captions = 0
    for number, page in enumerate(reader.pages, start=1):
        # The page's text without its running header and footer (the margin boxes).
        body = [
            line.strip()
            for line in page.extract_text().splitlines()
            if line.strip() and not line.startswith((demo_report.title, "Page ")) and line.strip() != "OFFICIAL"
        ]
        for index, line in enumerate(body):
            if line.startswith("Table "):
                captions += 1
                assert index + 1 < len(body), f"page {number} ends with the caption {line!r}, its table overleaf"
    assert captions == 6  # tables 1 to 5 and A1, each found with its rows


def test_it_names_the_partnership_and_its_body_not_the_demos_words(reference_data, users):
    """Found by issue 13's journey: the contents and the default recommendation
    called every partnership a "Violence Reduction Partnership"."""
    from partnership.models import Partnership
    from reporting import services

    Partnership.objects.update(name="Riverside Violence Reduction Unit", reports_to="Police and Crime Committee")
    report = services.report_create(
        title="Riverside update",
        meeting_date="2025-04-11",
        financial_year=reference_data["years"][2024],
        up_to_quarter=3,
        by=users["staff"],
    )

    _, text = pdf_text(render_now(report, users["staff"]))
    flat = " ".join(text.split())

    assert (
        "The Police and Crime Committee is asked to note the update on the work of the "
        "Riverside Violence Reduction Unit" in flat
    )
    assert "Violence Reduction Partnership" not in flat

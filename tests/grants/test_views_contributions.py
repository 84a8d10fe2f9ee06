"""Match-funding pages: progress split by status, contributions, evidence and exports."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.models import ContributionStatus, EvidenceFile, MatchContribution
from tests.govuk import error_next_to, summary_links_to

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def contribution(reference_data, value="100000.00", status=ContributionStatus.PLEDGED, description="Staff time"):
    return MatchContribution.objects.create(
        partner=reference_data["orgs"]["police"],
        financial_year=reference_data["years"][2024],
        form="staffing",
        description=description,
        value=Decimal(value),
        status=status,
    )


def test_it_shows_progress_against_the_requirement_split_by_status(client_for, reference_data, core_grant):
    contribution(reference_data, "100000.00", ContributionStatus.PLEDGED)
    contribution(reference_data, "250000.00", ContributionStatus.CONFIRMED)
    contribution(reference_data, "330000.00", ContributionStatus.EVIDENCED)

    page = client_for("staff").get(reverse("grants:contribution_list") + "?year=2024").content.decode()

    assert "£674,000.00" in page  # 20% of £3,370,000
    assert "£100,000.00" in page and "£250,000.00" in page and "£330,000.00" in page
    assert "£580,000.00" in page and "Not met" in page  # pledged money does not count yet


def test_it_lists_contributions_with_a_fixed_number_of_queries(
    client_for, reference_data, core_grant, django_assert_num_queries
):
    client = client_for("staff")
    contribution(reference_data)
    url = reverse("grants:contribution_list") + "?year=2024"
    # session, user, the year, contributions (with partner, year, evidence count),
    # the core grant with conditions, sums by status, the years for the picker,
    # the partnership (context processor), saving the session (savepoint, update, release)
    with django_assert_num_queries(11):
        client.get(url)
    for n in range(6):
        contribution(reference_data, description=f"More {n}")
    with django_assert_num_queries(11):
        page = client.get(url).content.decode()
    assert page.count("More ") == 6


@pytest.mark.parametrize(
    "value, message",
    [
        ("-0.01", "The amount must be £0.00 or more"),
        ("5.555", "no more than 2 decimal places"),
        ("99999999999999", "The amount must be less than £1,000,000,000,000"),
        ("£lots", "Enter an amount in pounds"),
    ],
)
def test_it_refuses_a_bad_value_and_saves_nothing(client_for, reference_data, value, message):
    response = client_for("staff").post(
        reverse("grants:contribution_create"),
        {
            "partner": reference_data["orgs"]["police"].pk,
            "financial_year": reference_data["years"][2024].pk,
            "form": "cash",
            "description": "",
            "value": value,
            "status": "pledged",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200  # the form again, with its errors (partnership.pages)
    assert summary_links_to(page, "value") and message in error_next_to(page, "value")
    assert not MatchContribution.objects.exists()


def test_it_changes_a_contribution_and_shows_its_history(client_for, reference_data):
    c = contribution(reference_data)
    client_for("staff2").post(
        reverse("grants:contribution_edit", args=[c.pk]),
        {
            "partner": c.partner_id,
            "financial_year": c.financial_year_id,
            "form": "staffing",
            "description": "Staff time",
            "value": "100000.00",
            "status": "evidenced",
            "version": c.version,
        },
    )
    page = client_for("staff").get(reverse("grants:contribution_detail", args=[c.pk])).content.decode()
    assert "staff2" in page and "Pledged" in page and "Evidenced" in page


@pytest.mark.parametrize("who", ["leeds", "panel"])
def test_it_refuses_contribution_pages_and_evidence_to_non_staff(client_for, reference_data, who):
    c = contribution(reference_data)
    client_for("staff").post(reverse("grants:evidence_upload", args=[c.pk]), {"file": SimpleUploadedFile("x.pdf", PDF)})
    evidence = EvidenceFile.objects.get()
    for url in (
        reverse("grants:contribution_detail", args=[c.pk]),
        reverse("grants:contribution_edit", args=[c.pk]),
        reverse("grants:evidence_upload", args=[c.pk]),
        reverse("grants:evidence_download", args=[c.pk, evidence.pk]),
        reverse("grants:contribution_export", args=["csv"]),
    ):
        assert client_for(who).get(url).status_code == 403


def test_it_sends_anonymous_users_to_sign_in_for_evidence(client, reference_data):
    c = contribution(reference_data)
    assert client.get(reverse("grants:evidence_upload", args=[c.pk])).status_code == 302


def test_it_stores_evidence_under_its_own_name_and_serves_it_to_staff(client_for, reference_data, settings):
    c = contribution(reference_data)
    response = client_for("staff").post(
        reverse("grants:evidence_upload", args=[c.pk]), {"file": SimpleUploadedFile("Police MOU.pdf", PDF)}
    )
    evidence = EvidenceFile.objects.get()
    assert response.status_code == 302
    assert evidence.file.name.startswith("evidence/") and "MOU" not in evidence.file.name
    assert (Path(settings.MEDIA_ROOT) / evidence.file.name).read_bytes() == PDF
    download = client_for("staff2").get(reverse("grants:evidence_download", args=[c.pk, evidence.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"


def test_it_refuses_evidence_over_the_size_limit(client_for, reference_data, settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 10
    c = contribution(reference_data)
    response = client_for("staff").post(
        reverse("grants:evidence_upload", args=[c.pk]), {"file": SimpleUploadedFile("big.pdf", PDF)}
    )
    assert response.status_code == 200  # the form again, with its errors (partnership.pages)
    assert "smaller than" in error_next_to(response.content.decode(), "file")
    assert not EvidenceFile.objects.exists()


def test_it_answers_404_for_evidence_of_another_contribution(client_for, reference_data):
    first, second = contribution(reference_data), contribution(reference_data, description="Other")
    client_for("staff").post(
        reverse("grants:evidence_upload", args=[first.pk]), {"file": SimpleUploadedFile("x.pdf", PDF)}
    )
    evidence = EvidenceFile.objects.get()
    assert (
        client_for("staff").get(reverse("grants:evidence_download", args=[second.pk, evidence.pk])).status_code == 404
    )


def test_it_exports_contributions_to_csv_with_formulas_neutralised(client_for, reference_data):
    contribution(reference_data, description='=HYPERLINK("http://evil","click")')
    contribution(reference_data, description="@SUM(1)", value="12.50")

    response = client_for("staff").get(reverse("grants:contribution_export", args=["csv"]))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Disposition"].startswith('attachment; filename="match-contributions.csv"')
    assert {r["description"] for r in rows} == {'\'=HYPERLINK("http://evil","click")', "'@SUM(1)"}
    assert {r["value"] for r in rows} == {"100000.00", "12.50"}


def test_it_exports_grants_to_xlsx_with_numbers_as_numbers(client_for, core_grant):
    core_grant.notes = "-1+1"
    core_grant.save()

    response = client_for("staff").get(reverse("grants:grant_export", args=["xlsx"]))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    row = {name: cell.value for name, cell in cells.items()}
    assert Decimal(str(row["amount"])) == Decimal("4341877.11")
    assert Decimal(str(row["qualifying minimum"])) == Decimal("1302563.14")
    # The one spreadsheet writer keeps text exactly, as a string cell (never a
    # formula), instead of prefixing an apostrophe (partnership.spreadsheets.writing).
    assert row["notes"] == "-1+1"
    assert cells["notes"].data_type == "s"
    assert cells["amount"].data_type == "n"


@pytest.mark.parametrize("status, listed", [("pledged", ["pledged"]), ("secured", ["confirmed", "evidenced"])])
def test_it_lists_the_contributions_of_a_status_with_their_total(client_for, reference_data, status, listed):
    for kind, value in (("pledged", "1.00"), ("confirmed", "20.00"), ("evidenced", "300.00")):
        contribution(reference_data, status=kind, value=Decimal(value), description=f"A {kind} one")
    client = client_for("staff")

    response = client.get(reverse("grants:contribution_list"), {"year": 2024, "status": status})

    assert sorted(c.status for c in response.context["contributions"]) == listed
    expected = {"pledged": "£1.00", "secured": "£320.00"}[status]
    assert f'id="contributions-total">{expected}</td>' in response.content.decode()
    assert client.get(reverse("grants:contribution_list"), {"year": 2024, "status": "lost"}).status_code == 404

from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from svd.models import FundingLine, ReturnStatus

from .helpers import fill


def download(client, quarterly_return):
    response = client.get(reverse("svd:return_download", args=[quarterly_return.pk]))
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def upload(client, quarterly_return, workbook):
    buffer = BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile(
        "return.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return client.post(reverse("svd:return_upload", args=[quarterly_return.pk]), {"file": file})


def fill_sheets(workbook):
    for row in workbook["Annex A"].iter_rows(min_row=2):
        row[4].value, row[5].value, row[6].value = 12.34, 12.34, float(row[2].value)
    for row in workbook["Annex B"].iter_rows(min_row=2):
        row[2].value, row[3].value, row[4].value, row[5].value, row[6].value = "Weekly sessions", 15, 2, 1, "On track"


def test_it_downloads_the_return_prefilled_with_allocations(client_for, q1):
    workbook = download(client_for("leeds"), q1["leeds"])
    assert workbook.sheetnames == ["About", "Annex A", "Annex B"]
    rows = list(workbook["Annex A"].iter_rows(min_row=2, values_only=True))
    assert [(row[1], Decimal(str(row[2]))) for row in rows] == [
        ("SVD labour share", Decimal("100.00")),
        ("SVD non-labour share", Decimal("200.00")),
    ]
    assert list(workbook["Annex B"].iter_rows(min_row=2, values_only=True))[0][1] == "A&E Navigator Leeds"


def test_it_refuses_the_download_to_the_other_csp(client_for, q1):
    assert client_for("bradford").get(reverse("svd:return_download", args=[q1["leeds"].pk])).status_code == 404


def test_it_fills_the_draft_from_a_valid_upload_and_says_what_changed(client_for, q1):
    client = client_for("leeds")
    workbook = download(client, q1["leeds"])
    fill_sheets(workbook)
    response = upload(client, q1["leeds"], workbook)
    page = response.content.decode()
    assert response.status_code == 200 and "What changed" in page
    assert "Spend this quarter" in page and "12.34" in page
    q1["leeds"].refresh_from_db()
    assert q1["leeds"].status == ReturnStatus.DRAFT
    line = q1["leeds"].annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR)
    assert line.spend_this_quarter == Decimal("12.34")
    assert q1["leeds"].annex_b_lines.get().young_people == 15


def test_it_changes_nothing_when_one_cell_is_invalid_and_names_the_cell(client_for, q1):
    client = client_for("leeds")
    workbook = download(client, q1["leeds"])
    fill_sheets(workbook)
    workbook["Annex B"]["D2"] = 2.5
    response = upload(client, q1["leeds"], workbook)
    page = response.content.decode()
    assert "Nothing has been saved" in page
    assert (
        "Sheet &#x27;Annex B&#x27;, row 2, column D (People aged 24 or under): "
        "Enter people aged 24 or under as a whole number, like 12" in page
    )
    q1["leeds"].refresh_from_db()
    assert q1["leeds"].version == 1 and q1["leeds"].status == ReturnStatus.NOT_STARTED
    assert all(line.spend_this_quarter is None for line in q1["leeds"].annex_a_lines.all())


def test_it_refuses_a_spreadsheet_older_than_the_draft(client_for, q1, users):
    client = client_for("leeds")
    workbook = download(client, q1["leeds"])
    fill(q1["leeds"], users["staff"])
    fill_sheets(workbook)
    response = upload(client, q1["leeds"], workbook)
    assert response.status_code == 409
    assert "Download the spreadsheet again" in response.content.decode()
    assert q1["leeds"].annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR).spend_this_quarter == Decimal("25.50")


def test_it_takes_the_same_spreadsheet_again_after_its_uploader_fixes_a_cell(client_for, q1):
    client = client_for("leeds")
    workbook = download(client, q1["leeds"])
    fill_sheets(workbook)
    assert upload(client, q1["leeds"], workbook).status_code == 200
    workbook["Annex A"]["E2"] = 20.00  # spend this quarter, fixed
    workbook["Annex A"]["F2"] = None  # spend to date left for the portal to work out
    response = upload(client, q1["leeds"], workbook)
    assert response.status_code == 200 and "What changed" in response.content.decode()
    line = q1["leeds"].annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR)
    assert (line.spend_this_quarter, line.spend_to_date) == (Decimal("20.00"), Decimal("20.00"))


def test_it_still_refuses_it_when_someone_else_saved_in_between(client_for, q1, users):
    client = client_for("leeds")
    workbook = download(client, q1["leeds"])
    fill_sheets(workbook)
    assert upload(client, q1["leeds"], workbook).status_code == 200
    fill(q1["leeds"], users["staff"])
    workbook["Annex A"]["E2"] = 20.00
    workbook["Annex A"]["F2"] = 20.00
    assert upload(client, q1["leeds"], workbook).status_code == 409
    assert q1["leeds"].annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR).spend_this_quarter == Decimal("25.50")


def test_it_refuses_a_spreadsheet_for_another_return(client_for, q1, users):
    workbook = download(client_for("bradford"), q1["bradford"])
    response = upload(client_for("leeds"), q1["leeds"], workbook)
    assert "This spreadsheet is for a different return" in response.content.decode()


def test_it_refuses_the_upload_to_the_other_csp(client_for, q1):
    workbook = download(client_for("leeds"), q1["leeds"])
    assert upload(client_for("bradford"), q1["leeds"], workbook).status_code == 404

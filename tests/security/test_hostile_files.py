"""Hostile and odd files at every upload point (issue 15, item 2): the return
upload, the interventions import and the admin's import all read through one
reader (partnership.spreadsheets.reading), which refuses a zip bomb from the
archive's table of contents and caps rows and problems."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from interventions import imports
from partnership.spreadsheets import formats, reading
from tests.govuk import error_next_to

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


SHARED_STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def with_shared_strings(workbook: bytes, shared_strings: str) -> bytes:
    """The workbook with its shared strings replaced, and listed in its manifest
    (openpyxl writes none of its own), so a reader parses them on opening."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            if item.filename == "xl/sharedStrings.xml":
                continue
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", SHARED_STRINGS_TYPE.encode() + b"</Types>")
            archive.writestr(item, data)
        archive.writestr("xl/sharedStrings.xml", shared_strings)
    return out.getvalue()


def zip_bomb(unpacked_mb: int = 24) -> bytes:
    """A workbook whose shared strings unpack to `unpacked_mb` MB: about 70 KB on disk."""
    buffer = io.BytesIO()
    Workbook().save(buffer)
    count = unpacked_mb * 1024
    body = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{count}" uniqueCount="{count}">' + ("<si><t>" + "A" * 1000 + "</t></si>") * count + "</sst>"
    )
    return with_shared_strings(buffer.getvalue(), body)


def upload_return(client, quarterly_return, content, name="return.xlsx"):
    file = SimpleUploadedFile(name, content, content_type=XLSX)
    return client.post(reverse("svd:return_upload", args=[quarterly_return.pk]), {"file": file})


def upload_import(client, content, name, kind="outcomes"):
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("interventions:import"), {"kind": kind, "file": file})


def test_it_refuses_a_zip_bomb_at_the_return_upload_in_well_under_a_second(client_for, q1):
    bomb = zip_bomb()
    assert len(bomb) < 200_000
    client = client_for("leeds")
    client.get(reverse("svd:return_upload", args=[q1["leeds"].pk]))  # the page once, so its set-up is not timed
    started = time.monotonic()
    response = upload_return(client, q1["leeds"], bomb)
    assert time.monotonic() - started < 1
    assert response.status_code == 200
    assert "packed far more tightly than a real one" in error_next_to(response.content.decode(), "file")
    q1["leeds"].refresh_from_db()
    assert q1["leeds"].version == 1


def test_it_refuses_a_zip_bomb_at_the_import_in_well_under_a_second(client_for, reference_data):
    bomb, client = zip_bomb(), client_for("staff")
    client.get(reverse("interventions:import"))
    started = time.monotonic()
    response = upload_import(client, bomb, "outcomes.xlsx")
    assert time.monotonic() - started < 1
    assert "packed far more tightly than a real one" in error_next_to(response.content.decode(), "file")


def test_it_refuses_a_zip_bomb_at_the_admin_import():
    with pytest.raises(reading.RefusedSpreadsheet, match="packed far more tightly"):
        formats.XLSX().create_dataset(zip_bomb())


@override_settings(PORTAL_XLSX_MAX_UNCOMPRESSED_BYTES=1024 * 1024)
def test_it_refuses_a_workbook_that_would_unpack_past_the_limit(client_for, q1):
    book = Workbook()
    for n in range(30_000):
        book.active.append([f"row {n} {n * 7919 % 104729}"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload_return(client_for("leeds"), q1["leeds"], buffer.getvalue())
    assert "more than the 1.0 MB the portal reads" in error_next_to(response.content.decode(), "file")


def test_it_refuses_an_archive_of_too_many_parts(client_for, q1):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(reading.MAX_PARTS + 1):
            archive.writestr(f"xl/part{n}.xml", "<x/>")
    response = upload_return(client_for("leeds"), q1["leeds"], buffer.getvalue())
    assert "more than any spreadsheet" in error_next_to(response.content.decode(), "file")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("return.xlsx", b"%PDF-1.4 not a workbook", "could not be read as XLSX"),
        ("return.xlsx", b"", "file is empty"),
        ("return.pdf", b"%PDF-1.4", "must be a .xlsx file"),
    ],
)
def test_it_says_next_to_the_field_when_the_file_is_not_what_its_name_says(client_for, q1, name, content, message):
    response = upload_return(client_for("leeds"), q1["leeds"], content, name=name)
    assert message in error_next_to(response.content.decode(), "file")


def _download(client, quarterly_return):
    response = client.get(reverse("svd:return_download", args=[quarterly_return.pk]))
    return load_workbook(io.BytesIO(response.content))


def _save(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_it_stops_reading_a_return_sheet_past_its_row_cap_and_says_so(client_for, q1):
    client = client_for("leeds")
    book = _download(client, q1["leeds"])
    book["Annex B"].cell(row=3 + 2 * 2_000, column=1, value="far below")
    started = time.monotonic()
    response = upload_return(client, q1["leeds"], _save(book))
    assert time.monotonic() - started < 2
    page = response.content.decode()
    assert "more than 2,000 rows" in page and "The check stopped early" in page


def test_it_caps_the_problems_a_return_upload_lists_and_says_the_check_stopped(client_for, q1):
    client = client_for("leeds")
    book = _download(client, q1["leeds"])
    for row in range(3, 1_500):
        book["Annex B"].cell(row=row, column=1, value=f"not-a-line-{row}")
    response = upload_return(client, q1["leeds"], _save(book))
    page = response.content.decode()
    assert page.count("This is not a line of this return") == 500
    assert "The check stopped early, after the first 500 problems" in page
    assert len(response.content) < 300_000


@pytest.mark.parametrize(
    "content, message",
    [
        ("intervention,quarter\n".encode("utf-16"), "saved as UTF-16"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "holds a PNG file"),
        (b"intervention,quarter\nleeds,\xa3 5\n", "save it as CSV UTF-8"),
        (b"intervention,quarter\n" + b"x" * 200_000 + b",2024/25 Q1\n", "longer than"),
        (b"intervention,quarter\nleeds,\x01\n", "control character"),
    ],
)
def test_it_explains_an_odd_csv(client_for, reference_data, content, message):
    response = upload_import(client_for("staff"), content, "outcomes.csv")
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page


def test_it_refuses_an_import_past_its_row_cap(reference_data, users, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 10)
    content = b"intervention,quarter,young_people,adults,workforce_trained\n" + b"x,2024/25 Q1,1,1,1\n" * 20
    report = imports.import_file(kind="outcomes", file=io.BytesIO(content), fmt="csv", dry_run=True, by=users["staff"])
    assert not report.ok
    assert any("more than 10 rows" in error.message for error in report.errors)


def test_it_refuses_an_entity_expansion_in_the_xml(client_for, q1):
    client = client_for("leeds")
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&b;</t></si></sst>'
    )
    hostile = with_shared_strings(_save(_download(client, q1["leeds"])), laughs)
    response = upload_return(client, q1["leeds"], hostile)
    assert "could not be read as an Excel (.xlsx) spreadsheet" in response.content.decode()

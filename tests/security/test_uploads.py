"""Review of partnership/uploads.py (upload_check): content decides the type, never
the name or the browser's Content-Type; size is capped; the portal names the file.
tests/partnership/test_uploads.py covers the basics; these are the hostile cases."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from partnership.uploads import upload_check, validate_upload

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _xlsx():
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["grant", "value"])
    workbook.save(buffer)
    return buffer.getvalue()


def _zip(name, content):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def test_it_recognises_a_real_spreadsheet_by_its_content():
    checked = upload_check(SimpleUploadedFile("import.xlsx", _xlsx(), content_type="text/html"))
    assert checked.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert checked.stored_name.endswith(".xlsx")


@pytest.mark.parametrize(
    "name, content",
    [
        ("evidence.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),  # a Windows program
        ("evidence.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 64),  # a Linux program
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("picture.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("import.xlsx", _zip("payload.sh", "echo hi")),  # a zip dressed as a spreadsheet
        ("archive.zip", _zip("receipt.pdf", PDF)),
    ],
)
def test_it_refuses_hostile_content_whatever_its_name(name, content):
    with pytest.raises(ValidationError) as refused:
        validate_upload(SimpleUploadedFile(name, content, content_type="application/pdf"))
    assert refused.value.code == "wrong_type"


def test_it_stores_a_pdf_named_as_an_image_as_a_pdf():
    checked = upload_check(SimpleUploadedFile("photo.png", PDF))
    assert checked.content_type == "application/pdf" and checked.stored_name.endswith(".pdf")


def test_it_never_lets_the_users_name_reach_the_stored_name():
    hostile = "..\\..\\x; rm -rf $(HOME) \u202egnp.pdf"
    first = upload_check(SimpleUploadedFile(hostile, PDF))
    second = upload_check(SimpleUploadedFile(hostile, PDF))
    assert first.stored_name != second.stored_name
    assert all(ch in "0123456789abcdef.pdf" for ch in first.stored_name)

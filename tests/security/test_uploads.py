"""Uploads are checked by their content, not their name, and by size; the portal,
not the user, names the stored file."""
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from partnership.uploads import portal_file_name, upload_content_type, validate_upload

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64


def _xlsx():
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["grant", "value"])
    workbook.save(buffer)
    return buffer.getvalue()


def _zip_named_xlsx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.sh", "echo hi")
    return buffer.getvalue()


def _file(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    "name, content, mime",
    [
        ("receipt.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        ("Match funding.csv", "grant,value\nVRU-2024,£1,234.56\n".encode(), "text/csv"),
    ],
)
def test_it_accepts_allowed_types_by_their_content(name, content, mime):
    upload = _file(name, content)
    validate_upload(upload)
    assert upload_content_type(upload) == mime
    assert upload.read() == content, "the check leaves the file readable from the start"


def test_it_accepts_a_spreadsheet_by_its_content():
    upload = _file("import.xlsx", _xlsx())
    validate_upload(upload)
    assert upload_content_type(upload) == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    with pytest.raises(ValidationError):
        validate_upload(_file("import.xlsx", _zip_named_xlsx()))


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("evidence.pdf", b"#!/bin/sh\nrm -rf /\n", "must be a PDF, PNG"),
        ("evidence.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "must be a PDF, PNG"),
        ("page.csv", b"<html><script>alert(1)</script></html>", "must be a PDF, PNG"),
        ("photo.png", PDF, "name ends .png but it is a .pdf file"),
        ("receipt", PDF, "name ends with no extension but it is a .pdf file"),
        ("empty.pdf", b"", "The selected file is empty"),
        ("binary.csv", b"a,b\x00c", "must be a PDF, PNG"),
    ],
)
def test_it_refuses_what_the_content_betrays(name, content, message):
    with pytest.raises(ValidationError) as refused:
        validate_upload(_file(name, content))
    assert message in refused.value.messages[0]


@override_settings(PORTAL_UPLOAD_MAX_BYTES=1024)
def test_it_refuses_a_file_over_the_size_limit():
    validate_upload(_file("small.pdf", PDF.ljust(1024, b" ")))
    with pytest.raises(ValidationError) as refused:
        validate_upload(_file("big.pdf", PDF.ljust(1025, b" ")))
    assert refused.value.messages == ["The selected file must be smaller than 1.0\xa0KB"]


def test_it_names_stored_files_itself():
    from grants.models import EvidenceFile

    name = portal_file_name(EvidenceFile(), "../../etc/passwd; rm -rf.PDF")
    assert name.startswith("evidencefile/") and name.endswith(".pdf")
    assert "passwd" not in name and ".." not in name
    assert portal_file_name(EvidenceFile(), "noextension").count(".") == 0
    assert portal_file_name(EvidenceFile(), "a.pdf") != portal_file_name(EvidenceFile(), "a.pdf")

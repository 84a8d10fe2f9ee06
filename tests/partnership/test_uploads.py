import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from partnership.uploads import upload_check

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_it_accepts_a_pdf_and_names_it_itself():
    checked = upload_check(SimpleUploadedFile("../../etc/passwd.pdf", PDF, content_type="text/plain"))

    assert checked.content_type == "application/pdf"
    assert checked.stored_name.endswith(".pdf") and "/" not in checked.stored_name
    assert checked.original_name == "passwd.pdf"  # Django strips the path


def test_it_decides_the_type_by_content_not_by_name():
    with pytest.raises(ValidationError, match="must be a PDF"):
        upload_check(SimpleUploadedFile("evidence.pdf", b"#!/bin/sh\nrm -rf /\n", content_type="application/pdf"))


def test_it_accepts_an_image_named_as_anything():
    assert upload_check(SimpleUploadedFile("scan.txt", PNG)).extension == "png"


def test_it_refuses_a_file_over_the_limit(settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = len(PDF) - 1
    with pytest.raises(ValidationError, match="smaller than"):
        upload_check(SimpleUploadedFile("big.pdf", PDF))


def test_it_refuses_an_empty_file():
    with pytest.raises(ValidationError, match="empty"):
        upload_check(SimpleUploadedFile("empty.pdf", b""))

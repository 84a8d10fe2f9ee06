"""Checks on uploaded files (evidence, imports): type by content, not by name; size.

    validate_upload(file)        raises ValidationError, or returns None
    upload_content_type(file)    the type the content shows (after validate_upload)
    portal_file_name(instance, filename)   an `upload_to` that names files by the portal

Files are stored under MEDIA_ROOT, outside the static root, and served only by
permission-checked views; the user's file name is kept as data, never as a path.
"""
import posixpath
import uuid

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

# What the content must be, and the names it may have.
ALLOWED_TYPES = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods",),
    "text/csv": (".csv",),
}
ALLOWED_DESCRIPTION = "a PDF, PNG, JPEG, Word (.docx), Excel (.xlsx), OpenDocument or CSV file"
_SNIFF_BYTES = 8192


def _head(file, size=_SNIFF_BYTES):
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _is_plain_text(file):
    """CSV has no magic number: accept UTF-8 text with no NUL bytes and no markup at the start."""
    head = _head(file)
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        # The sniffed block may end inside a multi-byte character.
        try:
            text = head[:-3].decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
    return not text.lstrip().startswith("<")


def upload_content_type(file):
    """The MIME type the content shows, or None if it is none the portal accepts."""
    kind = filetype.guess(_head(file))
    if kind is not None:
        return kind.mime if kind.mime in ALLOWED_TYPES else None
    extension = posixpath.splitext(getattr(file, "name", "") or "")[1].lower()
    if extension == ".csv" and _is_plain_text(file):
        return "text/csv"
    return None


def validate_upload(file) -> None:
    """Refuses an empty or too large file, or one whose content is not an allowed type
    or does not match its extension (a PDF named .png, a script named .pdf)."""
    size = file.size
    limit = settings.PORTAL_UPLOAD_MAX_BYTES
    if not size:
        raise ValidationError("The selected file is empty", code="empty")
    if size > limit:
        raise ValidationError(f"The selected file must be smaller than {filesizeformat(limit)}", code="too_large")
    mime = upload_content_type(file)
    if mime is None:
        raise ValidationError(f"The selected file must be {ALLOWED_DESCRIPTION}", code="type")
    extension = posixpath.splitext(getattr(file, "name", "") or "")[1].lower()
    if extension not in ALLOWED_TYPES[mime]:
        raise ValidationError(
            f"The selected file's name ends {extension or 'with no extension'} but it is a {ALLOWED_TYPES[mime][0]} file",
            code="extension",
        )


def portal_file_name(instance, filename):
    """<model>/<year>/<random>.<ext>: the user's name never reaches the file system."""
    extension = posixpath.splitext(filename)[1].lower()
    if not extension[1:].isalnum() or len(extension) > 6:
        extension = ""
    return f"{instance._meta.model_name}/{timezone.now():%Y}/{uuid.uuid4().hex}{extension}"

"""The one check every uploaded file passes, in every app.

The type is decided by the file's content (its magic bytes, through `filetype`),
never by the name or the Content-Type the browser sent, and the size is capped at
`settings.PORTAL_UPLOAD_MAX_BYTES`. The stored name is chosen by the portal, so a
user's file name never becomes a path on disk; the original name is kept as data.
"""

import uuid
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from . import content_types

# Extension -> MIME type of what the portal accepts as evidence or supporting documents.
ALLOWED_TYPES = {
    "pdf": content_types.PDF,
    "png": content_types.PNG,
    "jpg": content_types.JPEG,
    "docx": content_types.DOCX,
    "xlsx": content_types.XLSX,
    "odt": content_types.ODT,
    "ods": content_types.ODS,
}
ALLOWED_DESCRIPTION = "PDF, PNG, JPG, DOCX, XLSX, ODT or ODS"


@dataclass(frozen=True)
class CheckedUpload:
    extension: str
    content_type: str
    size: int
    original_name: str
    stored_name: str


def upload_check(uploaded) -> CheckedUpload:
    """Refuse a file that is empty, too large or not an allowed type; else say what it is."""
    limit = settings.PORTAL_UPLOAD_MAX_BYTES
    if not uploaded or uploaded.size == 0:
        raise ValidationError("The selected file is empty.", code="empty")
    if uploaded.size > limit:
        raise ValidationError(f"The selected file must be smaller than {filesizeformat(limit)}.", code="too_large")
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.extension not in ALLOWED_TYPES:
        raise ValidationError(f"The selected file must be a {ALLOWED_DESCRIPTION}.", code="wrong_type")
    return CheckedUpload(
        extension=kind.extension,
        content_type=ALLOWED_TYPES[kind.extension],
        size=uploaded.size,
        original_name=(uploaded.name or "upload")[-255:],
        stored_name=f"{uuid.uuid4().hex}.{kind.extension}",
    )


def validate_upload(uploaded):
    """A form-field validator: `validators=[validate_upload]`."""
    upload_check(uploaded)

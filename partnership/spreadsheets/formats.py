"""django-import-export's CSV and XLSX formats, through the portal's one reader
and one writer, for every admin import and export (settings.IMPORT_EXPORT_FORMATS)."""

import io

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from import_export.formats import base_formats

from . import reading, writing

ADMIN_IMPORT_MAX_ROWS = 100_000


def _dataset(numbered_rows):
    import tablib

    rows = [row for _, row in numbered_rows]
    if not rows:
        return tablib.Dataset()
    headers, body = rows[0], rows[1:]
    width = len(headers)
    return tablib.Dataset(*[(list(r) + [None] * width)[:width] for r in body], headers=headers)


def _check_size(content):
    if len(content) > settings.PORTAL_UPLOAD_MAX_BYTES:
        raise ValueError(f"The file must be smaller than {filesizeformat(settings.PORTAL_UPLOAD_MAX_BYTES)}.")


class CSV(base_formats.CSV):
    def create_dataset(self, in_stream, **kwargs):
        content = in_stream.encode("utf-8") if isinstance(in_stream, str) else in_stream
        _check_size(content)
        return _dataset(reading.csv_rows(io.BytesIO(content), max_rows=ADMIN_IMPORT_MAX_ROWS))

    def export_data(self, dataset, **kwargs):
        return writing.dataset_bytes(dataset, "csv").decode("utf-8")


class XLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        _check_size(in_stream)
        return _dataset(reading.xlsx_rows(io.BytesIO(in_stream), max_rows=ADMIN_IMPORT_MAX_ROWS))

    def export_data(self, dataset, **kwargs):
        return writing.dataset_bytes(dataset, "xlsx")


FORMATS = [CSV, XLSX]
# The admin passes numbers to a format as numbers only if it is listed here.
if XLSX not in base_formats.BINARY_FORMATS:
    base_formats.BINARY_FORMATS.append(XLSX)


class SpreadsheetFormatsAdmin:
    """Put first in a ModelAdmin with import-export, so it reads and writes through the portal's reader and writer."""

    formats = FORMATS

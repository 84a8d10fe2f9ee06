"""The one reader for every CSV and XLSX a person uploads: the return upload,
the interventions import and the admin's import.

An XLSX file is a zip archive. Before openpyxl parses anything, its table of
contents is checked: how many parts it has, how large they unpack, and how
tightly each is compressed. A zip bomb (a few MB that unpack to gigabytes of
shared strings) is refused from the table of contents alone, in milliseconds.
The declared sizes can be trusted as limits: Python's zipfile stops reading a
part at its declared size and fails its checksum if the data runs on. The XML
is parsed through defusedxml (openpyxl uses it when it is installed), so an
entity expansion is refused too.

Rows are read one at a time and a reader stops at `max_rows`; every text cell
passes the portal's text rule (partnership.text).
"""

import codecs
import csv
import zipfile
from collections.abc import Iterator

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from openpyxl import load_workbook

from partnership.text import text_problem

MAX_PARTS = 500  # a workbook from Excel or LibreOffice has tens
MAX_RATIO = 100  # deflated XML is 5 to 20 times smaller; a bomb is ~1,000 times
RATIO_CHECKED_FROM = 1024 * 1024  # a small part packed tightly costs nothing
CSV_FIELD_MAX_CHARS = csv.field_size_limit()  # 131,072: the csv module refuses a longer cell


class RefusedSpreadsheet(ValueError):
    """The file, or one of its rows, cannot be read. `row` counts as a
    spreadsheet does (the first row is 1); 0 means the file as a whole."""

    def __init__(self, message: str, row: int = 0):
        super().__init__(message)
        self.row = row


def _archive_problem(file) -> str:
    limit = settings.PORTAL_XLSX_MAX_UNCOMPRESSED_BYTES
    try:
        with zipfile.ZipFile(file) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "The file could not be read as XLSX: save it from Excel as an .xlsx workbook."
    finally:
        file.seek(0)
    if len(parts) > MAX_PARTS:
        return f"The file holds {len(parts):,} parts, more than any spreadsheet: it has not been opened."
    unpacked = sum(part.file_size for part in parts)
    if unpacked > limit:
        return (
            f"The spreadsheet would unpack to {filesizeformat(unpacked)}, more than the "
            f"{filesizeformat(limit)} the portal reads: it has not been opened. Split it into smaller files."
        )
    for part in parts:
        if part.file_size >= RATIO_CHECKED_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            return (
                "The spreadsheet is packed far more tightly than a real one "
                f"(a part unpacks {part.file_size // max(part.compress_size, 1):,} times larger): "
                "it has not been opened."
            )
    if not any(part.filename == "xl/workbook.xml" for part in parts):
        return "The file could not be read as XLSX: save it from Excel as an .xlsx workbook."
    return ""


def check_xlsx(file) -> None:
    """Refuse an archive that is not a workbook, or would cost too much to open."""
    problem = _archive_problem(file)
    if problem:
        raise RefusedSpreadsheet(problem)


def open_xlsx(file):
    """A read-only workbook, its values as last calculated; RefusedSpreadsheet if not safe or not one."""
    check_xlsx(file)
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except Exception as e:  # openpyxl, zipfile and defusedxml raise many kinds for a hostile file
        raise RefusedSpreadsheet("The file could not be read as an Excel (.xlsx) spreadsheet.") from e


def _checked(row: list, number: int) -> list:
    for index, cell in enumerate(row):
        problem = text_problem(cell) if isinstance(cell, str) else ""
        if problem:
            raise RefusedSpreadsheet(f"Row {number}, cell {index + 1}: {problem}", row=number)
    return row


def sheet_rows(sheet, *, max_rows: int, min_row: int = 1) -> Iterator[tuple[int, list]]:
    """(row number, cells) of a worksheet from `min_row`, stopping with RefusedSpreadsheet past `max_rows`."""
    number = min_row - 1
    try:
        for number, row in enumerate(sheet.iter_rows(min_row=min_row, values_only=True), min_row):
            if number > max_rows:
                raise RefusedSpreadsheet(
                    f"The sheet '{sheet.title}' has more than {max_rows:,} rows, more than the portal reads: "
                    "the check stopped there. Remove the rows below your figures, or split the file.",
                    row=number,
                )
            yield number, _checked(list(row), number)
    except RefusedSpreadsheet:
        raise
    except Exception as e:  # a damaged sheet fails part-way through
        raise RefusedSpreadsheet("The file could not be read as XLSX past this row.", row=number + 1) from e


def xlsx_rows(file, *, max_rows: int) -> Iterator[tuple[int, list]]:
    """The first sheet's rows."""
    book = open_xlsx(file)
    try:
        sheet = book.active
        if sheet is None or not hasattr(sheet, "iter_rows"):
            raise RefusedSpreadsheet("The file could not be read as XLSX: its first sheet holds no table.", row=1)
        yield from sheet_rows(sheet, max_rows=max_rows)
    finally:
        book.close()


def csv_rows(file, *, max_rows: int) -> Iterator[tuple[int, list]]:
    """A binary CSV file's rows, decoded a line at a time, so a byte that is not
    UTF-8 is reported at its row. A byte-order mark is allowed."""
    head = file.read(4)
    file.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise RefusedSpreadsheet(
            "The file is saved as UTF-16 (Unicode) text: save it as CSV UTF-8 and upload it again.", row=1
        )
    lines = (line.decode("utf-8") for line in _without_bom(file))
    number = 0
    reader = csv.reader(lines)
    try:
        for number, row in enumerate(reader, 1):
            if number > max_rows:
                raise RefusedSpreadsheet(
                    f"The file has more than {max_rows:,} rows, more than the portal reads at once: "
                    "the check stopped there. Split it into smaller files.",
                    row=number,
                )
            yield number, _checked(row, number)
    except csv.Error as e:
        if "field larger than field limit" in str(e):
            raise RefusedSpreadsheet(
                f"Row {reader.line_num + 1} has a cell longer than {CSV_FIELD_MAX_CHARS:,} characters.",
                row=reader.line_num + 1,
            ) from e
        raise RefusedSpreadsheet("The file could not be read as CSV: save it as CSV UTF-8.", row=number + 1) from e
    except UnicodeDecodeError as e:
        raise RefusedSpreadsheet("The file could not be read as CSV: save it as CSV UTF-8.", row=number + 1) from e


def _without_bom(file) -> Iterator[bytes]:
    lines = iter(file)
    first = next(lines, b"")
    yield first.removeprefix(codecs.BOM_UTF8)
    yield from lines


def rows(file, fmt: str, *, max_rows: int) -> Iterator[tuple[int, list]]:
    return csv_rows(file, max_rows=max_rows) if fmt == "csv" else xlsx_rows(file, max_rows=max_rows)


def check_upload(upload, *, formats: tuple[str, ...]) -> str:
    """For a form's clean_<file>(): the upload's format ("csv" or "xlsx"), or a
    ValidationError to show next to the field. The name must say a format the
    page takes and the content must be what the name says; an XLSX is checked as
    `check_xlsx` does, before anything parses it."""
    names = " or ".join(f".{fmt}" for fmt in formats)
    name = (upload.name or "").lower()
    fmt = next((fmt for fmt in formats if name.endswith(f".{fmt}")), None)
    if fmt is None:
        raise ValidationError(f"The selected file must be a {names} file.", code="wrong_type")
    limit = settings.PORTAL_UPLOAD_MAX_BYTES
    if upload.size == 0:
        raise ValidationError("The selected file is empty.", code="empty")
    if upload.size > limit:
        raise ValidationError(
            f"The selected file must be smaller than {filesizeformat(limit)}: split it into several files.",
            code="too_large",
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    if fmt == "csv" and kind is not None:
        raise ValidationError(
            f"The selected file is named .csv but holds a {kind.extension.upper()} file: save it as CSV UTF-8.",
            code="wrong_type",
        )
    if fmt == "xlsx":
        try:
            check_xlsx(upload)
        except RefusedSpreadsheet as e:
            raise ValidationError(str(e), code="refused_spreadsheet") from e
    return fmt

"""The one writer for every CSV and XLSX file the portal produces: exports,
templates, the return workbook and the 360Giving spreadsheet.

A spreadsheet runs a cell as a formula when its text begins with `=`, `+`, `-`
or `@`, and Excel and LibreOffice skip leading spaces, tabs and line breaks
before looking (so "\\t=1+1" is a formula too). The writer makes such text inert:

- in XLSX every text cell is written as a string, never a formula, so the text
  is kept exactly (a return's narrative that begins "- " survives a download
  and upload) and a spreadsheet shows it as typed;
- in CSV, which has no cell types, such text is prefixed with an apostrophe,
  which spreadsheets show as plain text (OWASP's advice on CSV injection).

Numbers are left alone: a negative Decimal is a number, not a formula. The
portal never means to write a formula, so no caller can ask for one. Characters
that XML cannot hold are replaced rather than failing the download.
"""

import csv
import io
import re

import tablib
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from partnership import content_types

FORMULA_STARTS = ("=", "+", "-", "@")
CSV_CONTENT_TYPE = content_types.CSV
XLSX_CONTENT_TYPE = content_types.XLSX
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def looks_like_formula(value) -> bool:
    """Text a spreadsheet could run: a formula character, after any leading
    whitespace or control characters, or a leading tab or carriage return."""
    if not isinstance(value, str) or not value:
        return False
    if value[0] in "\t\r\n":
        return True
    stripped = value.lstrip("".join(chr(c) for c in range(33)) + "\u00a0\u2000\u2001\u2002\u2003\u3000\ufeff")
    return stripped.startswith(FORMULA_STARTS)


def csv_cell(value):
    """A value as it is safe to write to CSV. A plain number written as text
    ("-1250.00", how CSV exports write amounts) is a number, not a formula."""
    if looks_like_formula(value) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_bytes(rows) -> bytes:
    """UTF-8 CSV with a byte-order mark, so Excel reads it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if value is None else csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xml_safe(value):
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def append_row(sheet, values) -> None:
    """Append a row to an openpyxl worksheet with every text cell a string cell."""
    sheet.append([_xml_safe(value) for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula


def new_workbook(title: str, headings=None) -> tuple[Workbook, object]:
    """A workbook whose first sheet is named `title`, with bold headings if given."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    if headings:
        append_row(sheet, headings)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    return book, sheet


def workbook_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(headings, rows, *, title: str = "Sheet1") -> bytes:
    book, sheet = new_workbook(title, headings)
    for row in rows:
        append_row(sheet, row)
    return workbook_bytes(book)


def _dataset_rows(dataset) -> tuple[list, list]:
    return list(dataset.headers or []), [list(row) for row in dataset]


def databook_bytes(book) -> bytes:
    """A tablib Databook as XLSX, one sheet per dataset in order (the import
    templates: the rows sheet, then what each column accepts)."""
    workbook = None
    for dataset in book.sheets():
        headings, rows = _dataset_rows(dataset)
        title = (dataset.title or "Sheet1")[:31]
        if workbook is None:
            workbook, sheet = new_workbook(title, headings)
        else:
            sheet = workbook.create_sheet(title)
            if headings:
                append_row(sheet, headings)
                for cell in sheet[1]:
                    cell.font = Font(bold=True)
        for row in rows:
            append_row(sheet, row)
    if workbook is None:
        workbook, _ = new_workbook("Sheet1")
    return workbook_bytes(workbook)


def dataset_bytes(dataset, fmt: str) -> bytes:
    """A tablib Dataset (django-import-export's exports and the import templates) as CSV or XLSX;
    a Databook (several sheets) as XLSX only, since CSV has one sheet."""
    if isinstance(dataset, tablib.Databook):
        if fmt != "xlsx":
            raise ValueError("A workbook of several sheets can only be written as XLSX.")
        return databook_bytes(dataset)
    headings, rows = _dataset_rows(dataset)
    if fmt == "csv":
        return csv_bytes([headings, *rows] if headings else rows)
    if fmt == "xlsx":
        return xlsx_bytes(headings, rows, title=(dataset.title or "Sheet1")[:31])
    raise ValueError(f"Unknown spreadsheet format {fmt!r}.")

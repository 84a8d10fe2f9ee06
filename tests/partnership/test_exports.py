from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from partnership.spreadsheets.writing import csv_bytes, csv_cell, xlsx_bytes

HOSTILE = ["=SUM(A1:A2)", "+1+1", "-2+3", "@cmd", "\t=1", "\r=1", " =1+1", "\n@x", '=HYPERLINK("http://x","Open")']


@pytest.mark.parametrize("text", HOSTILE)
def test_it_makes_formula_text_inert_in_csv(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Safer Leeds", "", "1 = 1", Decimal("-12.50"), "-12.50", 5, None])
def test_it_leaves_other_values_alone_in_csv(value):
    assert csv_cell(value) == value


def test_it_writes_formula_text_to_xlsx_as_text_kept_exactly():
    book = load_workbook(BytesIO(xlsx_bytes(["Name"], [[text] for text in HOSTILE] + [[Decimal("-3.50")]])))
    cells = [row[0] for row in book.active.iter_rows(min_row=2)]
    assert [cell.value for cell in cells[:-1]] == [t.replace("\r", "\n") for t in HOSTILE]  # XML keeps no bare CR
    assert all(cell.data_type == "s" for cell in cells[:-1])
    assert cells[-1].data_type == "n"


def test_it_replaces_characters_xml_cannot_hold_rather_than_failing():
    book = load_workbook(BytesIO(xlsx_bytes(["Name"], [["bell\x07"]])))
    assert book.active["A2"].value == "bell\ufffd"


def test_it_writes_csv_excel_reads_as_utf8():
    assert csv_bytes([["£5"]]).startswith(b"\xef\xbb\xbf")

"""Offline working: a return as an XLSX workbook, and reading it back.

The workbook is pre-filled with the allocations, the spend to date reported up
to the previous approved quarter and the figures saved so far. Reading it back
passes every cell through the same rules as the pages (svd.returns.validation,
via services.return_save), and a problem is reported by sheet, row and column.
"""

from dataclasses import dataclass

from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from partnership.spreadsheets import reading, writing

from .selectors import previous_spend_to_date
from .validation import LABELS, PROGRESS_VALUES

ABOUT, ANNEX_A, ANNEX_B = "About", "Annex A", "Annex B"
# (field, heading); field None = shown for reference, not read back.
A_COLUMNS = [
    ("id", "Line reference (do not change)"),
    (None, "Funding line"),
    (None, "Allocation (£)"),
    (None, "Spend to date at the end of the previous approved quarter (£)"),
    ("spend_this_quarter", "Spend this quarter (£)"),
    ("spend_to_date", "Spend to date (£)"),
    ("forecast_to_year_end", "Forecast to year end (£)"),
    ("explanation", "Explanation of variance or overspend"),
]
B_COLUMNS = [
    ("id", "Line reference (do not change)"),
    (None, "Intervention or activity"),
    ("delivered", "What was delivered"),
    ("young_people", "People aged 24 or under"),
    ("adults", "People aged 25 or over"),
    ("workforce_trained", "Workforce trained"),
    ("progress", "Progress (On track, At risk or Off track)"),
    ("risks_and_issues", "Risks and issues"),
    ("narrative", "Narrative"),
    ("case_study", "Case study (optional: do not name anyone)"),
]
MONEY_FORMAT = "#,##0.00"
# A return has tens of lines: a sheet longer than this is not one of ours, and
# reading stops there. Problems listed are capped as the import page caps them.
MAX_ROWS = 2_000
MAX_PROBLEMS = 500
EDITABLE_FILL = PatternFill("solid", fgColor="FFF7BF")


@dataclass(frozen=True)
class CellProblem:
    sheet: str
    row: int | None
    column: str | None
    heading: str
    message: str

    def __str__(self):
        if not self.sheet:
            return self.message
        if self.row is None:
            return f"Sheet '{self.sheet}': {self.message}"
        return f"Sheet '{self.sheet}', row {self.row}, column {self.column} ({self.heading}): {self.message}"


class UnreadableWorkbook(Exception):
    def __init__(self, problems, *, stopped_early=False):
        super().__init__("The spreadsheet cannot be read.")
        self.problems = problems
        self.stopped_early = stopped_early


def workbook_for(quarterly_return) -> bytes:
    workbook, about = writing.new_workbook(ABOUT)
    rows = [
        ("Quarterly return", f"{quarterly_return.csp.name}, {quarterly_return.quarter.label}"),
        ("Return reference", quarterly_return.pk),
        ("Version", quarterly_return.version),
        ("Due on", quarterly_return.quarter.due_on.strftime("%d %B %Y")),
        (
            "How to use",
            "Fill in the yellow cells on the Annex A and Annex B sheets, then upload this file on the return's page.",
        ),
        ("Personal data", "Counts only. Do not name or describe any person anywhere in this file."),
    ]
    for row in rows:
        writing.append_row(about, row)
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 90

    previous = previous_spend_to_date(quarterly_return)
    sheet = workbook.create_sheet(ANNEX_A)
    _headings(sheet, A_COLUMNS)
    for line in quarterly_return.annex_a_lines.all():
        writing.append_row(
            sheet,
            [
                line.pk,
                line.get_funding_line_display(),
                line.allocation,
                previous.get(line.funding_line, 0),
                line.spend_this_quarter,
                line.spend_to_date,
                line.forecast_to_year_end,
                line.explanation,
            ],
        )
    _style(sheet, A_COLUMNS, money_columns={3, 4, 5, 6, 7})

    sheet = workbook.create_sheet(ANNEX_B)
    _headings(sheet, B_COLUMNS)
    for line in quarterly_return.annex_b_lines.select_related("intervention"):
        writing.append_row(
            sheet,
            [
                line.pk,
                line.name,
                line.delivered,
                line.young_people,
                line.adults,
                line.workforce_trained,
                PROGRESS_VALUES.get(line.progress, ""),
                line.risks_and_issues,
                line.narrative,
                line.case_study,
            ],
        )
    _style(sheet, B_COLUMNS, money_columns=set())
    progress = DataValidation(type="list", formula1='"On track,At risk,Off track"', allow_blank=True)
    sheet.add_data_validation(progress)
    progress.add(f"G2:G{max(sheet.max_row, 2)}")

    return writing.workbook_bytes(workbook)


def _headings(sheet, columns):
    writing.append_row(sheet, [heading for _, heading in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def _style(sheet, columns, *, money_columns):
    for index, (field, _) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 12 if field == "id" else 28
        for row in range(2, sheet.max_row + 1):
            cell = sheet.cell(row=row, column=index)
            if index in money_columns:
                cell.number_format = MONEY_FORMAT
            if field and field != "id":
                cell.fill = EDITABLE_FILL
                cell.protection = Protection(locked=False)


def read_workbook(quarterly_return, upload):
    """({line id: {field: cell}} for Annex A and Annex B, the file's version), or
    UnreadableWorkbook. Values are passed on as typed; the rules are applied by the save."""
    try:
        workbook = reading.open_xlsx(upload)
    except reading.RefusedSpreadsheet as error:
        raise UnreadableWorkbook([CellProblem("", None, None, "", str(error))]) from error
    try:
        return _read(workbook, quarterly_return)
    except reading.RefusedSpreadsheet as error:  # too many rows, or text that cannot be stored
        raise UnreadableWorkbook([CellProblem("", None, None, "", str(error))], stopped_early=True) from error
    finally:
        workbook.close()


def _read(workbook, quarterly_return):
    problems = []
    for name in (ABOUT, ANNEX_A, ANNEX_B):
        if name not in workbook.sheetnames:
            problems.append(CellProblem(name, None, None, "", "The sheet is missing: download the spreadsheet again"))
    if problems:
        raise UnreadableWorkbook(problems)
    about = {row[0]: row[1] for _, row in reading.sheet_rows(workbook[ABOUT], max_rows=50) if len(row) > 1 and row[0]}
    if str(about.get("Return reference")) != str(quarterly_return.pk):
        raise UnreadableWorkbook(
            [CellProblem(ABOUT, 2, "B", "Return reference", "This spreadsheet is for a different return")]
        )
    try:
        version = int(about.get("Version"))
    except (TypeError, ValueError):
        raise UnreadableWorkbook(
            [CellProblem(ABOUT, 3, "B", "Version", "The version has been changed: download the spreadsheet again")]
        ) from None
    line_ids = {
        ANNEX_A: set(quarterly_return.annex_a_lines.values_list("pk", flat=True)),
        ANNEX_B: set(quarterly_return.annex_b_lines.values_list("pk", flat=True)),
    }
    raws, rows_by_line = {}, {}
    for name, columns in ((ANNEX_A, A_COLUMNS), (ANNEX_B, B_COLUMNS)):
        raw = {}
        for row_number, row in reading.sheet_rows(workbook[name], max_rows=MAX_ROWS, min_row=2):
            if len(problems) >= MAX_PROBLEMS:
                raise UnreadableWorkbook(problems, stopped_early=True)
            if all(value in (None, "") for value in row):
                continue
            try:
                line_id = int(row[0])
            except (TypeError, ValueError):
                line_id = None
            if line_id not in line_ids[name]:
                problems.append(
                    CellProblem(
                        name,
                        row_number,
                        "A",
                        columns[0][1],
                        "This is not a line of this return: do not change the line references",
                    )
                )
                continue
            cells = list(row) + [None] * (len(columns) - len(row))
            raw[line_id] = {field: cells[i] for i, (field, _) in enumerate(columns) if field and field != "id"}
            rows_by_line[(name, line_id)] = row_number
        raws[name] = raw
    if problems:
        raise UnreadableWorkbook(problems)
    return raws[ANNEX_A], raws[ANNEX_B], version, rows_by_line


def cell_problems(problems, rows_by_line) -> list[CellProblem]:
    """Place each rule's problem (svd.returns.validation.Problem) on its cell."""
    placed = []
    for problem in problems[:MAX_PROBLEMS]:
        sheet, columns = (ANNEX_A, A_COLUMNS) if problem.annex == "a" else (ANNEX_B, B_COLUMNS)
        index = next(i for i, (field, _) in enumerate(columns, start=1) if field == problem.field)
        placed.append(
            CellProblem(
                sheet,
                rows_by_line.get((sheet, problem.line_id)),
                get_column_letter(index),
                columns[index - 1][1],
                problem.text,
            )
        )
    return sorted(placed, key=lambda p: (p.sheet, p.row or 0, p.column or ""))


__all__ = ["workbook_for", "read_workbook", "cell_problems", "CellProblem", "UnreadableWorkbook", "LABELS"]

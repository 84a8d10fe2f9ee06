"""Actual spend by quarter from a finance-system CSV or XLSX: every row is saved,
or none. Read by the portal's one spreadsheet reader, with its size and row caps.

The first row names the columns: "Budget line" (the line's description, as on
the budget page), "Quarter" (Q1 to Q4, or 1 to 4) and "Actual spend" (pounds,
to the penny). Each problem is named by its row (the header is row 1) and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from partnership.models import User
from partnership.money import MONEY_LIMIT, ZERO, is_whole_pennies, money_from_text
from partnership.spreadsheets import reading

from .models import BudgetLine, Grant
from .services import budget_actuals_save

LINE, QUARTER, ACTUAL = "Budget line", "Quarter", "Actual spend"
COLUMNS = (LINE, QUARTER, ACTUAL)
MAX_ROWS = 1_000  # a grant has a handful of lines; four quarters of each is far fewer rows
MAX_ERRORS = 100


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ActualsImport:
    errors: list[RowError] = field(default_factory=list)
    saved: int = 0  # rows saved

    @property
    def ok(self) -> bool:
        return not self.errors


def _quarter(text: str) -> int | None:
    text = text.strip().upper().removeprefix("Q")
    return int(text) if text in ("1", "2", "3", "4") else None


def _amount(text: str) -> tuple[Decimal | None, str]:
    try:
        amount = money_from_text(text)
    except ValueError:
        return None, "Enter an amount in pounds, like 1250.00"
    if amount < ZERO:
        return None, "The amount must be £0.00 or more"
    if not is_whole_pennies(amount):
        return None, "Enter the amount to the nearest penny (no more than 2 decimal places)"
    if amount >= MONEY_LIMIT:
        return None, "The amount must be less than £1,000,000,000,000"
    return amount, ""


def budget_actuals_import(*, grant: Grant, file, fmt: str, by: User) -> ActualsImport:
    """Check every row, then save them all in one transaction, or save nothing."""
    result = ActualsImport()
    lines = {line.description.strip().casefold(): line for line in BudgetLine.objects.filter(grant=grant)}
    found: dict[tuple[int, int], tuple[int, Decimal]] = {}
    try:
        rows = reading.rows(file, fmt, max_rows=MAX_ROWS)
        header = next(rows, None)
        names = [str(cell or "").strip().casefold() for cell in (header[1] if header else [])]
        missing = [name for name in COLUMNS if name.casefold() not in names]
        if missing:
            result.errors.append(RowError(1, missing[0], f"The first row must name the column '{missing[0]}'"))
            return result
        at = {name: names.index(name.casefold()) for name in COLUMNS}
        for number, cells in rows:
            cells = [str(cell).strip() if cell is not None else "" for cell in cells]
            if not any(cells):
                continue
            cell = {name: cells[at[name]] if at[name] < len(cells) else "" for name in COLUMNS}
            line = lines.get(cell[LINE].casefold())
            if line is None:
                result.errors.append(RowError(number, LINE, f"No budget line of this grant is called '{cell[LINE]}'"))
            quarter = _quarter(cell[QUARTER])
            if quarter is None:
                result.errors.append(RowError(number, QUARTER, "Enter the quarter as Q1, Q2, Q3 or Q4"))
            amount, problem = _amount(cell[ACTUAL])
            if problem:
                result.errors.append(RowError(number, ACTUAL, problem))
            if line is not None and quarter is not None:
                if (line.pk, quarter) in found:
                    repeated = f"Row {found[(line.pk, quarter)][0]} already gives Q{quarter} of this line"
                    result.errors.append(RowError(number, QUARTER, repeated))
                elif amount is not None:
                    found[(line.pk, quarter)] = (number, amount)
            if len(result.errors) >= MAX_ERRORS:
                break
    except reading.RefusedSpreadsheet as refused:
        result.errors.append(RowError(refused.row, "", str(refused)))
    if not result.errors and not found:
        result.errors.append(RowError(2, "", "The file holds no rows of actual spend"))
    if result.errors:
        return result
    by_pk = {line.pk: line for line in lines.values()}
    with transaction.atomic():
        by_line: dict[int, dict[int, Decimal]] = {}
        for (line_pk, quarter), (_, amount) in found.items():
            by_line.setdefault(line_pk, {})[quarter] = amount
        for line_pk, actuals in by_line.items():
            budget_actuals_save(line=by_pk[line_pk], by=by, actuals=actuals)
    result.saved = len(found)
    return result

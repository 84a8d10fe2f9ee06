"""Financial years and quarters: the only place that does date arithmetic on them.

A financial year runs 1 April to 31 March and is named by the year it starts in
(2024 is 2024/25). Q1 is April-June, Q2 July-September, Q3 October-December,
Q4 January-March.
"""

import calendar
from datetime import date


def financial_year_start_for(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def financial_year_bounds(start_year: int) -> tuple[date, date]:
    return date(start_year, 4, 1), date(start_year + 1, 3, 31)


def quarter_number_for(day: date) -> int:
    return ((day.month - 4) % 12) // 3 + 1


def quarter_bounds(start_year: int, number: int) -> tuple[date, date]:
    if number not in (1, 2, 3, 4):
        raise ValueError("A quarter is numbered 1 to 4.")
    first_month = 4 + 3 * (number - 1)
    year = start_year if first_month <= 12 else start_year + 1
    first_month = (first_month - 1) % 12 + 1
    last_month = first_month + 2
    return date(year, first_month, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_due_date(quarter_end: date) -> date:
    """One calendar month after a quarter ends: the last day of the next month.

    Quarters end on a month's last day, so 30 June gives 31 July, 31 March 30 April.
    """
    return _month_end(add_months(quarter_end.replace(day=1), 1))


def due_date(quarter_end: date, *, months: int = 1, days: int = 0) -> date:
    """A partnership's due-date rule: the end of the month `months` after the
    quarter ends, then `days` more (with 0 months, days after the quarter's end)."""
    from datetime import timedelta

    base = _month_end(add_months(quarter_end.replace(day=1), months)) if months else quarter_end
    return base + timedelta(days=days)


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def quarter_label(start_year: int, number: int) -> str:
    return f"Q{number} {financial_year_label(start_year)}"


def month_span_label(start: date, end: date) -> str:
    """'January–March 2023' or 'April 2024–March 2025'."""
    if start.year == end.year:
        return f"{start:%B}–{end:%B %Y}"
    return f"{start:%B %Y}–{end:%B %Y}"

from datetime import date

import pytest

from partnership import periods
from partnership.models import Period, Quarter
from partnership.services import financial_year_ensure, part_year_period_ensure


@pytest.mark.parametrize(
    "day, start_year, quarter",
    [
        (date(2024, 4, 1), 2024, 1),
        (date(2024, 6, 30), 2024, 1),
        (date(2024, 7, 1), 2024, 2),
        (date(2024, 12, 31), 2024, 3),
        (date(2025, 1, 1), 2024, 4),
        (date(2025, 3, 31), 2024, 4),
    ],
)
def test_it_places_a_day_in_its_financial_year_and_quarter(day, start_year, quarter):
    assert periods.financial_year_start_for(day) == start_year
    assert periods.quarter_number_for(day) == quarter


def test_it_labels_years_and_quarters_as_the_report_does():
    assert periods.financial_year_label(2024) == "2024/25"
    assert periods.financial_year_label(2099) == "2099/00"
    assert periods.quarter_label(2025, 1) == "Q1 2025/26"


def test_it_makes_a_return_due_one_calendar_month_after_the_quarter_ends():
    assert periods.default_due_date(date(2025, 6, 30)) == date(2025, 7, 31)
    assert periods.default_due_date(date(2025, 9, 30)) == date(2025, 10, 31)
    assert periods.default_due_date(date(2025, 12, 31)) == date(2026, 1, 31)
    assert periods.default_due_date(date(2026, 3, 31)) == date(2026, 4, 30)


def test_it_creates_a_year_with_its_quarters_once(db):
    financial_year_ensure(start_year=2024)
    financial_year_ensure(start_year=2024)

    quarters = Quarter.objects.filter(financial_year__start_year=2024)
    assert [(q.number, q.starts_on, q.ends_on) for q in quarters] == [
        (1, date(2024, 4, 1), date(2024, 6, 30)),
        (2, date(2024, 7, 1), date(2024, 9, 30)),
        (3, date(2024, 10, 1), date(2024, 12, 31)),
        (4, date(2025, 1, 1), date(2025, 3, 31)),
    ]
    assert Period.objects.filter(financial_year__start_year=2024).count() == 1


def test_it_keeps_a_due_date_that_staff_changed(db):
    year = financial_year_ensure(start_year=2024)
    Quarter.objects.filter(financial_year=year, number=1).update(due_on=date(2024, 8, 15))

    financial_year_ensure(start_year=2024)

    assert Quarter.objects.get(financial_year=year, number=1).due_on == date(2024, 8, 15)


def test_it_names_a_part_year_period_by_its_months(db):
    period = part_year_period_ensure(starts_on=date(2023, 1, 1), ends_on=date(2023, 3, 31))

    assert period.financial_year.start_year == 2022
    assert period.label == "January–March 2023 (2022/23)"


def test_it_names_quarters_and_periods_from_their_own_rows(db, django_assert_num_queries):
    """A choice list or a delete confirmation names many at once: naming one
    must not load its financial year."""
    financial_year_ensure(start_year=2024)
    part_year_period_ensure(starts_on=date(2025, 1, 1), ends_on=date(2025, 3, 31))

    with django_assert_num_queries(2):  # the quarters; the periods
        quarters = [str(q) for q in Quarter.objects.filter(financial_year__start_year=2024)]
        periods = [str(p) for p in Period.objects.filter(financial_year__start_year=2024)]

    assert quarters == ["Q1 2024/25", "Q2 2024/25", "Q3 2024/25", "Q4 2024/25"]
    assert periods == ["2024/25", "January–March 2025 (2024/25)"]

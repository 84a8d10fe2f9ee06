"""Imports read the file as a stream of bounded batches, and stay atomic and
precise about rows across batch boundaries (issue #9)."""

import io

import pytest
import tablib

from interventions.imports import PREVIEW_ROWS, import_file, read_batches
from interventions.models import QuarterlyOutcome

from .test_imports import HEADERS, outcome_rows


def csv_file(rows, headers=HEADERS) -> io.BytesIO:
    return io.BytesIO(tablib.Dataset(*rows, headers=headers).export("csv").encode())


def test_it_reads_a_file_in_batches_without_reading_it_all_first(many_interventions):
    file = csv_file(outcome_rows(many_interventions))
    size = len(file.getvalue())

    batches = read_batches(file, "csv", batch_rows=100)
    first = next(batches)

    assert len(first.dataset) == 100 and first.dataset.headers == HEADERS
    assert first.numbers == list(range(2, 102))
    assert file.tell() < size / 2
    assert [len(b.dataset) for b in batches] == [100] * 19


def test_it_saves_nothing_when_a_late_batch_has_a_bad_row_and_numbers_rows_across_batches(users, many_interventions):
    rows = outcome_rows(many_interventions)
    rows[1499][2] = "lots"  # row 1501, in the 8th batch of 200
    rows[1999] = list(rows[0])  # row 2001 repeats row 2, from the first batch

    report = import_file(
        kind="outcomes", file=csv_file(rows), fmt="csv", dry_run=False, by=users["staff"], batch_rows=200
    )

    assert not report.saved
    assert QuarterlyOutcome.objects.count() == 0
    assert [(e.row, e.column) for e in report.errors] == [(1501, "young_people"), (2001, "quarter")]
    assert "Repeats row 2" in report.errors[1].message


def test_it_saves_every_batch_of_a_good_file_and_previews_the_first_rows(users, many_interventions):
    file = csv_file(outcome_rows(many_interventions))

    preview = import_file(kind="outcomes", file=file, fmt="csv", dry_run=True, by=users["staff"], batch_rows=300)
    file.seek(0)
    saved = import_file(kind="outcomes", file=file, fmt="csv", dry_run=False, by=users["staff"], batch_rows=300)

    assert (preview.total_rows, preview.new, len(preview.rows)) == (2000, 2000, PREVIEW_ROWS)
    assert [r["row"] for r in preview.rows[:3]] == [2, 3, 4]
    assert (saved.saved, saved.new) == (True, 2000)
    assert QuarterlyOutcome.objects.count() == 2000
    assert QuarterlyOutcome.history.count() == 2000


def test_it_skips_blank_lines_but_counts_them_in_row_numbers(users, many_interventions):
    content = (
        b"intervention,quarter,young_people,adults,workforce_trained\r\n"
        b"\r\n"
        b"int-000,2024/25 Q1,1,0,0\r\n"
        b",,,,\r\n"
        b"int-001,2024/25 Q1,x,0,0\r\n"
    )

    report = import_file(kind="outcomes", file=io.BytesIO(content), fmt="csv", dry_run=True, by=users["staff"])

    assert report.total_rows == 2
    assert [(e.row, e.column) for e in report.errors] == [(5, "young_people")]


def test_it_names_the_row_where_a_file_stops_being_readable(users, many_interventions):
    content = (
        b"intervention,quarter,young_people,adults,workforce_trained\n"
        b"int-000,2024/25 Q1,1,0,0\n"
        b"int-001,2024/25 Q1,\xff\xfe,0,0\n"
    )
    ragged = b"intervention,quarter,young_people,adults,workforce_trained\nint-000,2024/25 Q1,1,0,0,surplus\n"

    unreadable = import_file(kind="outcomes", file=io.BytesIO(content), fmt="csv", dry_run=False, by=users["staff"])
    too_wide = import_file(kind="outcomes", file=io.BytesIO(ragged), fmt="csv", dry_run=False, by=users["staff"])

    assert not unreadable.saved and not too_wide.saved
    assert QuarterlyOutcome.objects.count() == 0
    assert (unreadable.errors[0].row, too_wide.errors[0].row) == (3, 2)
    assert "save it as CSV UTF-8" in unreadable.errors[0].message
    assert "more cells than the header row" in too_wide.errors[0].message


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\n" + bytes(40)])
def test_it_says_a_file_that_is_not_a_table_cannot_be_read(users, reference_data, content):
    report = import_file(kind="outcomes", file=io.BytesIO(content), fmt="xlsx", dry_run=True, by=users["staff"])

    assert not report.ok
    assert "could not be read as XLSX" in report.file_error


def test_it_streams_an_xlsx_file_in_batches(users, many_interventions):
    file = io.BytesIO(tablib.Dataset(*outcome_rows(many_interventions)[:450], headers=HEADERS).export("xlsx"))

    report = import_file(kind="outcomes", file=file, fmt="xlsx", dry_run=False, by=users["staff"], batch_rows=100)

    assert (report.saved, report.new) == (True, 450)
    assert QuarterlyOutcome.objects.count() == 450


def test_it_saves_changed_counts_in_a_later_batch_with_who_changed_them(users, many_interventions):
    rows = outcome_rows(many_interventions)
    import_file(kind="outcomes", file=csv_file(rows), fmt="csv", dry_run=False, by=users["staff"], batch_rows=500)
    rows[1800][2] = "999"

    report = import_file(
        kind="outcomes", file=csv_file(rows), fmt="csv", dry_run=False, by=users["staff"], batch_rows=500
    )

    reference, quarter = rows[1800][0], rows[1800][1]
    changed = QuarterlyOutcome.objects.get(
        intervention__reference=reference,
        quarter__number=int(quarter[-1]),
        quarter__financial_year__start_year=int(quarter[:4]),
    )
    assert (report.saved, report.changed, report.unchanged) == (True, 1, 1999)
    assert changed.young_people == 999
    latest = changed.history.first()
    assert (latest.history_type, latest.history_user, latest.young_people) == ("~", users["staff"], 999)


def test_it_saves_nothing_from_an_xlsx_file_damaged_part_way_through(users, many_interventions):
    import zipfile

    whole = io.BytesIO(tablib.Dataset(*outcome_rows(many_interventions)[:300], headers=HEADERS).export("xlsx"))
    damaged = io.BytesIO()
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(damaged, "w") as copy:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]  # the sheet's XML stops in the middle of a row
            copy.writestr(item, data)
    damaged.seek(0)

    report = import_file(kind="outcomes", file=damaged, fmt="xlsx", dry_run=False, by=users["staff"], batch_rows=50)

    assert not report.saved
    assert QuarterlyOutcome.objects.count() == 0
    assert "could not be read as XLSX" in report.errors[-1].message
    assert report.errors[-1].row > 2


def test_it_says_the_check_stopped_early_only_when_rows_were_left_unchecked(users, many_interventions, monkeypatch):
    from interventions import imports

    monkeypatch.setattr(imports, "MAX_ERRORS", 3)
    rows = outcome_rows(many_interventions)[:8]
    for row in rows:
        row[2] = "lots"

    all_checked = import_file(
        kind="outcomes", file=csv_file(rows[:3]), fmt="csv", dry_run=True, by=users["staff"], batch_rows=4
    )
    stopped = import_file(
        kind="outcomes", file=csv_file(rows), fmt="csv", dry_run=True, by=users["staff"], batch_rows=4
    )

    assert (all_checked.error_count, all_checked.stopped_early) == (3, False)
    assert stopped.stopped_early and len(stopped.errors) == 3

"""Bulk import of the register from CSV or XLSX, shared by the staff page, the
benchmarks and tests.

A file is read as a stream of batches of at most `BATCH_ROWS` rows
(`read_batches`), so memory does not grow with the file: only one batch, the
first `PREVIEW_ROWS` rows of the preview and the first `MAX_ERRORS` errors are
held. Every batch is imported inside one transaction, which is rolled back if
any row fails, so a file is imported whole or not at all (issue #4: "the import
is atomic"). A dry run does the same work and always rolls back: it is the
preview. See docs/decisions/0200.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from import_export.results import RowResult

from partnership.spreadsheets import reading
from partnership.spreadsheets.formats import CSV, XLSX

from .resources import InterventionFundingResource, InterventionResource, QuarterlyOutcomeResource

RESOURCES = {
    "outcomes": QuarterlyOutcomeResource,
    "interventions": InterventionResource,
    "funding": InterventionFundingResource,
}
FORMATS = {"csv": CSV, "xlsx": XLSX}
ACTIONS = {
    RowResult.IMPORT_TYPE_NEW: "New",
    RowResult.IMPORT_TYPE_UPDATE: "Changed",
    RowResult.IMPORT_TYPE_SKIP: "Unchanged",
    RowResult.IMPORT_TYPE_INVALID: "Error",
    RowResult.IMPORT_TYPE_ERROR: "Error",
    RowResult.IMPORT_TYPE_DELETE: "Deleted",
}
BATCH_ROWS = 2_000
PREVIEW_ROWS = 200
MAX_ERRORS = 500


# The file, or one of its rows, cannot be read (partnership.spreadsheets.reading).
UnreadableFile = reading.RefusedSpreadsheet
# Rows read from one file at most: a file of the upload limit's size holds far fewer
# real rows, and a longer one is refused at this row rather than read for minutes.
MAX_ROWS = 200_000


@dataclass(frozen=True)
class RowError:
    """One problem in the file. `row` counts as a spreadsheet does: the header is row 1."""

    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    total_rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    error_count: int = 0
    file_error: str = ""
    stopped_early: bool = False  # the check stopped at MAX_ERRORS, before the end of the file
    errors: list[RowError] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    unknown_providers: list[str] = field(default_factory=list)  # named in rows, not in the portal

    @property
    def ok(self) -> bool:
        return not self.error_count

    @property
    def saved(self) -> bool:
        return self.ok and not self.dry_run

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(error)


@dataclass(frozen=True)
class Batch:
    """Rows of the file with the spreadsheet row number of each (blank lines are skipped)."""

    dataset: tablib.Dataset
    numbers: list[int]

    @classmethod
    def of(cls, dataset: tablib.Dataset) -> "Batch":
        return cls(dataset, list(range(2, len(dataset) + 2)))


def read_batches(file, fmt: str, batch_rows: int | None = None) -> Iterator[Batch]:
    """The rows of a binary file, `batch_rows` at a time, each batch a Dataset with
    the file's headers. Yields at least one batch, so an empty file's headers can be
    checked. Raises UnreadableFile, with the row where reading stopped."""
    batch_rows = batch_rows or BATCH_ROWS
    rows = (row for _, row in reading.rows(file, fmt, max_rows=MAX_ROWS))
    headers = [str(h).strip() if h is not None else "" for h in next(rows, None) or []]
    if not any(headers):
        raise UnreadableFile(
            f"The file could not be read as {fmt.upper()}: its first row must name the columns.", row=1
        )
    width, yielded = len(headers), False
    batch, numbers = tablib.Dataset(headers=headers), []
    for number, row in enumerate(rows, 2):
        row = ["" if cell is None else cell for cell in row]
        if not any(str(cell).strip() for cell in row):
            continue
        if len(row) > width:
            if any(str(cell).strip() for cell in row[width:]):
                raise UnreadableFile(f"Row {number} has more cells than the header row has columns.", row=number)
            row = row[:width]
        batch.append(row + [""] * (width - len(row)))
        numbers.append(number)
        if len(numbers) == batch_rows:
            yield Batch(batch, numbers)
            batch, numbers, yielded = tablib.Dataset(headers=headers), [], True
    if numbers or not yielded:
        yield Batch(batch, numbers)


def read_dataset(content: bytes, fmt: str) -> tablib.Dataset:
    """The whole of a small file as a dataset (template round trips). Raises ValueError."""
    file_format = FORMATS[fmt]()
    try:
        data = content if file_format.is_binary() else content.decode("utf-8-sig")
        return file_format.create_dataset(data)
    except Exception as e:  # tablib and openpyxl raise many kinds for a broken file
        raise ValueError(f"The file could not be read as {fmt.upper()}.") from e


def template_dataset(kind: str) -> tablib.Dataset:
    """The columns an import expects, with an example row where the kind has one."""
    from .import_templates import template

    return template(kind, RESOURCES[kind].TEMPLATE_HEADERS)[0]


def template_book(kind: str) -> tablib.Databook:
    """The XLSX template: the rows sheet first (the one an import reads), then what each column accepts."""
    from .import_templates import template

    rows, allowed = template(kind, RESOURCES[kind].TEMPLATE_HEADERS)
    return tablib.Databook([rows, allowed] if allowed is not None else [rows])


def import_file(*, kind: str, file, fmt: str, dry_run: bool, by, batch_rows: int | None = None) -> ImportReport:
    """Import a binary file object, streamed in batches."""
    return import_batches(kind=kind, batches=read_batches(file, fmt, batch_rows), dry_run=dry_run, by=by)


def import_run(*, kind: str, dataset: tablib.Dataset, dry_run: bool, by) -> ImportReport:
    """Import rows already in memory, as one batch."""
    return import_batches(kind=kind, batches=[Batch.of(dataset)], dry_run=dry_run, by=by)


def import_batches(*, kind: str, batches: Iterable[Batch], dry_run: bool, by) -> ImportReport:
    resource = RESOURCES[kind](user=by)
    report = ImportReport(kind=kind, dry_run=dry_run)
    batches = iter(batches)
    with transaction.atomic():
        try:
            for index, batch in enumerate(batches):
                if index == 0 and not _has_headers(resource, batch, report):
                    break
                _import_batch(resource, batch, report, by)
                if report.error_count >= MAX_ERRORS:
                    report.stopped_early = next(batches, None) is not None
                    break
        except UnreadableFile as e:
            report.add_error(RowError(row=e.row, column="", message=str(e)))
            if e.row <= 1:
                report.file_error = str(e)
        if report.error_count or dry_run:
            transaction.set_rollback(True)
    provider = resource.fields.get("provider")
    report.unknown_providers = sorted(getattr(provider.widget, "unknown", ())) if provider else []
    report.errors.sort(key=lambda e: (e.row, e.column))
    if report.error_count:
        report.dry_run = True  # nothing was saved
    return report


def _has_headers(resource, batch: Batch, report: ImportReport) -> bool:
    missing = [h for h in resource.REQUIRED_HEADERS if h not in (batch.dataset.headers or [])]
    if missing:
        report.add_error(RowError(row=1, column=", ".join(missing), message="These columns are missing."))
    return not missing


def _import_batch(resource, batch: Batch, report: ImportReport, by) -> None:
    """One batch, in a savepoint that the library rolls back if a row fails; the
    caller's transaction decides whether anything is kept."""
    result = resource.import_data(
        batch.dataset,
        dry_run=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
        user=by,
        row_numbers=batch.numbers,
    )
    sheet_row = batch.numbers.__getitem__  # the library counts a batch's rows from 1
    columns = {name: f.column_name for name, f in resource.fields.items()}
    for invalid in result.invalid_rows:
        for name, messages in invalid.error_dict.items():
            column = "" if name == NON_FIELD_ERRORS else columns.get(name, name)
            for message in messages:
                report.add_error(RowError(row=sheet_row(invalid.number - 1), column=column, message=message))
    for number, errors in result.row_errors():
        for error in errors:
            report.add_error(RowError(row=sheet_row(number - 1), column="", message=str(error.error)))
    for error in result.base_errors:
        report.add_error(RowError(row=0, column="", message=str(error.error)))
    for row in resource.preview[: PREVIEW_ROWS - len(report.rows)]:
        report.rows.append(
            {**row, "row": sheet_row(row["number"] - 1), "action": ACTIONS.get(row["type"], row["type"])}
        )
    resource.preview.clear()
    report.total_rows += len(batch.numbers)
    report.new += result.totals.get(RowResult.IMPORT_TYPE_NEW, 0)
    report.changed += result.totals.get(RowResult.IMPORT_TYPE_UPDATE, 0)
    report.unchanged += result.totals.get(RowResult.IMPORT_TYPE_SKIP, 0)

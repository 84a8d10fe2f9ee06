"""Bulk import of the register from CSV or XLSX, shared by the staff page and tests.

`import_run` always imports inside one transaction and rolls it back if any row
fails, so a file is imported whole or not at all (issue #4: "the import is
atomic"). A dry run does the same work and always rolls back: it is the preview.
"""
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import RowResult

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
    errors: list[RowError] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def saved(self) -> bool:
        return self.ok and not self.dry_run


def read_dataset(content: bytes, fmt: str) -> tablib.Dataset:
    """The file as a dataset. Raises ValueError if it cannot be read as `fmt`."""
    file_format = FORMATS[fmt]()
    try:
        data = content if file_format.is_binary() else content.decode("utf-8-sig")
        return file_format.create_dataset(data)
    except Exception as e:  # tablib and openpyxl raise many kinds for a broken file
        raise ValueError(f"The file could not be read as {fmt.upper()}.") from e


def template_dataset(kind: str) -> tablib.Dataset:
    """An empty file with the columns an import expects."""
    return tablib.Dataset(headers=RESOURCES[kind].TEMPLATE_HEADERS)


def import_run(*, kind: str, dataset: tablib.Dataset, dry_run: bool, by) -> ImportReport:
    resource = RESOURCES[kind](user=by)
    missing = [h for h in resource.REQUIRED_HEADERS if h not in (dataset.headers or [])]
    report = ImportReport(kind=kind, dry_run=dry_run, total_rows=len(dataset))
    if missing:
        report.errors.append(RowError(row=1, column=", ".join(missing), message="These columns are missing."))
        return report
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
        user=by,
    )
    columns = {name: f.column_name for name, f in resource.fields.items()}
    for invalid in result.invalid_rows:
        for name, messages in invalid.error_dict.items():
            column = "" if name == NON_FIELD_ERRORS else columns.get(name, name)
            for message in messages:
                report.errors.append(RowError(row=invalid.number + 1, column=column, message=message))
    for number, errors in result.row_errors():
        for error in errors:
            report.errors.append(RowError(row=number + 1, column="", message=str(error.error)))
    for error in result.base_errors:
        report.errors.append(RowError(row=0, column="", message=str(error.error)))
    report.errors.sort(key=lambda e: (e.row, e.column))
    for row in resource.preview:
        report.rows.append({**row, "row": row["number"] + 1, "action": ACTIONS.get(row["type"], row["type"])})
    report.new = result.totals.get(RowResult.IMPORT_TYPE_NEW, 0)
    report.changed = result.totals.get(RowResult.IMPORT_TYPE_UPDATE, 0)
    report.unchanged = result.totals.get(RowResult.IMPORT_TYPE_SKIP, 0)
    if report.errors:
        report.dry_run = True  # nothing was saved
    return report

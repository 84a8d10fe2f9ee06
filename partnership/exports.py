"""A CSV or XLSX download of what a user may see, through the portal's one
spreadsheet writer (partnership.spreadsheets.writing), which makes any cell a
spreadsheet could run inert.

`NeutralisedResource` is the base of every django-import-export resource: the
writer, not the resource, neutralises, so the same rule holds for the pages'
exports and the admin's (partnership.spreadsheets.formats).
"""

from django.http import HttpResponse
from import_export import resources

from partnership.spreadsheets import writing

from . import content_types

EXPORT_FORMATS = {
    "csv": (content_types.CSV, "csv"),
    "xlsx": (content_types.XLSX, "xlsx"),
}


class NeutralisedResource(resources.ModelResource):
    """A ModelResource for the portal's exports (written by partnership.spreadsheets.writing)."""


def spreadsheet_response(body: bytes, fmt: str, filename: str) -> HttpResponse:
    content_type, extension = EXPORT_FORMATS[fmt]
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def dataset_response(dataset, fmt: str, filename: str) -> HttpResponse:
    """A tablib Dataset (an import template, say) as a download."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}.")
    return spreadsheet_response(writing.dataset_bytes(dataset, fmt), fmt, filename)


def export_response(resource, queryset, fmt: str, filename: str) -> HttpResponse:
    """A CSV or XLSX download of `queryset` through `resource`.

    The caller limits the queryset to what the user may see (partnership.access).
    XLSX keeps numbers as numbers; CSV writes them as plain text to the penny.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}.")
    return dataset_response(resource.export(queryset=queryset, force_native_type=(fmt == "xlsx")), fmt, filename)

"""Helpers every export shares, so a spreadsheet opened from the portal cannot run a formula.

A cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return, which
some spreadsheets skip before reading one of those) is read as a formula by Excel,
LibreOffice and Google Sheets. `neutralise_formula` prefixes such text with an
apostrophe, which spreadsheets show as plain text (OWASP's CSV injection advice).
Numbers are left alone: a negative Decimal is a number, not a formula.

`NeutralisedResource` applies it to every text cell of a django-import-export
resource (pages and admin alike), and `export_response` turns a resource and a
queryset the caller has already limited with `access.visible` into a download.
"""

from django.http import HttpResponse
from import_export import resources, widgets

from . import content_types

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

EXPORT_FORMATS = {
    "csv": (content_types.CSV, "csv"),
    "xlsx": (content_types.XLSX, "xlsx"),
}


def neutralise_formula(value):
    """The value, with text that a spreadsheet would run as a formula made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_row(values):
    return [neutralise_formula(v) for v in values]


class NeutralisedResource(resources.ModelResource):
    """A ModelResource whose text cells can never be read as formulas."""

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(field.widget, widgets.NumberWidget):
            return value
        return neutralise_formula(value)


def export_response(resource, queryset, fmt: str, filename: str) -> HttpResponse:
    """A CSV or XLSX download of `queryset` through `resource`.

    The caller limits the queryset to what the user may see (partnership.access).
    XLSX keeps numbers as numbers; CSV writes them as plain text to the penny.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}.")
    return dataset_response(resource.export(queryset=queryset, force_native_type=(fmt == "xlsx")), fmt, filename)


def dataset_response(dataset, fmt: str, filename: str) -> HttpResponse:
    """A tablib dataset (already neutralised) as a CSV or XLSX download."""
    content_type, extension = EXPORT_FORMATS[fmt]
    body = dataset.export(fmt)
    if isinstance(body, str):
        body = body.encode("utf-8")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response

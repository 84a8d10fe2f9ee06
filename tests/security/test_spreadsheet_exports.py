"""Every CSV and XLSX the portal offers, opened with hostile text planted in the
data it holds: no cell may be a formula, and no CSV cell may begin with a
character a spreadsheet would run (issue 15, item 3).

The downloads are found in the URL configuration: a route whose name or
pattern says export, download, template, xlsx or csv must be listed below,
either with the URLs to fetch or as not a spreadsheet (with why), so a new
export cannot escape this test. The admin's import-export pages are found from
the admin's registry.
"""

import csv
import io
import re

import pytest
from django.contrib import admin
from django.db.models import F, Value
from django.db.models.functions import Concat, Left
from django.urls import reverse
from openpyxl import load_workbook

from grants.models import BudgetLine, MatchContribution
from interventions.models import Intervention, ToolkitApproach
from partnership.models import District, Organisation
from partnership.spreadsheets.formats import FORMATS
from partnership.spreadsheets.writing import looks_like_formula
from svd.models import AnnexBLine, QuarterlyReturn, SvdShare

from .routes import all_routes

pytestmark = pytest.mark.django_db

HOSTILE = {
    "organisation": '=HYPERLINK("http://evil.example","Open") ',
    "intervention": "\t=1+1 ",
    "contribution": "@SUM(1+1)*cmd|' /C calc'!A0",
    "budget": "+1+1 ",
    "toolkit": " -2+3 ",
    "activity": '=HYPERLINK("http://evil.example/b","Open")',
    "reason": "\r=1+1 override",
    "district": "+1+1 ",
}
MARKERS = ("HYPERLINK", "=1+1", "@SUM", "+1+1", "-2+3")

# Routes that match the pattern but do not produce a spreadsheet the portal writes.
NOT_SPREADSHEETS = {
    "grants:grant_document_download": "serves back the file a person uploaded, unchanged",
    "grants:evidence_download": "serves back the file a person uploaded, unchanged",
    "reporting:report_download": "PDF, HTML and JSON of a panel report",
    "svd:return_reopen": "a form, not a download",
    "quarterly-return-reopen": "an API action",
    "open-data-360giving": "JSON",
    "open_data:json": "JSON",
    "open_data:index": "a page",
}
# Downloads that write no text a person typed (so none of the planted text can
# reach them): the templates' columns and example row, and the figures export's
# registry titles and numbers. They are still checked for formulas.
HOLD_NO_TYPED_TEXT = {"interventions:import_template", "reporting:figures_export"}
EXPORT_PATTERN = re.compile(r"export|download|template|xlsx|csv|360giving", re.I)


def _page_urls(fx):
    """(route key, URL, role) for every spreadsheet the pages and the API offer."""
    urls = []
    for fmt in ("csv", "xlsx"):
        urls += [
            ("grants:grant_export", reverse("grants:grant_export", kwargs={"fmt": fmt}), "staff"),
            ("grants:contribution_export", reverse("grants:contribution_export", kwargs={"fmt": fmt}), "staff"),
            ("svd:share_export", reverse("svd:share_export", kwargs={"fmt": fmt}), "staff"),
            ("reporting:figures_export", reverse("reporting:figures_export", args=[fmt]) + "?year=2024", "staff"),
        ]
        for kind in ("interventions", "outcomes", "funding"):
            urls.append(("interventions:export", reverse("interventions:export", args=[kind, fmt]), "staff"))
            urls.append(
                ("interventions:import_template", reverse("interventions:import_template", args=[kind, fmt]), "staff")
            )
    urls += [
        ("svd:return_download", reverse("svd:return_download", args=[fx["return"].pk]), "leeds"),
        ("open_data:xlsx", reverse("open_data:xlsx", args=[2024]), "staff"),
        ("open-data-360giving-xlsx", reverse("open-data-360giving-xlsx") + "?year=2024", "staff"),
    ]
    return urls


@pytest.fixture
def hostile_demo(demo):
    District.objects.update(name=Left(Concat(Value(HOSTILE["district"]), F("name")), 100))
    Organisation.objects.update(name=Left(Concat(Value(HOSTILE["organisation"]), F("name")), 200))
    Intervention.objects.update(name=Left(Concat(Value(HOSTILE["intervention"]), F("name")), 200))
    Intervention.objects.update(
        description=Value(HOSTILE["intervention"] + "description"),
        reference=Left(Concat(Value(HOSTILE["budget"].strip() + "-"), F("reference")), 30),
    )
    MatchContribution.objects.update(description=Value(HOSTILE["contribution"]))
    BudgetLine.objects.update(description=Value(HOSTILE["budget"] + "line"))
    ToolkitApproach.objects.update(name=Concat(Value(HOSTILE["toolkit"]), F("name")))
    SvdShare.objects.update(override_reason=Value(HOSTILE["reason"]))
    leeds_return = QuarterlyReturn.objects.filter(csp__ref="csp-leeds", status="draft").order_by("pk").first()
    leeds_return = leeds_return or QuarterlyReturn.objects.filter(csp__ref="csp-leeds").order_by("pk").first()
    AnnexBLine.objects.create(
        quarterly_return=leeds_return, activity_name=HOSTILE["activity"], narrative=HOSTILE["activity"]
    )
    return {"return": leeds_return}


def _cells(response):
    """Every cell of a CSV or XLSX response as (text, is a formula)."""
    content_type = response["Content-Type"]
    if "spreadsheetml" in content_type:
        book = load_workbook(io.BytesIO(response.content))
        return [
            (cell.value, cell.data_type == "f")
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ]
    assert content_type.startswith("text/csv"), content_type
    text = response.content.decode("utf-8-sig")
    return [(cell, False) for row in csv.reader(io.StringIO(text)) for cell in row]


def _check(label, response, *, holds_data=True):
    assert response.status_code == 200, (label, response.status_code)
    cells = _cells(response)
    formulas = [value for value, is_formula in cells if is_formula]
    assert not formulas, f"{label} wrote formula cells: {formulas[:3]}"
    if response["Content-Type"].startswith("text/csv"):
        live = [v for v, _ in cells if looks_like_formula(v) and not re.fullmatch(r"-?\d+(\.\d+)?", v)]
        assert not live, f"{label} wrote CSV cells a spreadsheet would run: {live[:3]}"
    if holds_data:
        assert any(isinstance(v, str) and any(m in v for m in MARKERS) for v, _ in cells), (
            f"{label} holds none of the planted text: plant some in hostile_demo so this test can fail"
        )


def test_every_export_route_is_listed_here():
    listed = {key for key, _, _ in _page_urls({"return": QuarterlyReturn(pk=1)})} | set(NOT_SPREADSHEETS)
    found = {key for key, pattern in all_routes() if EXPORT_PATTERN.search(key + pattern) and "admin" not in key}
    assert found - listed == set(), "a new download: add it to _page_urls or NOT_SPREADSHEETS"


def test_no_download_the_portal_offers_writes_a_live_formula(hostile_demo, client_as):
    """The pages' and the API's downloads, then every admin export in both formats
    (one test, so the demo is loaded once)."""
    clients = {}
    for key, url, role in _page_urls(hostile_demo):
        client = clients.setdefault(role, client_as(role))
        _check(url, client.get(url), holds_data=key not in HOLD_NO_TYPED_TEXT)
    client = client_as("admin")
    for model, _ in _admin_exports():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
        page = client.get(url).content.decode()
        fields = set(re.findall(r'<input type="checkbox" name="(\w+)"', page))
        for fmt in ("csv", "xlsx"):
            option = re.search(rf'<option value="(\d+)"[^>]*>{fmt}</option>', page).group(1)
            response = client.post(url, {"format": option, "resource": 0, **dict.fromkeys(fields, "on")})
            _check(f"{url} as {fmt}", response)


def _admin_exports():
    for model, model_admin in admin.site._registry.items():
        if hasattr(model_admin, "get_export_formats"):
            yield model, model_admin


def test_every_admin_import_and_export_uses_the_portal_reader_and_writer():
    admins = list(_admin_exports())
    assert admins
    for model, model_admin in admins:
        assert model_admin.get_export_formats() == FORMATS, model
        if hasattr(model_admin, "get_import_formats"):
            assert model_admin.get_import_formats() == FORMATS, model

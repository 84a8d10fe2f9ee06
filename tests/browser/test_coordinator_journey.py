"""A CSP coordinator's quarter, in the browser: the return page stays short,
with the value history on a page of its own in people's words; the spreadsheet
uploaded, fixed and uploaded again; Annex B's radios on one line each and
Remove kept away from Save; and at 375 px no page scrolls sideways. Every page
passes axe at 1280 px and 375 px."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from svd.models import QuarterlyReturn

from .conftest import axe_check, sign_in
from .journeys import at_both_widths, no_sideways_scroll, shoot

pytestmark = pytest.mark.browser


def check_page(page, name):
    at_both_widths(page, lambda width: (axe_check(page), no_sideways_scroll(page), shoot(page, name, width)))


def leeds_return(year, number):
    return QuarterlyReturn.objects.get(
        csp__name="Safer Leeds", quarter__financial_year__start_year=year, quarter__number=number
    )


def test_it_keeps_the_return_page_short_and_the_value_history_in_peoples_words(page):
    approved = leeds_return(2024, 3)
    sign_in(page, "csp-leeds")
    page.goto(f"/svd/returns/{approved.pk}/")
    expect(page.get_by_role("link", name="All returns")).to_be_visible()  # the back link, at the top
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    # The value history has a page of its own: none of its rows fill the return page.
    expect(page.get_by_role("table", name="Changes to values")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Last saved by 5")
    check_page(page, "return-approved")

    page.get_by_role("link", name="See every change to this return's values").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Value history")
    table = page.get_by_role("table", name="Changes, newest first")
    expect(table).to_contain_text("£")
    expect(table).to_contain_text("On track")
    expect(table).to_contain_text("Leeds Coordinator")
    expect(table).not_to_contain_text("on_track")
    check_page(page, "value-history")

    page.get_by_label("Part of the return").select_option(label="Annex A: financial")
    page.get_by_role("button", name="Filter").click()
    expect(table).not_to_contain_text("Annex B")
    expect(table).to_contain_text("Annex A: SVD labour share")
    axe_check(page)
    annex_b_tidy(page)


def test_it_takes_the_spreadsheet_again_after_the_coordinator_fixes_a_cell(page, tmp_path):
    draft = leeds_return(2025, 1)
    sign_in(page, "csp-leeds")
    page.goto(f"/svd/returns/{draft.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a spreadsheet").click()
    downloaded = tmp_path / download.value.suggested_filename  # openpyxl goes by the name's .xlsx
    download.value.save_as(downloaded)
    workbook = load_workbook(downloaded)
    for row in workbook["Annex A"].iter_rows(min_row=2):
        row[4].value, row[5].value, row[6].value = 100.0, None, float(row[2].value)
    first = tmp_path / "return.xlsx"
    workbook.save(first)

    page.get_by_role("link", name="Upload a spreadsheet").click()
    page.get_by_label("Upload your completed spreadsheet").set_input_files(first)
    page.get_by_role("button", name="Upload spreadsheet").click()
    expect(page.locator("main")).to_contain_text("What changed")

    workbook["Annex A"]["E2"] = 150.0  # one cell fixed
    buffer = BytesIO()
    workbook.save(buffer)
    second = tmp_path / "return-fixed.xlsx"
    second.write_bytes(buffer.getvalue())
    page.goto(f"/svd/returns/{draft.pk}/upload/")
    page.get_by_label("Upload your completed spreadsheet").set_input_files(second)
    page.get_by_role("button", name="Upload spreadsheet").click()
    expect(page.locator("main")).not_to_contain_text("Your changes have not been saved")
    expect(page.locator("main")).to_contain_text("What changed")
    check_page(page, "upload-again")
    page.goto(f"/svd/returns/{draft.pk}/annex-a/")
    expect(page.locator("main")).to_contain_text("£150.00")  # spend to date, worked out from this quarter's
    check_page(page, "annex-a")


def annex_b_tidy(page):
    draft = leeds_return(2025, 1)
    page.goto(f"/svd/returns/{draft.pk}/annex-b/")

    def tidy(width):
        for label in page.locator(".govuk-radios__label").all():
            box = label.bounding_box()
            assert box["height"] < 40, f"a progress label wraps at {width}px: {label.inner_text()}"
        remove = page.get_by_role("button", name="Remove this activity").first.bounding_box()
        save = page.get_by_role("button", name="Save and continue").bounding_box()
        assert save["y"] - (remove["y"] + remove["height"]) > 200, "Remove sits right above Save and continue"
        axe_check(page)
        no_sideways_scroll(page)
        shoot(page, "annex-b", width)

    at_both_widths(page, tidy)

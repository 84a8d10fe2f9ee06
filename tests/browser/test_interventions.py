"""The register's journeys in a real browser: staff read the 2024/25 figures and the
chart; a coordinator enters a quarter's counts. Every page passes axe."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


def test_it_lets_staff_filter_the_register_and_read_an_interventions_chart(page):
    sign_in(page, "vrp-staff")
    page.get_by_role("link", name="Interventions").first.click()
    axe_check(page)

    page.get_by_label("Financial year").select_option(label="2024/25")
    page.get_by_label("Funding stream").select_option(label="Core VRP budget")
    page.get_by_role("button", name="Apply filters").click()

    totals = page.locator("#totals")
    expect(totals).to_contain_text("46, funded £2,236,019.00")
    expect(totals).to_contain_text("21, funded £1,368,197.00")
    expect(totals).to_contain_text("25, funded £867,822.00")
    axe_check(page)

    page.get_by_role("link", name="A&E Navigator service: Leeds").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A&E Navigator service: Leeds")
    expect(page.get_by_role("img", name=re.compile("Bar chart of outcomes by quarter"))).to_be_visible()
    expect(page.get_by_role("table", name="Outcomes by quarter")).to_be_visible()
    axe_check(page)


def test_it_lets_a_coordinator_enter_outcomes_for_their_own_district(page):
    sign_in(page, "csp-leeds")
    page.goto("/interventions/leeds-detached/outcomes/")
    expect(page.get_by_text("stores no personal data")).to_be_visible()
    axe_check(page)

    page.get_by_label("Quarter").select_option(label="Q4 2024/25")
    page.get_by_label("People aged 24 or under engaged and supported").fill("-3")
    page.get_by_label("People aged 25 or over engaged and supported").fill("2")
    page.get_by_label("People given workforce training").fill("0")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    axe_check(page)

    page.get_by_label("People aged 24 or under engaged and supported").fill("12")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/interventions/leeds-detached/$"))
    expect(page.get_by_role("table", name="Outcomes by quarter")).to_contain_text("Q4 2024/25")


def test_it_lets_staff_check_an_outcomes_file_fix_it_and_import_it(page, tmp_path):
    header = "intervention,quarter,young_people,adults,workforce_trained\n"
    bad, good = tmp_path / "outcomes-bad.csv", tmp_path / "outcomes.csv"
    bad.write_text(header + "leeds-detached,2025/26 Q1,12,2,0\nleeds-detached,2025/26 Q2,twelve,2,0\n")
    good.write_text(header + "leeds-detached,2025/26 Q1,12,2,0\nleeds-detached,2025/26 Q2,14,2,0\n")
    sign_in(page, "vrp-staff")
    page.goto("/interventions/import/")
    axe_check(page)

    page.get_by_label("Quarterly outcomes").check()
    page.get_by_label("CSV or Excel (XLSX) file").set_input_files(bad)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("alert")).to_contain_text("The file has 1 error. Nothing was saved.")
    expect(page.get_by_role("table", name="Errors")).to_contain_text("twelve")
    axe_check(page)

    page.get_by_label("Quarterly outcomes").check()
    page.get_by_label("CSV or Excel (XLSX) file").set_input_files(good)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("region", name="Check before you import")).to_contain_text("2 rows")
    expect(page.get_by_role("table", name="Row by row")).to_contain_text("2025/26 Q2")
    axe_check(page)

    page.get_by_role("button", name="Import 2 rows").click()
    expect(page.get_by_text(re.compile(r"Imported: \d+ new, \d+ changed"))).to_be_visible()
    page.goto("/interventions/leeds-detached/")
    expect(page.get_by_role("table", name="Outcomes by quarter")).to_contain_text("Q2 2025/26")

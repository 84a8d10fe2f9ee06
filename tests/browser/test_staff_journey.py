"""A member of VRP staff's week, in the browser: the menu on one row with
Returns going to the returns; an intervention added with every error named; why
an intervention does or does not count for the 30% rule; the register's district
filter; a panel report started and its narrative saved first time, with the one
date input; the audit filter with the same date input. Every page passes axe at
1280 px and 375 px and never scrolls sideways."""

import re

import pytest
from playwright.sync_api import expect

from interventions.models import Intervention
from interventions.rules import qualifying_q

from .conftest import axe_check, sign_in
from .journeys import at_both_widths, no_sideways_scroll, shoot

pytestmark = pytest.mark.browser


def check_page(page, name):
    at_both_widths(page, lambda width: (axe_check(page), no_sideways_scroll(page), shoot(page, name, width)))


def fill_date(page, group, day, month, year):
    box = page.get_by_role("group", name=group)
    box.get_by_label("Day").fill(str(day))
    box.get_by_label("Month").fill(str(month))
    box.get_by_label("Year").fill(str(year))


def menu_on_one_row_and_returns(page):
    items = page.locator(".govuk-service-navigation__item")
    tops = {round(box["y"]) for box in (items.nth(i).bounding_box() for i in range(items.count()))}
    assert len(tops) == 1, f"the menu wraps onto {len(tops)} rows at 1280 px"
    page.get_by_role("link", name="Returns", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarterly returns")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    favicon = page.locator("link[rel=icon]").first.get_attribute("href")
    assert page.request.get(favicon).ok
    check_page(page, "staff-returns")


def add_intervention_errors_named(page):
    page.goto("/interventions/add/")
    expect(page.get_by_role("link", name="Back")).to_have_attribute("href", "/interventions/")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).not_to_contain_text("This field is required")
    expect(summary).to_contain_text("Enter reference")
    expect(summary).to_contain_text("Enter name")
    fill_date(page, "Starts on", 31, 2, 2025)
    page.get_by_role("button", name="Save").click()
    expect(summary).to_contain_text("Starts on must be a real date")
    check_page(page, "intervention-add-errors")


def thirty_percent_reason(page):
    rated = Intervention.objects.exclude(impact="")
    outside = rated.exclude(qualifying_q()).first()
    inside = rated.filter(qualifying_q()).first()
    page.goto(f"/interventions/{outside.reference}/")
    rule = page.locator(".govuk-summary-list__row", has_text="30% rule")
    expect(rule).to_contain_text("Does not qualify")
    expect(rule).to_contain_text(re.compile(r"Its rating is .+ impact"))
    check_page(page, "intervention-not-qualifying")
    page.goto(f"/interventions/{inside.reference}/")
    expect(page.locator(".govuk-summary-list__row", has_text="30% rule")).to_contain_text("Its YEF Toolkit rating is")


def district_filter_labelled(page):
    page.goto("/interventions/")
    expect(page.locator("body")).not_to_contain_text("[invalid name]")
    page.get_by_label("District").select_option(label="Leeds")
    page.get_by_role("button", name="Apply filters").click()
    check_page(page, "register-leeds")


def report_narrative_saved_first_time(page):
    page.goto("/reporting/reports/new/")
    page.get_by_label("Title").fill("Violence Reduction Partnership update, September 2025")
    fill_date(page, "Date of the panel meeting", 19, 9, 2025)
    page.get_by_label("Financial year").select_option(label="2025/26")
    page.get_by_role("button", name="Create report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Violence Reduction Partnership update, September 2025")
    page.get_by_role("link", name="Edit the narrative").click()
    meeting = page.get_by_role("group", name="Date of the panel meeting")
    expect(meeting.get_by_label("Day")).to_have_value("19")
    expect(meeting.get_by_label("Month")).to_have_value("9")
    expect(meeting.get_by_label("Year")).to_have_value("2025")
    check_page(page, "report-edit")
    page.get_by_role("button", name="Save narrative").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    expect(page.locator("main")).to_contain_text("19 September 2025")


def audit_dates(page):
    page.goto("/audit/")
    fill_date(page, "From", 2, 5, 2026)
    fill_date(page, "To", 1, 5, 2026)
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The end date must be the same as or after the start date"
    )
    check_page(page, "audit-bad-dates")


def test_it_takes_staff_through_the_menu_the_register_and_the_30_percent_rule(page):
    sign_in(page, "vrp-staff")
    menu_on_one_row_and_returns(page)
    district_filter_labelled(page)
    thirty_percent_reason(page)
    add_intervention_errors_named(page)


def test_it_takes_staff_through_a_report_and_the_audit_trail_with_one_date_input(page):
    sign_in(page, "vrp-staff")
    report_narrative_saved_first_time(page)
    audit_dates(page)

"""The quarterly return journey: the Leeds coordinator fills in Q1 2025/26, sees
every validation error, fixes them and submits; staff return it with a comment;
the coordinator resubmits; staff approve; the return is locked and the reporting
rate shows it received on time. Every page passes axe."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partnership.models import Quarter

from .conftest import axe_check, sign_in
from .journeys import at_both_widths, no_sideways_scroll, shoot

pytestmark = pytest.mark.browser


def switch_user(page, username):
    page.context.clear_cookies()
    sign_in(page, username)


def test_it_takes_a_return_from_draft_to_approved(page):
    # The due date is data: move Q1 2025/26's into the future so the return is on time today.
    Quarter.objects.filter(financial_year__start_year=2025, number=1).update(
        due_on=timezone.localdate() + timedelta(days=30)
    )
    sign_in(page, "csp-leeds")
    page.goto("/svd/returns/")
    axe_check(page)
    page.get_by_role("link", name="Q1 2025/26 return for Safer Leeds").click()
    detail_url = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Q1 2025/26 quarterly return")
    axe_check(page)

    page.get_by_role("link", name="Check your answers and submit").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("SVD labour share: Enter spend this quarter")
    expect(page.get_by_role("button", name="Submit return")).to_have_count(0)
    axe_check(page)

    page.goto(detail_url)
    page.get_by_role("link", name="Annex A: financial return").click()
    spend = page.locator("input[name$='-spend_this_quarter']")
    forecast = page.locator("input[name$='-forecast_to_year_end']")
    # Spend to date is the portal's to work out, not the coordinator's to type.
    expect(page.locator("input[name$='-spend_to_date']")).to_have_count(0)
    spend.nth(0).fill("-5")
    forecast.nth(0).fill("10.001")
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("SVD labour share: Spend this quarter must be £0.00 or more")
    expect(summary).to_contain_text("SVD labour share: Forecast to year end must be to the penny")
    axe_check(page)
    summary.get_by_role("link", name="SVD labour share: Spend this quarter must be £0.00 or more").click()
    expect(spend.nth(0)).to_be_focused()

    for index in (0, 1):
        spend.nth(index).fill("1000.00")
        forecast.nth(index).fill("1000.00")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Explain the variance")
    page.locator("textarea[name$='-explanation']").nth(0).fill("Recruitment to the second post was delayed.")
    page.locator("textarea[name$='-explanation']").nth(1).fill("Delivery starts in Q2.")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Annex A saved.")
    axe_check(page)

    page.get_by_role("link", name="Annex B: activity return").click()
    axe_check(page)
    page.get_by_label("What was delivered").fill("Weekly detached sessions in three hotspot areas.")
    page.get_by_label("People aged 24 or under").fill("12.5")
    page.get_by_label("People aged 25 or over").fill("4")
    page.get_by_label("Workforce trained").fill("3")
    page.get_by_label("On track").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter people aged 24 or under as a whole number")
    axe_check(page)
    page.get_by_label("People aged 24 or under").fill("38")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Annex B saved.")

    page.get_by_role("link", name="Check your answers and submit").click()
    expect(page.locator("main")).to_contain_text("£1,000.00")  # spend to date, worked out
    axe_check(page)
    page.get_by_role("button", name="Submit return").click()
    expect(page.locator(".govuk-panel--confirmation")).to_contain_text("Return submitted")
    at_both_widths(
        page, lambda width: (axe_check(page), no_sideways_scroll(page), shoot(page, "return-submitted", width))
    )
    page.get_by_role("link", name="View the return you submitted").click()
    expect(page.locator("main")).to_contain_text("Submitted")

    switch_user(page, "vrp-staff")
    page.goto(detail_url)
    axe_check(page)
    page.get_by_role("link", name="Return for changes").click()
    axe_check(page)
    page.get_by_label("Comments for the coordinator").fill("Please say which hotspot areas.")
    page.get_by_role("button", name="Return for changes").click()
    expect(page.locator("main")).to_contain_text("Returned for changes")

    switch_user(page, "csp-leeds")
    page.goto(detail_url)
    expect(page.locator(".govuk-inset-text")).to_contain_text("Please say which hotspot areas.")
    # The coordinator answers in the thread kept with the return, and fixes what was asked.
    page.get_by_role("link", name="Reply to these comments").click()
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your reply")
    axe_check(page)
    page.get_by_label("Your reply").fill("Harehills, Chapeltown and Beeston. I have added them to the narrative.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator("#conversation ~ ul")).to_contain_text("Harehills, Chapeltown and Beeston")
    page.get_by_role("link", name="Annex B: activity return").click()
    page.get_by_label("What was delivered").fill("Weekly detached sessions in Harehills, Chapeltown and Beeston.")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Check your answers and submit").click()
    page.get_by_role("button", name="Submit return").click()
    expect(page.locator(".govuk-panel--confirmation")).to_contain_text("Return resubmitted")

    switch_user(page, "vrp-staff")
    page.goto(detail_url)
    changed = page.locator("#changed + table, #changed ~ .portal-table-scroll").first
    expect(changed).to_contain_text("What was delivered")
    expect(changed).to_contain_text("Harehills, Chapeltown and Beeston")
    expect(page.locator("#conversation ~ ul")).to_contain_text("Harehills, Chapeltown and Beeston")
    at_both_widths(page, lambda width: (axe_check(page), no_sideways_scroll(page), shoot(page, "return-review", width)))
    page.get_by_role("link", name="Approve return").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to approve this return?")
    at_both_widths(page, lambda width: (axe_check(page), shoot(page, "return-approve-confirm", width)))
    page.get_by_role("button", name="Yes, approve and lock the return").click()
    expect(page.locator("main")).to_contain_text("Locked")
    expect(page.get_by_role("link", name="Reopen return")).to_be_visible()
    axe_check(page)

    page.goto("/svd/returns/reporting-rate/?year=2025")
    leeds = page.locator("tr", has_text="Safer Leeds")
    expect(leeds).to_contain_text("Approved")
    expect(leeds).to_contain_text("on time")
    axe_check(page)

    switch_user(page, "csp-leeds")
    page.goto(detail_url)
    expect(page.get_by_role("link", name="Annex A: financial return")).to_have_count(0)


def test_it_adds_an_activity_and_removes_it_again_while_enter_still_saves(page):
    sign_in(page, "csp-leeds")
    page.goto("/svd/returns/")
    page.get_by_role("link", name="Q1 2025/26 return for Safer Leeds").click()
    page.get_by_role("link", name="Annex B: activity return").click()
    page.get_by_label("Add an activity that is not in the intervention register").fill("Holiday activity programme")
    page.get_by_role("button", name="Add activity").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Activity added: Holiday activity programme")
    remove = page.get_by_role("button", name="Remove this activity: Holiday activity programme")
    expect(remove).to_be_visible()
    axe_check(page)

    # Enter in a figure saves the annex: the remove buttons belong to forms of their own.
    page.get_by_label("People aged 24 or under").first.fill("12")
    page.get_by_label("People aged 25 or over").first.fill("4")
    page.get_by_label("People aged 25 or over").first.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Annex B saved.")
    page.get_by_role("link", name="Annex B: activity return").click()
    expect(remove).to_be_visible()

    remove.click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Activity removed: Holiday activity programme.")
    expect(page.get_by_role("button", name="Remove this activity: Holiday activity programme")).to_have_count(0)
    expect(
        page.get_by_role("button", name="Remove this activity: Detached youth work in hotspot areas")
    ).to_be_visible()
    axe_check(page)

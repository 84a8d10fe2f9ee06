"""Journeys through grants, SVD shares and the compliance view; every page passes axe."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


def test_it_lets_staff_check_compliance_and_follow_a_line_to_its_rows(page):
    sign_in(page, "vrp-staff")
    page.goto("/reporting/compliance/?year=2024")

    qualifying = page.locator("tr#qualifying")
    expect(qualifying).to_contain_text("£1,368,197.00")
    expect(qualifying).to_contain_text("£1,302,563.14")
    expect(qualifying).to_contain_text("Met")
    expect(page.locator("tr#svd")).to_contain_text("£161,738.60")
    axe_check(page)

    page.locator("tr#match").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Match funding")
    expect(page.locator("main")).to_contain_text("£674,000.00")
    axe_check(page)


def test_it_lets_staff_correct_a_bad_amount_on_a_new_grant_and_see_its_history(page):
    sign_in(page, "vrp-staff")
    page.goto("/grants/add/")
    axe_check(page)
    page.get_by_label("Reference").fill("evaluation-fund-2025-26")
    page.get_by_label("Funder").select_option(label="Home Office")
    page.get_by_label("Programme").select_option(label="Other")
    page.get_by_label("Financial year or period").select_option(label="2025/26")
    page.get_by_label("Amount awarded").fill("12,500.005")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_title(re.compile(r"\(error\)"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    # Thousands separators are read (one money reader), so the fault is the third decimal place.
    expect(page.locator("#div_id_amount .govuk-error-message")).to_contain_text("Enter the amount to the nearest penny")
    axe_check(page)

    page.get_by_label("Amount awarded").fill("12500.00")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Other 2025/26")
    axe_check(page)
    page.get_by_role("link", name="History of changes").click()
    expect(page.locator("main table")).to_contain_text("Vicky Staff")
    expect(page.locator("main table")).to_contain_text("Created")
    axe_check(page)


def test_it_refuses_share_overrides_that_do_not_add_up(page):
    sign_in(page, "vrp-staff")
    page.goto("/svd/allocations/")
    axe_check(page)
    page.get_by_role("link", name="2024/25").click()
    axe_check(page)
    page.get_by_role("link", name="Change the labour shares").click()
    first = page.locator("input[name^=share_]").first
    first.fill("9000.00")
    page.get_by_label("Why are the shares being changed?").fill("Agreed at the board")
    page.get_by_role("button", name="Save the shares").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text("they must add up exactly")
    axe_check(page)


def test_it_shows_a_coordinator_only_their_own_shares(page):
    sign_in(page, "csp-leeds")
    # The rewritten coordinator home also links "Your SVD shares"; this is the service navigation's link.
    page.get_by_role("link", name="SVD shares", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your Serious Violence Duty shares")
    expect(page.locator("main")).to_contain_text("Safer Leeds")
    expect(page.locator("main")).not_to_contain_text("Bradford")
    axe_check(page)

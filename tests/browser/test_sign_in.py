"""Every role signs in and lands on the home page made for it; each page passes axe."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_check, sign_in

pytestmark = pytest.mark.browser

HOME_HEADINGS = {
    "vrp-staff": "Your work as VRP staff",
    "csp-bradford": "Bradford Community Safety Partnership: your returns",
    "csp-calderdale": "Safer Stronger Calderdale Partnership: your returns",
    "csp-kirklees": "Safer Kirklees: your returns",
    "csp-leeds": "Safer Leeds: your returns",
    "csp-wakefield": "Wakefield District Community Safety Partnership: your returns",
    "panel-member": "Papers for the Police and Crime Panel",
    "admin": "Portal administration",
}


def test_it_shows_the_sign_in_page_accessibly(page):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to VRP Portal")
    axe_check(page)


@pytest.mark.parametrize("username", list(HOME_HEADINGS))
def test_it_signs_in_each_role_to_its_own_home_page(page, username):
    sign_in(page, username)

    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_HEADINGS[username])
    axe_check(page)


def test_it_shows_a_clear_error_next_to_the_form_for_a_wrong_password(page):
    sign_in(page, "vrp-staff", password="not-the-password")

    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct username and password")
    expect(page).to_have_title(re.compile(r"^Sign in \(error\)"))
    axe_check(page)


def test_it_signs_out(page):
    sign_in(page, "panel-member")
    page.get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to VRP Portal")


def test_it_shows_the_accessibility_statement_without_signing_in(page):
    page.goto("/accessibility/")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Accessibility statement")
    axe_check(page)

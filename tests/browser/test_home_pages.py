"""The home pages and the panel paper in a real browser, at 1280 and 375 px:
each passes axe and never scrolls sideways; a panel member downloads the paper
and reads its web-page twin, which leads back to the portal."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_check, sign_in

pytestmark = pytest.mark.browser

WIDTHS = [1280, 375]


def _fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{page.url} scrolls sideways at {width}px"


@pytest.mark.parametrize("width", WIDTHS)
def test_it_shows_staff_and_coordinators_what_to_do_now(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "vrp-staff")
    expect(page.get_by_role("heading", name="Returns awaiting review")).to_be_visible()
    expect(page.get_by_role("heading", name="Overdue returns")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Bar chart of each CSP"))).to_be_visible()
    expect(page.get_by_role("heading", name="The next panel report")).to_be_visible()
    axe_check(page)
    _fits(page, width)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "csp-wakefield")
    expect(page.get_by_role("heading", name="What to do now")).to_be_visible()
    expect(page.get_by_role("link", name="All your returns")).to_be_visible()
    expect(page.get_by_text("You have nothing to do")).to_have_count(0)
    axe_check(page)
    _fits(page, width)


def _axe_check_sandboxed(page):
    """axe on the web-page twin. The twin is served under `Content-Security-Policy: sandbox`,
    which stops axe's own injected script from ever finishing (its promise never settles), so
    the same page, with the same session, is checked in a second context that lets axe run."""
    response = page.request.get(page.url)
    assert response.headers["content-security-policy"].startswith("sandbox;")
    context = page.context.browser.new_context(
        base_url=page.url, storage_state=page.context.storage_state(), bypass_csp=True, viewport=page.viewport_size
    )
    try:
        twin = context.new_page()
        twin.goto(page.url)
        expect(twin.get_by_role("heading", name="Recommendations")).to_be_visible()
        axe_check(twin)
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_it_gives_a_panel_member_the_paper_and_its_web_page(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "panel-member")
    expect(page.get_by_role("heading", name="The latest paper")).to_be_visible()
    axe_check(page)
    _fits(page, width)

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download the PDF")).first.click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.get_by_role("link", name=re.compile("Read it as a web page")).first.click()
    expect(page.get_by_role("heading", name="Recommendations")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Key figures"))).to_be_visible()
    _fits(page, width)
    margin = page.evaluate(
        "document.body.getBoundingClientRect().left + parseFloat(getComputedStyle(document.body).paddingLeft)"
    )
    assert margin >= 16, "the web page's text runs to the edge of the window"
    _axe_check_sandboxed(page)
    page.get_by_role("link", name=re.compile("Back to this report")).click()
    expect(page.get_by_role("link", name=re.compile("Download the PDF"))).to_be_visible()
    expect(page.get_by_text("SHA-256")).to_have_count(0)
    axe_check(page)

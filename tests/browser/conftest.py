"""Browser tests: Playwright driving Debian's headless Chromium, with axe-core.

Use the `page` fixture (a fresh browser context on the live server, with the
demo data loaded) and `sign_in(page, username)`. Call `axe_check(page)` on
every page a journey visits: a serious or critical WCAG 2.2 A/AA violation
fails the test, naming the rule and the elements.

Playwright's sync API runs an event loop in the test's thread, so Django's
async-safety guard is relaxed for these tests only.
"""

import os

import pytest

from tests.demo_snapshot import DEMO_PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: install Debian's chromium (see .ci/run).")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def demo_live(transactional_db, demo):
    """The demo data, committed, so the live server's thread sees it."""


@pytest.fixture
def page(browser, live_server, demo_live):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, username, password=DEMO_PASSWORD):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def axe_check(page):
    """Fail on any serious or critical WCAG 2.2 A/AA violation on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    blocking = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    details = "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:5]}" for v in blocking
    )
    assert not blocking, f"Accessibility violations on {page.url}:\n{details}"

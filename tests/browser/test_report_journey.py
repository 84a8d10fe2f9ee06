"""The panel report journey in a real browser, with a real Celery worker:
staff correct the published update with a new version and press Generate; the
page follows the job from queued to ready without reloading; staff publish; a
panel member finds it and downloads the PDF. Every page passes axe."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from partnership.models import Partnership
from partnership.wording import wording
from reporting.models import PanelReport, ReportStatus

from .conftest import axe_check, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def test_it_generates_publishes_and_serves_a_report_through_a_real_worker(page, start_celery_worker):
    # A short pause in the render, so the page is seen waiting before it is ready.
    start_celery_worker(PORTAL_TEST_RENDER_DELAY_SECONDS=4)
    published = PanelReport.objects.get(status=ReportStatus.PUBLISHED)

    sign_in(page, "vrp-staff")
    # The menu says "Reports" (not every partnership reports to a panel: wording is data, issue 13).
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports", exact=True).click()
    axe_check(page)
    page.get_by_role("link", name=re.compile(published.title)).first.click()
    page.get_by_role("button", name="Correct it with a new version").click()
    expect(page.locator("dd").filter(has_text=re.compile(r"^\s*2 \(corrects version 1\)"))).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Generate the PDF").click()
    status = page.locator("#report-status")
    expect(status).to_have_attribute("data-stage", re.compile("queued|rendering"))
    page.evaluate("window.__samePage = true")
    expect(status).to_have_attribute("data-stage", "ready", timeout=120_000)
    expect(status).to_contain_text("Ready to publish")
    assert page.evaluate("window.__samePage === true"), "the page reloaded instead of updating in place"
    axe_check(page)

    page.reload()
    # The body the partnership reports to is named as the partnership words it (issue 13).
    reports_to = wording(Partnership.current())["reports_to"]
    page.get_by_role("link", name=f"Publish to the {reports_to}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to publish this report?")
    axe_check(page)
    page.get_by_role("button", name=f"Yes, publish to the {reports_to}").click()
    expect(page.locator("#report-status")).to_contain_text("Published")
    new_version = PanelReport.objects.get(supersedes=published)
    assert new_version.status == ReportStatus.PUBLISHED and new_version.version == 2

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "panel-member")
    expect(page.get_by_role("heading", name="The latest paper")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name=re.compile(re.escape(new_version.title))).first.click()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download the PDF")).first.click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    assert new_version.downloads.filter(user__username="panel-member").exists()

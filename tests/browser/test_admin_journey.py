"""The admin's day: the Django admin's index, a list, a record and its history,
and the portal's audit trail, each passing axe at desktop and phone widths, with
the content security policy letting the admin's own styles through."""

import re

import pytest
from playwright.sync_api import expect

from svd.models import QuarterlyReturn

from .conftest import axe_check, sign_in
from .journeys import at_both_widths, csp_violations, no_sideways_scroll, shoot

pytestmark = pytest.mark.browser


def test_it_keeps_the_django_admin_accessible_and_styled(page):
    violations = csp_violations(page)
    sign_in(page, "admin")
    quarterly_return = QuarterlyReturn.objects.filter(status="approved").select_related("csp").first()
    pages = [
        "/admin/",
        "/admin/svd/quarterlyreturn/",
        f"/admin/svd/quarterlyreturn/{quarterly_return.pk}/change/",
        f"/admin/svd/quarterlyreturn/{quarterly_return.pk}/history/",
        "/admin/grants/grant/",
        "/admin/grants/grant/add/",
    ]
    for url in pages:
        page.goto(url)
        expect(page.locator("#content")).to_be_visible()

        def check(width, url=url):
            axe_check(page)
            shoot(page, f"admin{url.replace('/', '-')}", width)

        at_both_widths(page, check)
    assert violations == [], f"The content security policy blocked: {violations[:5]}"


def test_it_reads_the_audit_trail_in_human_terms_with_paging(page):
    sign_in(page, "vrp-staff")
    page.goto("/audit/")
    # Newest first: the demo's last change is to an open 2025/26 Q1 return.
    page.get_by_label("What").select_option("svd.quarterlyreturn")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("table")).to_contain_text(re.compile(r"Q1 2025/26 return"))
    name = (
        page.locator("td", has_text=re.compile(r"Q1 2025/26 return"))
        .first.inner_text()
        .split("\n")[0]
        .removesuffix("Quarterly return")
        .strip()
    )
    expect(page.locator("body")).not_to_contain_text("Quarterly return 1")
    at_both_widths(page, lambda width: (axe_check(page), no_sideways_scroll(page), shoot(page, "audit-list", width)))
    page.get_by_role("link", name=f"History of {name}").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"History of {name}")
    at_both_widths(page, lambda width: (axe_check(page), no_sideways_scroll(page), shoot(page, "audit-object", width)))
    page.goto("/audit/")
    page.get_by_role("link", name="Next page of the audit trail").click()
    expect(page.get_by_role("link", name="Previous page of the audit trail")).to_be_visible()
    axe_check(page)

"""The API's pages in a real browser: the token journey on the account page,
the API documentation (Swagger UI from this site, no inline script) and the
360Giving open-data page. Each page passes axe."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


def test_it_lets_a_coordinator_create_use_and_revoke_a_token(page):
    sign_in(page, "csp-leeds")
    page.goto("/account/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    axe_check(page)

    page.get_by_label("Token name").fill("Leeds returns spreadsheet")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("heading", name=re.compile("Token ‘Leeds returns spreadsheet’ created"))).to_be_visible()
    raw = page.get_by_label("Your new token").input_value()
    assert re.fullmatch(r"vrp_[0-9a-f]{12}_[\w-]+", raw)
    axe_check(page)

    api = page.context.request
    ok = api.get("/api/v1/quarters/", headers={"Authorization": f"Bearer {raw}"})
    assert ok.status == 200

    page.goto("/account/")
    expect(page.get_by_text(raw)).to_have_count(0)
    page.get_by_role("button", name="Revoke token Leeds returns spreadsheet").click()
    expect(page.get_by_text("Revoked", exact=True)).to_be_visible()
    axe_check(page)
    refused = api.get("/api/v1/quarters/", headers={"Authorization": f"Bearer {raw}"})
    assert refused.status == 401


def test_it_renders_the_api_documentation_from_local_assets(page, live_server):
    sign_in(page, "vrp-staff")
    requested, errors = [], []
    page.on("request", lambda r: requested.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("/api/docs/")
    expect(page.get_by_text("/api/v1/organisations/", exact=True).first).to_be_visible()
    assert not errors
    assert requested and all(u.startswith((live_server.url, "data:")) for u in requested), requested


def test_it_shows_staff_the_open_data_page(page):
    sign_in(page, "vrp-staff")
    page.goto("/reporting/open-data/?year=2024")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data: 360Giving")
    expect(page.get_by_text("£2,236,019.00")).to_be_visible()
    axe_check(page)

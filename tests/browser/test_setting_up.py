"""A new partnership sets itself up through the pages (issue 13's journey), from
an empty database and one superuser: partnership details with its own
reporting body, districts, three CSPs and two specified authorities, a
financial year, and a person for each role, with the set-up list marking each
step done; then the year's first quarter of returns is opened by hand (the year
has started) and the first grant is added from the set-up list, which then says
the partnership is set up.
"""

import pytest

from partnership.models import Organisation, Partnership, Quarter, User

from .conftest import axe_check, sign_in

pytestmark = pytest.mark.browser
PASSWORD = "first-admin-passphrase-9"


@pytest.fixture
def empty_page(browser, live_server, transactional_db):
    User.objects.create_superuser(username="first", password=PASSWORD, email="first@example.org")
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _save(page):
    with page.expect_navigation() as navigation:
        page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    assert navigation.value.status < 400, f"{page.url} answered {navigation.value.status}"
    assert page.locator(".errornote").count() == 0, page.locator(".errorlist").all_inner_texts()


def _add_district(page, name, wide=False):
    page.goto("/admin/partnership/district/add/")
    page.fill("#id_name", name)
    if wide:
        page.check("#id_is_partnership_wide")
    _save(page)


def _add_organisation(page, name, ref, kind, district):
    page.goto("/admin/partnership/organisation/add/")
    page.fill("#id_name", name)
    page.fill("#id_ref", ref)
    page.select_option("#id_kind", kind)
    page.select_option("#id_district", label=district)
    _save(page)


def _invite(page, username, role, csps=()):
    page.goto("/admin/partnership/user/add/")
    page.fill("#id_username", username)
    page.fill("#id_email", f"{username}@example.org")
    page.fill("#id_first_name", username.title())
    page.select_option("#id_role", role)
    for csp in csps:
        page.get_by_label(csp).check()
    _save(page)


def test_a_new_partnership_sets_itself_up_through_the_pages(empty_page):
    page = empty_page
    sign_in(page, "first", PASSWORD)
    assert "You have done 0 of 5 steps" in page.content()
    axe_check(page)

    page.get_by_role("link", name="Partnership details").click()
    page.fill("#id_name", "Riverside Violence Reduction Unit")
    page.fill("#id_short_name", "Riverside VRU")
    page.fill("#id_area_name", "Riverside")
    page.fill("#id_contact_email", "vru@riverside.example")
    page.fill("#id_reports_to", "Police and Crime Committee")
    page.fill("#id_meeting_name", "committee")
    page.fill("#id_member_title", "Police and Crime Committee member")
    _save(page)

    _add_district(page, "Riverside-wide", wide=True)
    for district in ("Northbank", "Southbank", "Eastmoor"):
        _add_district(page, district)
    for name, district in (
        ("Safer Northbank", "Northbank"),
        ("Southbank CSP", "Southbank"),
        ("Eastmoor CSP", "Eastmoor"),
    ):
        _add_organisation(page, name, name.lower().replace(" ", "-"), "csp", district)
    _add_organisation(page, "Riverside Police", "riverside-police", "police", "Riverside-wide")
    _add_organisation(page, "Northbank Council", "northbank-council", "local_authority", "Northbank")

    page.goto("/admin/partnership/financialyear/add/")
    page.fill("#id_start_year", "2025")
    _save(page)

    _invite(page, "rivstaff", "vrp_staff")
    _invite(page, "northcoord", "csp_coordinator", ["Safer Northbank", "Southbank CSP"])
    _invite(page, "eastcoord", "csp_coordinator", ["Eastmoor CSP"])
    _invite(page, "member", "panel_member")
    _invite(page, "rivadmin", "admin")

    page.goto("/")
    assert "You have done 4 of 5 steps" in page.content()
    axe_check(page)
    page.goto("/reporting/set-up/")
    axe_check(page)

    partnership = Partnership.current()
    assert partnership.reports_to == "Police and Crime Committee"
    assert Organisation.objects.csps().count() == 3
    assert Organisation.objects.specified_authorities().count() == 2
    assert set(User.objects.get(username="northcoord").csps.values_list("name", flat=True)) == {
        "Safer Northbank",
        "Southbank CSP",
    }
    assert Quarter.objects.filter(financial_year__start_year=2025).count() == 4

    signed_out = page.context.browser.new_context(base_url=page.url.split("/reporting")[0])
    sign_in_page = signed_out.new_page()
    sign_in_page.goto("/sign-in/")
    text = sign_in_page.content()
    assert "members of the Police and Crime Committee" in text and "Police and Crime Panel" not in text
    axe_check(sign_in_page)
    signed_out.close()

    # 2025/26 has started, so its returns are opened by hand to back-fill them.
    page.goto("/svd/returns/")
    page.get_by_role("link", name="Open a past quarter's returns").click()
    page.select_option("#id_quarter", label="Q1 2025/26")
    page.fill("#id_reason", "To enter the first quarter from the spreadsheets the CSPs sent")
    page.get_by_role("button", name="Open the returns").click()
    assert "Q1 2025/26 is open: 3 CSP returns." in page.content()
    axe_check(page)

    _add_organisation(page, "Home Office", "home-office", "funder", "Riverside-wide")
    page.goto("/reporting/set-up/")
    page.get_by_role("link", name="The first grant").click()
    page.fill("#id_reference", "vru-core-2025-26")
    page.select_option("#id_funder", label="Home Office")
    page.select_option("#id_programme", label="VRU core grant")
    page.select_option("#id_period", label="2025/26")
    page.fill("#id_amount", "1,200,000")
    page.get_by_role("button", name="Save").click()
    assert "Grant vru-core-2025-26 added." in page.content()
    axe_check(page)
    page.goto("/reporting/set-up/")
    assert "You have done 5 of 5 steps. Your partnership is set up." in page.content()

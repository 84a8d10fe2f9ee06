"""A new partnership sets itself up through the pages (issue 13's journey), from
an empty database and one superuser: partnership details with its own
reporting body, districts, three CSPs and two specified authorities, a
financial year, and a person for each role, with the set-up list marking each
step done; then the year's first quarter of returns is opened by hand (the year
has started) and the first grant is added from the set-up list, which then says
the partnership is set up.

Then the people it invited set their passwords from the e-mailed links and run
the year: the staff member adds the grant's conditions, a match-funding
contribution, an SVD allocation split equally across five recipients, two
interventions by hand and two more from the import template (filled in with
openpyxl, its new provider added from the import page), and a quarter's
outcomes, and opens the quarter again so the returns carry the new shares and
interventions; a coordinator fills in Annex A and B and submits; staff approve;
staff create a report, generate it (tasks run eagerly in the test settings) and
publish it; the panel member downloads the PDF, which holds the partnership's
name, its reporting body and the figures entered, and none of the demo's
places or words. Every page passes axe.
"""

import re

import pytest
from django.core import mail
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from interventions.models import Intervention
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


def set_up(page):
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


def _accept_invitation(browser, base_url, username):
    """The invited person follows the e-mailed link and chooses a password; returns their page."""
    (message,) = [m for m in mail.outbox if m.to == [f"{username}@example.org"] and "invited" in m.subject]
    path = re.search(r"/invitation/[^/\s]+/[^/\s]+/", message.body).group(0)
    context = browser.new_context(base_url=base_url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your password")
    axe_check(page)
    page.locator("#id_new_password1").fill(f"{username}-{PASSWORD}")
    page.locator("#id_new_password2").fill(f"{username}-{PASSWORD}")
    page.get_by_role("button", name="Save password").click()
    page.wait_for_load_state()
    sign_in(page, username, f"{username}-{PASSWORD}")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


def _fill_date(page, group, day, month, year):
    box = page.get_by_role("group", name=group)
    box.get_by_label("Day").fill(str(day))
    box.get_by_label("Month").fill(str(month))
    box.get_by_label("Year").fill(str(year))


def grant_conditions_and_match_funding(page):
    page.goto("/grants/")
    axe_check(page)
    page.get_by_role("link", name="VRU core grant", exact=True).click()
    axe_check(page)
    page.get_by_role("link", name="Add conditions").click()
    axe_check(page)
    page.get_by_label("An amount entered").check()
    page.get_by_label("Match funding required").fill("300,000")
    page.get_by_label("Minimum share for qualifying interventions (%)").fill("30")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Conditions saved.")
    expect(page.locator("main")).to_contain_text("£300,000.00")
    axe_check(page)

    page.goto("/grants/match-funding/")
    axe_check(page)
    page.get_by_role("link", name="Add a contribution").click()
    axe_check(page)
    page.get_by_label("Partner organisation").select_option(label="Northbank Council")
    page.get_by_label("Financial year").select_option(label="2025/26")
    page.get_by_label("Form of contribution").select_option(label="Staffing")
    page.get_by_label("Description").fill("A community safety officer, half time")
    page.get_by_label("Value").fill("42,500")
    page.get_by_label("Status").select_option(label="Confirmed")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Contribution added.")
    expect(page.locator("main")).to_contain_text("£42,500.00")
    axe_check(page)


def svd_allocation_and_split(page):
    page.goto("/svd/allocations/")
    axe_check(page)
    page.get_by_role("link", name="Add an allocation").click()
    axe_check(page)
    page.get_by_label("Period").select_option(label="2025/26")
    page.get_by_label("Labour", exact=True).fill("30,000")
    page.get_by_label("Non-labour").fill("15,000")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Allocation added. Now name its recipients.")
    axe_check(page)
    for recipient in ("Safer Northbank", "Southbank CSP", "Eastmoor CSP", "Riverside Police", "Northbank Council"):
        page.get_by_label("Add a recipient").select_option(label=recipient)
        page.get_by_role("button", name="Add recipient").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Recipient added.")
    page.get_by_role("button", name="Split equally among the recipients").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Shares split equally")
    labour = page.get_by_role("table", name=re.compile("^Labour"))
    expect(labour.locator("tr", has_text="Safer Northbank")).to_contain_text("£6,000.00")
    expect(labour.locator("tfoot")).to_contain_text("£30,000.00")
    axe_check(page)


def _add_intervention_by_hand(page, reference, name, provider, district):
    page.goto("/interventions/add/")
    page.get_by_label("Reference").fill(reference)
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Provider").select_option(label=provider)
    page.get_by_label(district, exact=True).check()
    _fill_date(page, "Starts on", 1, 4, 2025)
    _fill_date(page, "Ends on", 31, 3, 2026)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{name} added to the register.")


def interventions_by_hand_and_by_import(page, tmp_path):
    page.goto("/interventions/")
    axe_check(page)
    page.goto("/interventions/add/")
    axe_check(page)
    _add_intervention_by_hand(page, "northbank-mentors", "Northbank mentoring", "Northbank Council", "Northbank")
    axe_check(page)
    _add_intervention_by_hand(page, "southbank-outreach", "Southbank street outreach", "Riverside Police", "Southbank")

    page.goto("/interventions/import/")
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("listitem").filter(has_text="Interventions template").get_by_role("link", name="Excel").click()
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    workbook = load_workbook(template)
    rows = workbook.worksheets[0]
    headers = [cell.value for cell in rows[1]]
    example = {header: cell.value for header, cell in zip(headers, rows[2], strict=True)}
    rows.delete_rows(2)
    for reference, name, district in (
        ("eastmoor-sports", "Eastmoor evening sports", "Eastmoor"),
        ("riverside-navigators", "Riverside hospital navigators", "Riverside-wide"),
    ):
        row = {
            **example,
            "reference": reference,
            "name": name,
            "description": f"{name}, imported from the register spreadsheet",
            "provider": "Riverside Youth Trust",
            "districts": district,
            "approach_name": "",
            "impact": "",
            "evidence_quality": None,
            "cost": None,
            "rated_on": None,
        }
        rows.append([row[header] for header in headers])
    filled = tmp_path / "interventions.xlsx"
    workbook.save(filled)

    page.get_by_label("Interventions", exact=True).check()
    page.get_by_label("CSV or Excel (XLSX) file").set_input_files(filled)
    page.get_by_role("button", name="Check the file").click()
    # The provider is new to the portal: the page offers to add it.
    page.get_by_role("button", name="Add Riverside Youth Trust as a provider").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Provider Riverside Youth Trust added")
    axe_check(page)
    page.get_by_label("Interventions", exact=True).check()
    page.get_by_label("CSV or Excel (XLSX) file").set_input_files(filled)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("region", name="Check before you import")).to_contain_text("2 rows")
    axe_check(page)
    page.get_by_role("button", name="Import 2 rows").click()
    expect(page.get_by_text("Imported: 2 new, 0 changed")).to_be_visible()
    axe_check(page)
    assert Intervention.objects.count() == 4


def outcomes(page):
    page.goto("/interventions/southbank-outreach/")
    axe_check(page)
    page.goto("/interventions/southbank-outreach/outcomes/")
    axe_check(page)
    page.get_by_label("Quarter").select_option(label="Q1 2025/26")
    page.get_by_label("People aged 24 or under engaged and supported").fill("21")
    page.get_by_label("People aged 25 or over engaged and supported").fill("6")
    page.get_by_label("People given workforce training").fill("2")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/interventions/southbank-outreach/$"))
    expect(page.get_by_role("table", name="Outcomes by quarter")).to_contain_text("Q1 2025/26")


def reopen_quarter_for_new_shares(page):
    """The returns were opened before the shares and interventions existed: opening
    the quarter again brings their lines up to date."""
    page.goto("/svd/returns/open/")
    page.select_option("#id_quarter", label="Q1 2025/26")
    page.fill("#id_reason", "The SVD shares and the interventions are now entered")
    page.get_by_role("button", name="Open the returns").click()
    assert "Q1 2025/26 is open: 3 CSP returns." in page.content()


def coordinator_return(coordinator):
    page = coordinator
    page.goto("/svd/returns/")
    axe_check(page)
    page.get_by_role("link", name="Q1 2025/26 return for Safer Northbank").click()
    detail_url = page.url
    axe_check(page)
    page.get_by_role("link", name="Annex A: financial return").click()
    expect(page.locator("main")).to_contain_text("£6,000.00")
    axe_check(page)
    spend = page.locator("input[name$='-spend_this_quarter']")
    forecast = page.locator("input[name$='-forecast_to_year_end']")
    for index, (this_quarter, year_end) in enumerate((("1,500.00", "6,000.00"), ("750.00", "3,000.00"))):
        spend.nth(index).fill(this_quarter)
        forecast.nth(index).fill(year_end)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Annex A saved.")

    page.get_by_role("link", name="Annex B: activity return").click()
    axe_check(page)
    expect(page.locator("main")).to_contain_text("Northbank mentoring")
    page.get_by_label("What was delivered").fill("Weekly mentoring sessions for 14 young people.")
    page.get_by_label("People aged 24 or under").fill("14")
    page.get_by_label("People aged 25 or over").fill("0")
    page.get_by_label("Workforce trained").fill("2")
    page.get_by_label("On track").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Annex B saved.")

    page.get_by_role("link", name="Check your answers and submit").click()
    axe_check(page)
    page.get_by_role("button", name="Submit return").click()
    expect(page.locator(".govuk-panel--confirmation")).to_contain_text("Return submitted")
    axe_check(page)
    return detail_url


def staff_approve(page, detail_url):
    page.goto(detail_url)
    axe_check(page)
    page.get_by_role("link", name="Approve return").click()
    axe_check(page)
    page.get_by_role("button", name="Yes, approve and lock the return").click()
    expect(page.locator("main")).to_contain_text("Locked")
    axe_check(page)


def panel_report(page):
    page.goto("/reporting/reports/")
    axe_check(page)
    page.goto("/reporting/reports/new/")
    axe_check(page)
    page.get_by_label("Title").fill("Riverside VRU update, July 2025")
    _fill_date(page, "Date of the committee meeting", 24, 7, 2025)
    page.get_by_label("Financial year").select_option(label="2025/26")
    page.locator("#id_up_to_quarter").select_option(label="Q1")
    page.get_by_role("button", name="Create report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside VRU update, July 2025")
    axe_check(page)
    # Tasks run eagerly in the test settings: the render is done when the page comes back.
    page.get_by_role("button", name="Generate the PDF").click()
    page.reload()
    expect(page.locator("#report-status")).to_contain_text("Ready to publish")
    page.get_by_role("link", name="Publish to the Police and Crime Committee").click()
    axe_check(page)
    page.get_by_role("button", name=re.compile("Yes, publish")).click()
    expect(page.locator("#report-status")).to_contain_text("Published")
    axe_check(page)


def member_downloads_the_report(member, tmp_path):
    page = member
    axe_check(page)
    page.get_by_role("link", name=re.compile("Riverside VRU update, July 2025")).first.click()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download the PDF")).first.click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    text = " ".join(sheet.extract_text() for sheet in PdfReader(pdf).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Riverside Violence Reduction Unit Report to the Police and Crime Committee" in text
    assert "on the work of the Riverside Violence Reduction Unit" in text
    assert "Home Office core grant £1,200,000.00" in text
    assert "Match funding secured £42,500.00 of £300,000.00 required" in text
    assert "Serious Violence Duty funding £45,000.00" in text
    assert "Safer Northbank £9,000.00 £2,250.00" in text  # its share, and the approved return's spend
    for demo in (
        "West Yorkshire",
        "Leeds",
        "Bradford",
        "Calderdale",
        "Kirklees",
        "Wakefield",
        "Police and Crime Panel",
    ):
        assert demo not in text, f"the PDF names the demo's {demo}"


def test_a_new_partnership_sets_itself_up_through_the_pages(empty_page, browser, live_server, tmp_path):
    page = empty_page
    set_up(page)
    staff = _accept_invitation(browser, live_server.url, "rivstaff")
    grant_conditions_and_match_funding(staff)
    svd_allocation_and_split(staff)
    interventions_by_hand_and_by_import(staff, tmp_path)
    outcomes(staff)
    reopen_quarter_for_new_shares(staff)
    coordinator = _accept_invitation(browser, live_server.url, "northcoord")
    detail_url = coordinator_return(coordinator)
    staff_approve(staff, detail_url)
    panel_report(staff)
    member = _accept_invitation(browser, live_server.url, "member")
    member_downloads_the_report(member, tmp_path)
    for person in (staff, coordinator, member):
        person.context.close()

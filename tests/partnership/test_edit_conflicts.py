"""No lost edits: every page form two people can open on the same object refuses
the second, stale save, says who changed what, keeps what the second person
typed, and lets them save it once they have seen the change.

Each case is two staff (two clients) opening the same form, as the browser
draws it, and saving different changes one after the other.
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import ContributionForm, ContributionStatus, Grant, GrantConditions, MatchContribution
from interventions.models import Intervention
from partnership.edit_conflicts import StaleEdit
from partnership.services import full_year_period
from reporting import services as report_services
from reporting.models import PanelReport
from svd.models import AllocationStatus, SvdAllocation, SvdRecipient, SvdShare
from svd.services import svd_allocation_split, svd_shares_override
from tests.govuk import form_values
from tests.interventions.factories import make_intervention

CONFLICT = "Your changes have not been saved"


@dataclass
class Case:
    url: str
    first: dict  # what the first person changes in the form
    second: dict  # what the second person changes, from the same starting point
    saved: object  # () -> the values that matter, read from the database
    first_saved: object
    second_saved: object
    shown: str  # how the first person's change reads in "What they changed"


def _allocation(reference_data):
    orgs = reference_data["orgs"]
    allocation = SvdAllocation.objects.create(
        period=full_year_period(reference_data["years"][2024]),
        labour_amount=Decimal("100.00"),
        non_labour_amount=Decimal("65436.47"),
        status=AllocationStatus.ISSUED,
    )
    for position, org in enumerate([orgs["police"], orgs["csp_leeds"], orgs["csp_bradford"]], start=1):
        SvdRecipient.objects.create(allocation=allocation, organisation=org, position=position)
    svd_allocation_split(allocation=allocation)
    return allocation


def _labour(allocation):
    return list(
        SvdShare.objects.filter(allocation=allocation, stream="labour")
        .order_by("position")
        .values_list("amount", flat=True)
    )


def shares_case(reference_data, users):
    allocation = _allocation(reference_data)
    ids = list(allocation.shares.filter(stream="labour").order_by("position").values_list("pk", flat=True))

    def amounts(*values, reason):
        return {f"share_{pk}": value for pk, value in zip(ids, values, strict=True)} | {"reason": reason}

    return Case(
        url=reverse("svd:shares_override", args=[allocation.pk, "labour"]),
        first=amounts("40.00", "30.00", "30.00", reason="Police analyst post"),
        second=amounts("33.34", "46.66", "20.00", reason="Leeds hosts the hub"),
        saved=lambda: _labour(allocation),
        first_saved=[Decimal("40.00"), Decimal("30.00"), Decimal("30.00")],
        second_saved=[Decimal("33.34"), Decimal("46.66"), Decimal("20.00")],
        shown="Test Police (labour)",
    )


def allocation_case(reference_data, users):
    allocation = _allocation(reference_data)
    return Case(
        url=reverse("svd:allocation_edit", args=[allocation.pk]),
        first={"notes": "Agreed at the March board"},
        second={"labour_amount": "120.00"},
        saved=lambda: SvdAllocation.objects.values_list("notes", "labour_amount").get(pk=allocation.pk),
        first_saved=("Agreed at the March board", Decimal("100.00")),
        second_saved=("Agreed at the March board", Decimal("120.00")),
        shown="Agreed at the March board",
    )


def _grant(reference_data):
    from grants.models import GrantStatus, Programme

    grant = Grant.objects.create(
        reference="vru-core-2024-25",
        funder=reference_data["orgs"]["home_office"],
        programme=Programme.VRU_CORE,
        period=full_year_period(reference_data["years"][2024]),
        amount=Decimal("4341877.11"),
        status=GrantStatus.CONFIRMED,
    )
    GrantConditions.objects.create(
        grant=grant,
        match_funding_basis="percentage",
        match_funding_percent=Decimal("20.00"),
        match_reference_amount=Decimal("3370000.00"),
        match_reference_label="2021/22 allocation",
        qualifying_share_percent=Decimal("30.00"),
    )
    return grant


def grant_case(reference_data, users):
    grant = _grant(reference_data)
    return Case(
        url=reverse("grants:grant_edit", args=[grant.pk]),
        first={"notes": "Letter received 4 April"},
        second={"amount": "4341877.12"},
        saved=lambda: Grant.objects.values_list("notes", "amount").get(pk=grant.pk),
        first_saved=("Letter received 4 April", Decimal("4341877.11")),
        second_saved=("Letter received 4 April", Decimal("4341877.12")),
        shown="Letter received 4 April",
    )


def conditions_case(reference_data, users):
    grant = _grant(reference_data)
    return Case(
        url=reverse("grants:grant_conditions_edit", args=[grant.pk]),
        first={"qualifying_share_percent": "35.00"},
        second={"match_funding_percent": "25.00"},
        saved=lambda: GrantConditions.objects.values_list("qualifying_share_percent", "match_funding_percent").get(
            grant=grant
        ),
        first_saved=(Decimal("35.00"), Decimal("20.00")),
        second_saved=(Decimal("35.00"), Decimal("25.00")),
        shown="35.00",
    )


def contribution_case(reference_data, users):
    contribution = MatchContribution.objects.create(
        partner=reference_data["orgs"]["police"],
        financial_year=reference_data["years"][2024],
        form=ContributionForm.CASH,
        description="Analyst post",
        value=Decimal("50000.00"),
        status=ContributionStatus.PLEDGED,
    )
    return Case(
        url=reverse("grants:contribution_edit", args=[contribution.pk]),
        first={"status": ContributionStatus.CONFIRMED},
        second={"value": "52000.00"},
        saved=lambda: MatchContribution.objects.values_list("status", "value").get(pk=contribution.pk),
        first_saved=(ContributionStatus.CONFIRMED, Decimal("50000.00")),
        second_saved=(ContributionStatus.CONFIRMED, Decimal("52000.00")),
        shown=str(ContributionStatus.CONFIRMED.label),
    )


def intervention_case(reference_data, users):
    make_intervention(reference_data, ref="leeds-one", name="A&E Navigator")
    return Case(
        url=reverse("interventions:intervention_edit", args=["leeds-one"]),
        first={"name": "A&E Navigator: Leeds"},
        second={"description": "Youth workers in A&E"},
        saved=lambda: Intervention.objects.values_list("name", "description").get(reference="leeds-one"),
        first_saved=("A&E Navigator: Leeds", ""),
        second_saved=("A&E Navigator: Leeds", "Youth workers in A&E"),
        shown="A&amp;E Navigator: Leeds",
    )


def narrative_case(reference_data, users):
    report = report_services.report_create(
        title="Test update",
        meeting_date="2025-04-11",
        financial_year=reference_data["years"][2024],
        up_to_quarter=3,
        by=users["staff"],
    )
    return Case(
        url=reverse("reporting:report_edit", args=[report.pk]),
        first={"cover_purpose": "To update the Panel on Q3."},
        second={"cover_overview": "A quarter of steady delivery."},
        saved=lambda: PanelReport.objects.values_list("cover_purpose", "cover_overview").get(pk=report.pk),
        first_saved=("To update the Panel on Q3.", ""),
        second_saved=("To update the Panel on Q3.", "A quarter of steady delivery."),
        shown="To update the Panel on Q3.",
    )


CASES = [
    shares_case,
    allocation_case,
    grant_case,
    conditions_case,
    contribution_case,
    intervention_case,
    narrative_case,
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("make", CASES, ids=[make.__name__.removesuffix("_case") for make in CASES])
def test_it_refuses_the_second_of_two_saves_and_shows_what_changed(client_for, reference_data, users, make):
    case = make(reference_data, users)
    alice, bob = client_for("staff"), client_for("staff2")
    alices_form = form_values(alice.get(case.url).content.decode())
    bobs_form = form_values(bob.get(case.url).content.decode())
    assert "version" in alices_form, "the form carries the version it was drawn from"

    first = alice.post(case.url, alices_form | case.first)
    assert first.status_code == 302, first.content.decode()[:2000]
    assert case.saved() == case.first_saved

    second = bob.post(case.url, bobs_form | case.second)
    page = second.content.decode()
    assert second.status_code == 409
    assert CONFLICT in page
    assert "staff" in page and "What they changed" in page
    assert case.shown in page, "the first person's change is named"
    assert case.saved() == case.first_saved, "the first save is not lost"
    # What the second person typed is still in the form, now on the current version.
    again = form_values(page)
    assert {name: again[name] for name in case.second} == case.second

    third = bob.post(case.url, again)
    assert third.status_code == 302, third.content.decode()[:2000]
    assert case.saved() == case.second_saved


@pytest.mark.parametrize("make", CASES, ids=[make.__name__.removesuffix("_case") for make in CASES])
def test_it_refuses_a_form_without_its_version(client_for, reference_data, users, make):
    case = make(reference_data, users)
    client = client_for("staff")
    values = form_values(client.get(case.url).content.decode())
    del values["version"]
    response = client.post(case.url, values | case.first)
    assert response.status_code in (200, 400)
    assert "This page is out of date" in response.content.decode()
    assert case.saved() != case.first_saved


def test_it_checks_the_version_in_the_service_under_the_row_lock(reference_data, users):
    """Two saves from the same version, straight to the service: the second is refused
    there, whatever page or script called it, and nothing of it is written."""
    allocation = _allocation(reference_data)
    ids = list(allocation.shares.filter(stream="labour").order_by("position").values_list("pk", flat=True))
    version = SvdAllocation.objects.get(pk=allocation.pk).version  # the version both forms were drawn from
    svd_shares_override(
        allocation=allocation,
        stream="labour",
        amounts=dict(zip(ids, [Decimal("40.00"), Decimal("30.00"), Decimal("30.00")], strict=True)),
        reason="First",
        by=users["staff"],
        version=version,
    )
    with pytest.raises(StaleEdit) as stale:
        svd_shares_override(
            allocation=allocation,
            stream="labour",
            amounts=dict(zip(ids, [Decimal("50.00"), Decimal("25.00"), Decimal("25.00")], strict=True)),
            reason="Second",
            by=users["staff2"],
            version=version,
        )
    assert _labour(allocation) == [Decimal("40.00"), Decimal("30.00"), Decimal("30.00")]
    changes = {(c.line, c.old, c.new) for c in stale.value.changes}
    assert ("Test Police (labour)", Decimal("33.34"), Decimal("40.00")) in changes
    assert stale.value.saved_by == users["staff"]


def test_it_makes_a_page_save_change_the_api_etag(client_for, reference_data, users):
    """Where a model keeps a version for the API, the page raises the same one."""
    make_intervention(reference_data, ref="leeds-one", name="A&E Navigator")
    client = client_for("staff")
    url = reverse("interventions:intervention_edit", args=["leeds-one"])
    before = Intervention.objects.get(reference="leeds-one").version
    values = form_values(client.get(url).content.decode())
    assert values["version"] == str(before)
    assert client.post(url, values | {"name": "Renamed"}).status_code == 302
    assert Intervention.objects.get(reference="leeds-one").version == before + 1

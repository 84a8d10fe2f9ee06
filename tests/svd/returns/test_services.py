from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from interventions.models import OutcomeSource, QuarterlyOutcome
from svd.models import AnnexALine, FundingLine, QuarterlyReturn, ReturnStatus, ReturnTransition
from svd.returns import services

from .helpers import LEEDS_LABOUR, LEEDS_NON_LABOUR, fill


def test_it_opens_a_return_for_every_csp_with_its_shares_and_interventions(q1, interventions):
    leeds = q1["leeds"]
    allocations = {line.funding_line: line.allocation for line in leeds.annex_a_lines.all()}
    assert allocations == {FundingLine.SVD_LABOUR: LEEDS_LABOUR, FundingLine.SVD_NON_LABOUR: LEEDS_NON_LABOUR}
    assert [line.intervention for line in leeds.annex_b_lines.all()] == [interventions["leeds"]]
    assert leeds.status == ReturnStatus.NOT_STARTED


def test_it_opens_a_quarter_only_once(q1):
    services.returns_open_quarter(quarter=q1["quarter"])
    assert QuarterlyReturn.objects.filter(quarter=q1["quarter"]).count() == 2
    assert AnnexALine.objects.filter(quarterly_return=q1["leeds"]).count() == 2
    assert q1["leeds"].annex_b_lines.count() == 1


def test_it_saves_a_draft_and_records_who(q1, users):
    leeds = fill(q1["leeds"], users["leeds"])
    assert leeds.status == ReturnStatus.DRAFT
    assert leeds.version == 2
    assert leeds.last_saved_by == users["leeds"]
    line = leeds.annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR)
    assert line.spend_this_quarter == Decimal("25.50")
    transition = ReturnTransition.objects.get(quarterly_return=leeds)
    assert (transition.from_status, transition.to_status, transition.by) == ("not_started", "draft", users["leeds"])


def test_it_refuses_the_second_of_two_saves_from_the_same_version(q1, users):
    leeds = q1["leeds"]
    line = leeds.annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR)
    services.return_save(
        quarterly_return=leeds,
        version=1,
        by=users["leeds"],
        annex_a={line.pk: {"spend_this_quarter": "10.00", "spend_to_date": "10.00"}},
    )
    with pytest.raises(services.StaleReturn) as refused:
        services.return_save(
            quarterly_return=leeds,
            version=1,
            by=users["staff"],
            annex_a={line.pk: {"spend_this_quarter": "99.00", "spend_to_date": "99.00"}},
        )
    line.refresh_from_db()
    assert line.spend_this_quarter == Decimal("10.00")
    changed = {(c.field, c.new) for c in refused.value.changes}
    assert ("spend this quarter", Decimal("10.00")) in changed
    assert refused.value.saved_by == users["leeds"]


def test_it_refuses_the_other_csps_coordinator(q1, users):
    with pytest.raises(PermissionDenied):
        services.return_save(quarterly_return=q1["leeds"], version=1, by=users["bradford"], annex_a={})
    with pytest.raises(PermissionDenied):
        services.return_submit(quarterly_return=q1["leeds"], by=users["bradford"])


def test_it_submits_only_a_valid_return(q1, users):
    with pytest.raises(services.ReturnInvalid) as invalid:
        services.return_submit(quarterly_return=q1["leeds"], by=users["leeds"])
    assert any("Enter spend this quarter" in p.message for p in invalid.value.problems)
    leeds = fill(q1["leeds"], users["leeds"])
    services.return_submit(quarterly_return=leeds, by=users["leeds"])
    leeds.refresh_from_db()
    assert leeds.status == ReturnStatus.SUBMITTED
    assert leeds.submitted_at and leeds.first_submitted_at
    with pytest.raises(services.ReturnNotEditable):
        services.return_save(quarterly_return=leeds, version=leeds.version, by=users["leeds"], annex_a={})


def test_it_walks_the_whole_workflow_and_feeds_outcomes_on_approval(q1, users, interventions):
    leeds = fill(q1["leeds"], users["leeds"])
    services.return_submit(quarterly_return=leeds, by=users["leeds"])
    with pytest.raises(PermissionDenied):
        services.return_send_back(quarterly_return=leeds, comments="No", by=users["leeds"])
    with pytest.raises(ValidationError):
        services.return_send_back(quarterly_return=leeds, comments=" ", by=users["staff"])
    services.return_send_back(quarterly_return=leeds, comments="Check the narrative.", by=users["staff"])
    leeds.refresh_from_db()
    assert (leeds.status, leeds.reviewer_comments) == (ReturnStatus.RETURNED, "Check the narrative.")
    services.return_submit(quarterly_return=leeds, by=users["leeds"])
    leeds.refresh_from_db()
    assert leeds.status == ReturnStatus.RESUBMITTED
    assert not QuarterlyOutcome.objects.exists()
    with pytest.raises(PermissionDenied):
        services.return_approve(quarterly_return=leeds, by=users["leeds"])
    services.return_approve(quarterly_return=leeds, by=users["staff2"])
    leeds.refresh_from_db()
    assert leeds.status == ReturnStatus.APPROVED and leeds.is_locked
    outcome = QuarterlyOutcome.objects.get(intervention=interventions["leeds"], quarter=q1["quarter"])
    assert (outcome.young_people, outcome.adults, outcome.workforce_trained, outcome.source) == (
        40,
        3,
        2,
        OutcomeSource.ANNEX_B,
    )
    with pytest.raises(services.ReturnNotEditable):
        services.return_save(quarterly_return=leeds, version=leeds.version, by=users["staff"], annex_a={})
    with pytest.raises(ValidationError):
        services.return_reopen(quarterly_return=leeds, reason="", by=users["staff"])
    with pytest.raises(PermissionDenied):
        services.return_reopen(quarterly_return=leeds, reason="Typo", by=users["leeds"])
    services.return_reopen(quarterly_return=leeds, reason="Spend this quarter was mistyped.", by=users["staff"])
    leeds.refresh_from_db()
    assert leeds.is_editable
    steps = list(
        ReturnTransition.objects.filter(quarterly_return=leeds).values_list("to_status", "by__username", "comment")
    )
    assert steps == [
        ("draft", "leeds", ""),
        ("submitted", "leeds", ""),
        ("returned", "staff", "Check the narrative."),
        ("resubmitted", "leeds", ""),
        ("approved", "staff2", ""),
        ("returned", "staff", "Spend this quarter was mistyped."),
    ]


def test_it_checks_spend_to_date_against_the_previous_approved_quarter(q1, users, reference_data):
    from partnership.models import Quarter

    leeds = fill(q1["leeds"], users["leeds"])
    services.return_submit(quarterly_return=leeds, by=users["leeds"])
    services.return_approve(quarterly_return=leeds, by=users["staff"])
    q2 = Quarter.objects.get(financial_year=reference_data["years"][2025], number=2)
    services.returns_open_quarter(quarter=q2)
    leeds_q2 = QuarterlyReturn.objects.get(quarter=q2, csp=leeds.csp)
    line = leeds_q2.annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR)
    with pytest.raises(services.ReturnInvalid) as invalid:
        services.return_save(
            quarterly_return=leeds_q2,
            version=1,
            by=users["leeds"],
            annex_a={line.pk: {"spend_this_quarter": "10.00", "spend_to_date": "10.00"}},
        )
    assert invalid.value.problems[0].text == (
        "Spend to date must be £35.50: £25.50 reported up to the previous approved quarter"
        " plus £10.00 spent this quarter"
    )
    services.return_save(
        quarterly_return=leeds_q2,
        version=1,
        by=users["leeds"],
        annex_a={line.pk: {"spend_this_quarter": "10.00", "spend_to_date": "35.50"}},
    )


def test_it_adds_a_free_text_activity(q1, users):
    line = services.activity_add(quarterly_return=q1["leeds"], name="Knife crime assemblies", by=users["leeds"])
    assert line.name == "Knife crime assemblies"
    with pytest.raises(PermissionDenied):
        services.activity_add(quarterly_return=q1["leeds"], name="Sneaky", by=users["bradford"])


def test_it_refreshes_allocations_of_open_returns_but_not_approved_ones(q1, users, shares):
    from svd.models import SvdShare

    leeds = fill(q1["leeds"], users["leeds"])
    services.return_submit(quarterly_return=leeds, by=users["leeds"])
    services.return_approve(quarterly_return=leeds, by=users["staff"])
    SvdShare.objects.filter(recipient__ref__in=["csp-leeds", "csp-bradford"], stream="labour").update(
        amount=Decimal("150.00")
    )
    services.returns_open_quarter(quarter=q1["quarter"])
    assert leeds.annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR).allocation == LEEDS_LABOUR
    assert q1["bradford"].annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR).allocation == Decimal("150.00")


def test_it_shows_returns_in_the_admin_read_only(q1, client_for):
    client = client_for("admin")
    assert client.get("/admin/svd/quarterlyreturn/").status_code == 200
    page = client.get(f"/admin/svd/quarterlyreturn/{q1['leeds'].pk}/change/")
    assert page.status_code == 200 and b'name="status"' not in page.content
    assert client.get("/admin/svd/quarterlyreturn/add/").status_code == 403


def test_it_gives_an_open_return_a_new_version_only_when_reopening_the_quarter_changes_its_lines(q1, reference_data):
    from interventions.models import Intervention, InterventionStatus

    services.returns_open_quarter(quarter=q1["quarter"])
    unchanged = QuarterlyReturn.objects.get(pk=q1["leeds"].pk).version
    newly_live = Intervention.objects.create(
        reference="mentoring-leeds",
        name="Mentoring Leeds",
        provider=q1["leeds"].annex_b_lines.get().intervention.provider,
        status=InterventionStatus.LIVE,
    )
    newly_live.districts.add(reference_data["districts"]["leeds"])

    services.returns_open_quarter(quarter=q1["quarter"])

    leeds, bradford = (QuarterlyReturn.objects.get(pk=q1[k].pk) for k in ("leeds", "bradford"))
    assert unchanged == q1["leeds"].version
    assert leeds.version == unchanged + 1
    assert bradford.version == q1["bradford"].version
    assert leeds.annex_b_lines.filter(intervention=newly_live).exists()

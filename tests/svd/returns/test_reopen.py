"""Reopening an approved return takes its Annex B counts out of the register until
it is approved again (docs/decisions/0301)."""

from interventions.models import OutcomeSource, QuarterlyOutcome
from interventions.services import outcome_record
from svd.models import AnnexBLine
from svd.returns import services
from tests.svd.returns.helpers import fill


def _approve(quarterly_return, users, coordinator):
    fill(quarterly_return, users[coordinator])
    services.return_submit(quarterly_return=quarterly_return, by=users[coordinator])
    return services.return_approve(quarterly_return=quarterly_return, by=users["staff"])


def _counts(intervention, quarter):
    outcome = QuarterlyOutcome.objects.filter(intervention=intervention, quarter=quarter).first()
    return None if outcome is None else (outcome.young_people, outcome.adults, outcome.workforce_trained)


def test_reopening_withdraws_the_outcomes_only_its_approval_fed_and_approval_feeds_them_again(q1, users, interventions):
    leeds = _approve(q1["leeds"], users, "leeds")
    assert _counts(interventions["leeds"], q1["quarter"]) == (40, 3, 2)

    services.return_reopen(quarterly_return=leeds, reason="Young people were double counted.", by=users["staff"])
    assert _counts(interventions["leeds"], q1["quarter"]) is None
    assert QuarterlyOutcome.history.filter(history_type="-", history_user=users["staff"]).count() == 1

    leeds.refresh_from_db()
    line = leeds.annex_b_lines.get()
    a, b = {}, {line.pk: {"young_people": "35"}}
    services.return_save(quarterly_return=leeds, version=leeds.version, by=users["leeds"], annex_a=a, annex_b=b)
    services.return_submit(quarterly_return=leeds, by=users["leeds"])
    services.return_approve(quarterly_return=leeds, by=users["staff"])
    assert _counts(interventions["leeds"], q1["quarter"]) == (35, 3, 2)


def test_reopening_one_csps_return_leaves_the_other_csps_counts_of_a_shared_intervention(q1, users, interventions):
    AnnexBLine.objects.create(quarterly_return=q1["bradford"], intervention=interventions["leeds"])
    leeds = _approve(q1["leeds"], users, "leeds")
    _approve(q1["bradford"], users, "bradford")
    assert _counts(interventions["leeds"], q1["quarter"]) == (80, 6, 4)  # both CSPs' lines

    services.return_reopen(quarterly_return=leeds, reason="Wrong quarter.", by=users["staff"])

    assert _counts(interventions["leeds"], q1["quarter"]) == (40, 3, 2)  # Bradford's approved line alone
    assert _counts(interventions["bradford"], q1["quarter"]) == (40, 3, 2)


def test_reopening_leaves_an_outcome_a_person_typed_since_the_approval(q1, users, interventions):
    leeds = _approve(q1["leeds"], users, "leeds")
    outcome_record(
        intervention=interventions["leeds"],
        quarter=q1["quarter"],
        young_people=41,
        adults=3,
        workforce_trained=2,
        source=OutcomeSource.ENTERED,
        by=users["staff"],
    )

    services.return_reopen(quarterly_return=leeds, reason="Narrative to add.", by=users["staff"])

    assert _counts(interventions["leeds"], q1["quarter"]) == (41, 3, 2)


def test_the_spend_page_lists_each_csps_lines_in_a_fixed_number_of_queries(client_for, q1, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = client_for("staff")
    url = reverse("svd:spend_to_date") + "?year=2025"
    _approve(q1["leeds"], users, "leeds")
    with CaptureQueriesContext(connection) as one:
        page = client.get(url).content.decode()
    assert "£51.00" in page and page.count("No approved return") == 2  # Bradford's two lines
    _approve(q1["bradford"], users, "bradford")
    with CaptureQueriesContext(connection) as two:
        page = client.get(url).content.decode()
    assert "£102.00" in page and "No approved return" not in page
    # session, user, partnership, the years, CSPs, shares, approved lines, saving the session (3)
    assert len(one) == len(two) == 10, [q["sql"] for q in two.captured_queries]
    assert client_for("leeds").get(url).status_code == 403

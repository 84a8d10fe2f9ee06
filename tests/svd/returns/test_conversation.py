"""The conversation kept with a return, what changed since the last submission,
the value history page, and the confirmation pages around Submit and Approve."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from partnership.models import Role, User
from svd.models import FundingLine, ReturnStatus
from svd.returns import conversation, history, services
from svd.returns.models import ReturnComment
from tests.svd.returns.helpers import fill


@pytest.fixture
def returned(q1, users):
    """Leeds's return submitted, then returned with the reviewer's comments."""
    leeds = fill(q1["leeds"], users["leeds"])
    services.return_submit(quarterly_return=leeds, by=users["leeds"])
    services.return_send_back(quarterly_return=leeds, comments="Why is labour spend so low?", by=users["staff"])
    leeds.refresh_from_db()
    return leeds


def detail(client, quarterly_return):
    return client.get(reverse("svd:return_detail", args=[quarterly_return.pk])).content.decode()


def test_it_lets_the_coordinator_answer_the_reviewer_in_a_thread_kept_with_the_return(client_for, returned):
    response = client_for("leeds").post(
        reverse("svd:return_reply", args=[returned.pk]), {"body": "Recruitment was delayed; the post starts in July."}
    )
    assert response.status_code == 302
    page = detail(client_for("staff"), returned)
    thread = page[page.index('id="conversation"') :]
    assert thread.index("Why is labour spend so low?") < thread.index("Recruitment was delayed")
    comment = ReturnComment.objects.get()
    assert comment.by.username == "leeds"
    assert comment.history.get().history_user.username == "leeds"  # audited


def test_it_keeps_a_blank_reply_out_and_says_why_next_to_the_box(client_for, returned):
    response = client_for("leeds").post(reverse("svd:return_reply", args=[returned.pk]), {"body": "   "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#id_body"' in page and "Enter your reply" in page
    assert not ReturnComment.objects.exists()


def test_it_keeps_the_thread_from_the_other_csp(client_for, returned):
    response = client_for("bradford").post(reverse("svd:return_reply", args=[returned.pk]), {"body": "Hello"})
    assert response.status_code == 404
    assert not ReturnComment.objects.exists()


def test_it_refuses_a_reply_from_a_panel_member_in_the_service(returned, users):
    with pytest.raises(PermissionDenied):
        conversation.comment_add(quarterly_return=returned, body="Hello", by=users["panel"])
    assert not ReturnComment.objects.exists()


def test_it_shows_the_reviewer_what_changed_since_the_last_submission_field_by_field(client_for, returned, users):
    line = returned.annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR)
    b_line = returned.annex_b_lines.get()
    services.return_save(
        quarterly_return=returned,
        version=returned.version,
        by=users["leeds"],
        annex_a={line.pk: {"spend_this_quarter": "40.00"}},
        annex_b={b_line.pk: {"progress": "at_risk", "risks_and_issues": "Staff sickness."}},
    )
    services.return_submit(quarterly_return=returned, by=users["leeds"])
    page = detail(client_for("staff"), returned)
    changed = page[page.index('id="changed"') : page.index("Annex A: financial return</h2>")]
    rows = {
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in re.findall(r"<tr.*?</tr>", changed, re.S)
    }
    assert "Annex A: SVD labour share Spend this quarter £25.50 £40.00" in rows
    assert "Annex A: SVD labour share Spend to date £25.50 £40.00" in rows
    assert "Annex B: A&amp;E Navigator Leeds Progress On track At risk" in rows
    assert not any("non-labour" in row for row in rows)  # unchanged lines are not listed


def test_it_says_nothing_changed_when_resubmitted_as_it_was(client_for, returned, users):
    services.return_submit(quarterly_return=returned, by=users["leeds"])
    assert "Nothing has changed since the last submission." in detail(client_for("staff"), returned)


def test_it_highlights_an_overspend(client_for, q1, users):
    leeds = q1["leeds"]
    line = leeds.annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR)  # allocation £100.00
    services.return_save(
        quarterly_return=leeds,
        version=leeds.version,
        by=users["leeds"],
        annex_a={line.pk: {"spend_this_quarter": "150.00", "explanation": "Two posts."}},
    )
    page = detail(client_for("staff"), leeds)
    assert re.search(r'portal-overspend">£150.00 <strong class="govuk-tag govuk-tag--red">Overspent</strong>', page)


def test_it_asks_before_approving_and_approves_only_when_confirmed(client_for, q1, users):
    leeds = fill(q1["leeds"], users["leeds"])
    services.return_submit(quarterly_return=leeds, by=users["leeds"])
    staff = client_for("staff")
    page = staff.get(reverse("svd:return_approve", args=[leeds.pk])).content.decode()
    assert "Are you sure you want to approve this return?" in page and "Yes, approve and lock the return" in page
    leeds.refresh_from_db()
    assert leeds.status == ReturnStatus.SUBMITTED
    assert staff.post(reverse("svd:return_approve", args=[leeds.pk])).status_code == 302
    leeds.refresh_from_db()
    assert leeds.status == ReturnStatus.APPROVED


def test_it_confirms_a_submission_with_the_ways_on(client_for, q1, users):
    leeds = fill(q1["leeds"], users["leeds"])
    client = client_for("leeds")
    response = client.post(reverse("svd:return_check", args=[leeds.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("svd:return_submitted", args=[leeds.pk])
    page = response.content.decode()
    assert "govuk-panel--confirmation" in page and "Return submitted" in page
    for url in (reverse("svd:return_detail", args=[leeds.pk]), reverse("svd:return_list"), reverse("home")):
        assert f'href="{url}"' in page


def test_it_shows_the_value_history_in_human_terms_filtered_and_a_page_at_a_time(client_for, q1, users):
    leeds = fill(q1["leeds"], users["leeds"])
    users["leeds"].first_name, users["leeds"].last_name = "Sam", "Okafor"
    users["leeds"].save()
    b_line = leeds.annex_b_lines.get()
    services.return_save(
        quarterly_return=leeds,
        version=leeds.version,
        by=users["staff"],
        annex_b={b_line.pk: {"progress": "at_risk", "risks_and_issues": "Staff sickness."}},
    )
    client = client_for("leeds")
    url = reverse("svd:return_history", args=[leeds.pk])
    page = client.get(url).content.decode()
    assert "Sam Okafor" in page and "£25.50" in page and "At risk" in page
    assert "at_risk" not in page.replace('value="at_risk"', "")
    assert not re.search(r"\d{1,2}:\d\d ?[ap]\.?m", page)  # 24-hour times
    only_b = client.get(url, {"annex": "b", "person": "staff"}).content.decode()
    assert "At risk" in only_b and "£25.50" not in only_b
    # 2 Annex A lines x 3 money fields and 1 Annex B line x 6 fields, first saved by Sam: over one page of 25?
    for n in range(30):
        leeds.refresh_from_db()
        services.return_save(
            quarterly_return=leeds,
            version=leeds.version,
            by=users["leeds"],
            annex_b={b_line.pk: {"narrative": f"Week {n}"}},
        )
    page = client.get(url).content.decode()
    assert "Page 1 of 2" in page and 'rel="next"' in page
    second = client.get(url, {"person": "Sam Okafor", "page": 2}).content.decode()
    assert "Page 2 of 2" in second and "person=Sam+Okafor&amp;page=1" in second


def test_it_lists_the_newest_save_first_and_each_save_in_the_returns_order(q1, users):
    leeds = fill(q1["leeds"], users["leeds"])  # one save: both annexes
    b_line = leeds.annex_b_lines.get()
    services.return_save(
        quarterly_return=leeds, version=leeds.version, by=users["staff"], annex_b={b_line.pk: {"narrative": "Later."}}
    )
    changes = history.value_history(leeds)
    assert (changes[0].annex, changes[0].new) == ("b", "Later.")
    first_save = [c.annex for c in changes[1:]]
    assert first_save == sorted(first_save)  # Annex A's lines, then Annex B's, though B's were written last
    money = [(c.line, c.key) for c in changes[1:] if c.annex == "a"]
    fields = ("spend_this_quarter", "spend_to_date", "forecast_to_year_end")
    assert money[:3] == [("SVD labour share", field) for field in fields]


def test_it_lets_a_colleague_of_the_same_csp_join_the_conversation(returned, reference_data):
    colleague = User.objects.create_user(
        username="leeds-2", password="correct-horse-battery", role=Role.CSP_COORDINATOR, csp=returned.csp
    )
    comment = conversation.comment_add(
        quarterly_return=returned, body="Adding to that: the post is filled.", by=colleague
    )
    assert [m.body for m in conversation.thread(returned)][-1] == comment.body


def test_it_pins_the_queries_of_the_value_history(client_for, q1, users, django_assert_num_queries):
    leeds = fill(q1["leeds"], users["leeds"])
    client = client_for("leeds")
    url = reverse("svd:return_history", args=[leeds.pk])
    client.get(url)
    # session, user, the coordinator's CSPs (User.coordinated_csps, once a request: whose
    # return this is, and the page header), partnership (page header); the return with its
    # CSP, quarter and last saver, then its Annex A lines, Annex B lines, transitions; the
    # Annex B names, Annex A history, Annex B history; then the session's save: savepoint,
    # update, release.
    with django_assert_num_queries(15):
        client.get(url)
    for n in range(3):
        leeds.refresh_from_db()
        services.return_save(
            quarterly_return=leeds,
            version=leeds.version,
            by=users["staff"],
            annex_b={leeds.annex_b_lines.get().pk: {"narrative": f"{n}"}},
        )
    with django_assert_num_queries(15):
        client.get(url)

"""Every change made on the return pages raises the return's version, which is
the API's ETag: an API client that read the return before the change is
refused (412) and changes nothing, whichever page made it."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from svd.models import AnnexBLine, FundingLine, ReturnStatus
from svd.returns import services

from .helpers import fill


def _draft(q1, users):
    return q1["leeds"]


def _filled(q1, users):
    return fill(q1["leeds"], users["leeds"])


def _with_activity(q1, users):
    services.activity_add(quarterly_return=q1["leeds"], name="Knife crime assemblies", by=users["leeds"])
    return q1["leeds"]


def _submitted(q1, users):
    leeds = _filled(q1, users)
    return services.return_submit(quarterly_return=leeds, by=users["leeds"])


def _approved(q1, users):
    return services.return_approve(quarterly_return=_submitted(q1, users), by=users["staff"])


def _save_annex_a(pages, leeds):
    line = leeds.annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR)
    data = {"version": leeds.version, f"a-{line.pk}-spend_this_quarter": "10.00", f"a-{line.pk}-spend_to_date": "10.00"}
    return pages("leeds").post(reverse("svd:annex_a_edit", args=[leeds.pk]), data)


def _add_activity(pages, leeds):
    return pages("leeds").post(reverse("svd:activity_add", args=[leeds.pk]), {"name": "Detached youth work"})


def _remove_activity(pages, leeds):
    line = AnnexBLine.objects.get(quarterly_return=leeds, intervention__isnull=True)
    return pages("leeds").post(reverse("svd:activity_remove", args=[leeds.pk, line.pk]))


def _submit(pages, leeds):
    return pages("leeds").post(reverse("svd:return_check", args=[leeds.pk]))


def _send_back(pages, leeds):
    return pages("staff").post(reverse("svd:return_send_back", args=[leeds.pk]), {"comments": "Add a narrative."})


def _approve(pages, leeds):
    return pages("staff").post(reverse("svd:return_approve", args=[leeds.pk]))


def _reopen(pages, leeds):
    return pages("staff").post(reverse("svd:return_reopen", args=[leeds.pk]), {"reason": "Typo in spend."})


PAGE_CHANGES = [
    pytest.param(_draft, _save_annex_a, ReturnStatus.DRAFT, id="save-annex-a"),
    pytest.param(_draft, _add_activity, ReturnStatus.NOT_STARTED, id="add-activity"),
    pytest.param(_with_activity, _remove_activity, ReturnStatus.NOT_STARTED, id="remove-activity"),
    pytest.param(_filled, _submit, ReturnStatus.SUBMITTED, id="submit"),
    pytest.param(_submitted, _send_back, ReturnStatus.RETURNED, id="return-for-changes"),
    pytest.param(_submitted, _approve, ReturnStatus.APPROVED, id="approve"),
    pytest.param(_approved, _reopen, ReturnStatus.RETURNED, id="reopen"),
]


@pytest.mark.parametrize("prepare, change, status_after", PAGE_CHANGES)
def test_it_refuses_an_api_client_whose_etag_predates_a_change_made_on_the_pages(
    client_for, users, q1, prepare, change, status_after
):
    leeds = prepare(q1, users)
    api = APIClient()
    api.force_authenticate(users["staff"])
    url = f"/api/v1/returns/{leeds.pk}/"
    read = api.get(url)

    assert change(client_for, leeds).status_code == 302
    leeds.refresh_from_db()
    assert leeds.status == status_after

    stale = api.post(f"{url}submit/", HTTP_IF_MATCH=read["ETag"])
    assert stale.status_code == 412 and stale.json()["code"] == "precondition_failed"
    assert api.get(url)["ETag"] != read["ETag"]
    unchanged = leeds.version
    leeds.refresh_from_db()
    assert (leeds.status, leeds.version) == (status_after, unchanged)

"""News on a real worker through Redis: a coordinator submits, staff are e-mailed;
staff return it with comments and approve it, the coordinator is e-mailed; each
message once, read back from the worker's file e-mail backend."""

import pytest

from partnership.models import Notification
from svd.returns import services
from tests.svd.returns.helpers import fill

pytestmark = pytest.mark.worker


def test_it_e_mails_each_workflow_step_through_a_real_worker(celery_worker, q1, users):
    for name in ("staff", "staff2", "leeds", "bradford"):
        users[name].email = f"{name}@example.org"
        users[name].save()

    def sent(n):  # one step at a time: SQLite lets one writer in at once
        celery_worker.wait_for(lambda: len(celery_worker.sent_emails()) >= n, message=f"{n} notification e-mails")

    submitted = services.return_submit(quarterly_return=fill(q1["leeds"], users["leeds"]), by=users["leeds"])
    sent(2)
    returned = services.return_send_back(
        quarterly_return=submitted, comments="Explain the forecast on line 2.", by=users["staff"]
    )
    sent(3)
    resubmitted = services.return_submit(quarterly_return=returned, by=users["leeds"])
    sent(5)
    services.return_approve(quarterly_return=resubmitted, by=users["staff"])
    sent(6)

    sent = sorted((m["To"], m["Subject"]) for m in celery_worker.sent_emails())
    assert sent == [
        ("leeds@example.org", "Your Q1 2025/26 return is approved"),
        ("leeds@example.org", "Your Q1 2025/26 return needs changes"),
        ("staff2@example.org", "Safer Leeds resubmitted its Q1 2025/26 return"),
        ("staff2@example.org", "Safer Leeds submitted its Q1 2025/26 return"),
        ("staff@example.org", "Safer Leeds resubmitted its Q1 2025/26 return"),
        ("staff@example.org", "Safer Leeds submitted its Q1 2025/26 return"),
    ]
    returned_mail = next(m for m in celery_worker.sent_emails() if "needs changes" in m["Subject"])
    assert "Explain the forecast on line 2." in returned_mail.get_content()
    assert "bradford@example.org" not in {m["To"] for m in celery_worker.sent_emails()}
    assert not Notification.objects.filter(email_wanted=True, emailed_at=None).exists()

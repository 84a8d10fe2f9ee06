"""Who hears about a return's workflow step: staff when it is submitted or
resubmitted, the CSP's coordinators when it is returned or approved. Called by
the transition services inside their transaction (partnership.notifications)."""

from django.urls import reverse

from partnership import notifications
from partnership.models import NotificationKind

from ..models import ReturnStatus

KIND_FOR_STATUS = {
    ReturnStatus.SUBMITTED: NotificationKind.RETURN_SUBMITTED,
    ReturnStatus.RESUBMITTED: NotificationKind.RETURN_RESUBMITTED,
    ReturnStatus.RETURNED: NotificationKind.RETURN_RETURNED,
    ReturnStatus.APPROVED: NotificationKind.RETURN_APPROVED,
}
TO_STAFF = {ReturnStatus.SUBMITTED, ReturnStatus.RESUBMITTED}


def return_news(quarterly_return, *, comments: str = "") -> None:
    status = quarterly_return.status
    if status in TO_STAFF:
        users = notifications.staff_recipients()
    else:
        users = notifications.coordinators_of(quarterly_return.csp_id)
    notifications.notify(
        users=users,
        kind=KIND_FOR_STATUS[status],
        context={
            "csp": quarterly_return.csp.name,
            "quarter": quarterly_return.quarter.label,
            "comments": comments,
        },
        path=reverse("svd:return_detail", args=[quarterly_return.pk]),
    )

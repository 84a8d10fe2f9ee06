"""Staff chase an overdue return from their home page: one reminder, recorded."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from partnership.access import staff_required

from . import reminders, selectors


@staff_required
@require_POST
def return_chase(request, pk):
    quarterly_return = selectors.return_with_lines(request.user, pk)
    name = f"{quarterly_return.csp.name}'s {quarterly_return.quarter.label} return"
    try:
        chased = reminders.return_chase(quarterly_return=quarterly_return, by=request.user, today=timezone.localdate())
    except reminders.NotOverdue as error:
        messages.info(request, str(error))
    else:
        if chased:
            messages.success(request, f"Reminder sent to the coordinators for {name}.")
        else:
            messages.info(request, f"{name} was already chased today, so no second reminder was sent.")
    return redirect("home")

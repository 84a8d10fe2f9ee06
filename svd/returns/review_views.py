"""The reviewer's side of a quarterly return, and the conversation about it:
return for changes, approve (after a confirmation page: it locks the return),
reopen, and replies in the thread kept with the return."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from partnership.access import role_required, staff_required
from partnership.models import Role

from . import conversation, forms, selectors, services
from .models import AWAITING_REVIEW_STATUSES
from .views import return_detail_page

returns_users = role_required(Role.VRP_STAFF, Role.CSP_COORDINATOR)


@staff_required
def return_send_back(request, pk):
    quarterly_return = selectors.return_with_lines(request.user, pk)
    form = forms.ReturnForChangesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_send_back(
                quarterly_return=quarterly_return, comments=form.cleaned_data["comments"], by=request.user
            )
        except services.WrongState as error:
            messages.info(request, str(error))
        else:
            messages.success(request, "Return sent back to the coordinator for changes.")
        return redirect("svd:return_detail", pk=pk)
    return render(
        request, "svd/returns/action_form.html", {"r": quarterly_return, "form": form, "heading": "Return for changes"}
    )


@staff_required
def return_approve(request, pk):
    """A confirmation page first (GOV.UK's pattern for an action that cannot be
    undone by the person taking it): approving locks the return and feeds its
    Annex B counts into the intervention register."""
    quarterly_return = selectors.return_with_lines(request.user, pk)
    if request.method == "POST":
        try:
            services.return_approve(quarterly_return=quarterly_return, by=request.user)
        except services.WrongState as error:
            messages.info(request, str(error))
        else:
            messages.success(request, "Return approved. It is now locked.")
        return redirect("svd:return_detail", pk=pk)
    if quarterly_return.status not in AWAITING_REVIEW_STATUSES:
        messages.info(request, "Only a submitted return can be approved.")
        return redirect("svd:return_detail", pk=pk)
    return render(request, "svd/returns/approve_confirm.html", {"r": quarterly_return})


@staff_required
def return_reopen(request, pk):
    quarterly_return = selectors.return_with_lines(request.user, pk)
    form = forms.ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_reopen(
                quarterly_return=quarterly_return, reason=form.cleaned_data["reason"], by=request.user
            )
        except (services.WrongState, ValidationError) as error:
            messages.info(request, str(error))
        else:
            messages.success(request, "Return reopened. The coordinator can change it and submit it again.")
        return redirect("svd:return_detail", pk=pk)
    return render(
        request, "svd/returns/action_form.html", {"r": quarterly_return, "form": form, "heading": "Reopen return"}
    )


@returns_users
@require_POST
def return_reply(request, pk):
    """A message in the return's conversation. On an error the return page is
    shown again with the message next to the box."""
    quarterly_return = selectors.return_with_lines(request.user, pk)
    form = forms.ReplyForm(request.POST)
    if form.is_valid():
        try:
            conversation.comment_add(quarterly_return=quarterly_return, body=form.cleaned_data["body"], by=request.user)
        except ValidationError as error:
            form.add_error("body", error.message_dict.get("body", error.messages))
        else:
            messages.success(request, "Reply sent. It is kept with the return, for the VRP team and your CSP.")
            return redirect(reverse("svd:return_detail", args=[pk]) + "#conversation")
    return return_detail_page(request, quarterly_return, reply_form=form, status=400)

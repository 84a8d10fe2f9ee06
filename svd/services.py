"""Writes for SVD allocations: the equal split and overrides."""
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from partnership.money import split_equally

from .models import Stream, SvdAllocation, SvdShare


@transaction.atomic
def svd_allocation_split(*, allocation: SvdAllocation) -> list[SvdShare]:
    """Split each stream equally among the allocation's recipients, in their stated order.

    The shares add up exactly to each amount: leftover pennies go one each to the
    first recipients (partnership.money.split_equally). Re-splitting replaces
    every share, overrides included.
    """
    allocation = SvdAllocation.objects.select_for_update().get(pk=allocation.pk)
    recipients = list(allocation.recipients.order_by("position"))
    if not recipients:
        raise ValueError("Name the recipients before splitting the allocation.")
    allocation.shares.all().delete()
    shares = []
    for stream in Stream:
        amounts = split_equally(allocation.amount_for(stream), len(recipients))
        for recipient, amount in zip(recipients, amounts):
            shares.append(
                SvdShare(
                    allocation=allocation,
                    recipient=recipient.organisation,
                    stream=stream,
                    position=recipient.position,
                    amount=amount,
                )
            )
    return bulk_create_with_history(shares, SvdShare)

"""Writes for SVD allocations: the equal split and overrides."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from partnership.money import ZERO, format_gbp, is_whole_pennies, split_equally

from .models import Stream, SvdAllocation, SvdRecipient, SvdShare


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
        for recipient, amount in zip(recipients, amounts, strict=True):
            shares.append(
                SvdShare(
                    allocation=allocation,
                    recipient_id=recipient.organisation_id,
                    stream=stream,
                    position=recipient.position,
                    amount=amount,
                )
            )
    return bulk_create_with_history(shares, SvdShare)


@transaction.atomic
def svd_shares_override(*, allocation: SvdAllocation, stream: str, amounts: dict, reason: str, by) -> list[SvdShare]:
    """Set one stream's shares by hand. `amounts` maps share id to its new amount.

    The rule: a reason is required, every share that changes is marked as an
    override with the reason, who and when, and the stream's shares must still
    add up exactly to the stream's amount. Nothing is saved if any check fails.
    Locked, so two staff overriding at once cannot leave a sum that is wrong.
    """
    allocation = SvdAllocation.objects.select_for_update().get(pk=allocation.pk)
    shares = {s.pk: s for s in allocation.shares.select_for_update().filter(stream=stream).order_by("position")}
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for changing the shares"})
    if set(amounts) != set(shares):
        raise ValidationError("Give an amount for every recipient's share.")
    for pk, amount in amounts.items():
        if not isinstance(amount, Decimal) or amount < 0 or not is_whole_pennies(amount):
            raise ValidationError({f"share_{pk}": "Enter an amount of £0.00 or more, to the penny"})
    expected = allocation.amount_for(stream)
    total = sum(amounts.values(), ZERO)
    if total != expected:
        raise ValidationError(
            f"The shares add up to {format_gbp(total)} but the {Stream(stream).label.lower()} amount is "
            f"{format_gbp(expected)}: they must add up exactly ({format_gbp(abs(expected - total))} "
            f"{'too much' if total > expected else 'short'})."
        )
    now = timezone.now()
    changed = []
    for pk, share in shares.items():
        if share.amount == amounts[pk]:
            continue
        share.amount = amounts[pk]
        share.is_override = True
        share.override_reason = reason
        share.overridden_by = by
        share.overridden_at = now
        share._history_user = by
        share.full_clean()
        share.save()
        changed.append(share)
    if not changed:
        raise ValidationError("None of the amounts changed.")
    return changed


@transaction.atomic
def svd_recipient_add(*, allocation: SvdAllocation, organisation, by) -> SvdRecipient:
    """Add a recipient at the end of the stated order. The shares are not re-split
    until staff ask, so an issued split never changes by accident."""
    allocation = SvdAllocation.objects.select_for_update().get(pk=allocation.pk)
    last = allocation.recipients.order_by("-position").values_list("position", flat=True).first() or 0
    recipient = SvdRecipient(allocation=allocation, organisation=organisation, position=last + 1)
    recipient.full_clean()
    recipient._history_user = by
    recipient.save()
    return recipient


@transaction.atomic
def svd_recipient_remove(*, recipient: SvdRecipient, by) -> None:
    SvdAllocation.objects.select_for_update().get(pk=recipient.allocation_id)
    recipient._history_user = by
    recipient.delete()


@transaction.atomic
def svd_allocation_save(*, allocation: SvdAllocation, by) -> SvdAllocation:
    allocation.full_clean()
    allocation._history_user = by
    allocation.save()
    return allocation

"""Writes for SVD allocations: the equal split and overrides."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from partnership.edit_conflicts import Change, lock_for_edit, related_changes
from partnership.models import Organisation, User
from partnership.money import ZERO, format_gbp, is_whole_pennies, split_equally

from .models import Stream, SvdAllocation, SvdRecipient, SvdShare


def _share_changes(stream: str | None = None) -> Callable[[SvdAllocation, datetime | None], list[Change]]:
    """What changed in the shares (of one stream, or all) since a moment."""

    def changes(allocation: SvdAllocation, since: datetime | None) -> list[Change]:
        shares = allocation.shares.select_related("recipient").order_by("stream", "position")
        if stream is not None:
            shares = shares.filter(stream=stream)
        return related_changes(
            SvdShare,
            shares,
            since,
            line=lambda share: f"{share.recipient.name} ({share.get_stream_display().lower()})",
            fields=["amount"],
        )

    return changes


def _locked(allocation: SvdAllocation, version: int | None, stream: str | None = None) -> SvdAllocation:
    """The allocation, locked; StaleEdit if it changed since `version` (None: no check)."""
    return lock_for_edit(
        SvdAllocation.objects,
        pk=allocation.pk,
        version=version,
        what="this allocation",
        related=_share_changes(stream),
    )


def _changed(allocation: SvdAllocation, by: User | None) -> None:
    """A new version after a change to the allocation's recipients or shares. Saved
    last, so its history record marks the moment after the shares were written."""
    allocation.version += 1
    allocation._history_user = by
    allocation.save(update_fields=["version"])


@transaction.atomic
def svd_allocation_split(
    *, allocation: SvdAllocation, by: User | None = None, version: int | None = None
) -> list[SvdShare]:
    """Split each stream equally among the allocation's recipients, in their stated order.

    The shares add up exactly to each amount: leftover pennies go one each to the
    first recipients (partnership.money.split_equally). Re-splitting replaces
    every share, overrides included.
    """
    allocation = _locked(allocation, version)
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
    shares = bulk_create_with_history(shares, SvdShare, default_user=by)
    _changed(allocation, by)
    return shares


@transaction.atomic
def svd_shares_override(
    *, allocation: SvdAllocation, stream: str, amounts: dict, reason: str, by: User, version: int | None = None
) -> list[SvdShare]:
    """Set one stream's shares by hand. `amounts` maps share id to its new amount.

    The rule: a reason is required, every share that changes is marked as an
    override with the reason, who and when, and the stream's shares must still
    add up exactly to the stream's amount. Nothing is saved if any check fails.
    Locked, so two staff overriding at once cannot leave a sum that is wrong, and
    checked against `version`, the one the form was drawn from: a save over
    someone else's is refused (StaleEdit, with what they changed).
    """
    allocation = _locked(allocation, version, stream)
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
    _changed(allocation, by)
    return changed


@transaction.atomic
def svd_recipient_add(*, allocation: SvdAllocation, organisation: Organisation, by: User) -> SvdRecipient:
    """Add a recipient at the end of the stated order. The shares are not re-split
    until staff ask, so an issued split never changes by accident."""
    allocation = _locked(allocation, None)
    last = allocation.recipients.order_by("-position").values_list("position", flat=True).first() or 0
    recipient = SvdRecipient(allocation=allocation, organisation=organisation, position=last + 1)
    recipient.full_clean()
    recipient._history_user = by
    recipient.save()
    _changed(allocation, by)
    return recipient


@transaction.atomic
def svd_recipient_remove(*, recipient: SvdRecipient, by: User) -> None:
    allocation = SvdAllocation.objects.select_for_update().get(pk=recipient.allocation_id)
    recipient._history_user = by
    recipient.delete()
    _changed(allocation, by)


@transaction.atomic
def svd_allocation_save(*, allocation: SvdAllocation, by: User, version: int | None = None) -> SvdAllocation:
    """Save the allocation's details; a change made since `version` is refused (StaleEdit)."""
    if allocation.pk:
        allocation.version = _locked(allocation, version).version + 1
    allocation.full_clean()
    allocation._history_user = by
    allocation.save()
    return allocation

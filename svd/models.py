"""Serious Violence Duty money: allocations per period and the equal shares.

The quarterly returns' models live with the rest of that feature in svd/returns/;
they are imported at the foot of this module so that Django registers them with
the svd app."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from grants.models import Grant
from partnership.models import Organisation, Period
from partnership.money import MONEY_FIELD, NON_NEGATIVE


class Stream(models.TextChoices):
    LABOUR = "labour", "Labour"
    NON_LABOUR = "non_labour", "Non-labour"


class AllocationStatus(models.TextChoices):
    BID_SUBMITTED = "bid_submitted", "Bid submitted"
    CONFIRMED = "confirmed", "Confirmed"
    ISSUED = "issued", "Shares issued"


class SvdAllocation(models.Model):
    """The SVD money for one period, labour and non-labour. It cannot be carried
    over between financial years, so each period stands alone."""

    period = models.OneToOneField(Period, on_delete=models.PROTECT, related_name="svd_allocation")
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, null=True, blank=True, related_name="svd_allocations")
    labour_amount = models.DecimalField(**MONEY_FIELD, validators=NON_NEGATIVE)
    non_labour_amount = models.DecimalField(**MONEY_FIELD, validators=NON_NEGATIVE)
    status = models.CharField(max_length=20, choices=AllocationStatus.choices, default=AllocationStatus.CONFIRMED)
    notes = models.TextField(blank=True)
    # Raised by every change to the allocation, its recipients or its shares;
    # the page forms carry it (partnership.edit_conflicts).
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period__starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(labour_amount__gte=0), name="svd_labour_not_negative"),
            models.CheckConstraint(condition=Q(non_labour_amount__gte=0), name="svd_non_labour_not_negative"),
        ]

    def __str__(self):
        return f"SVD {self.period.label}"

    @property
    def total(self):
        return self.labour_amount + self.non_labour_amount

    def amount_for(self, stream):
        return self.labour_amount if stream == Stream.LABOUR else self.non_labour_amount


class SvdRecipient(models.Model):
    """Who shares an allocation, in the stated order that decides who receives
    the leftover pennies. A VRP decides who shares, so this is data."""

    allocation = models.ForeignKey(SvdAllocation, on_delete=models.CASCADE, related_name="recipients")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="svd_recipiencies")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["allocation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["allocation", "organisation"], name="recipient_once_per_allocation"),
            models.UniqueConstraint(fields=["allocation", "position"], name="recipient_position_unique"),
        ]

    def __str__(self):
        return f"{self.position}. {self.organisation}"


class SvdShare(models.Model):
    allocation = models.ForeignKey(SvdAllocation, on_delete=models.CASCADE, related_name="shares")
    recipient = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="svd_shares")
    stream = models.CharField(max_length=20, choices=Stream.choices)
    position = models.PositiveSmallIntegerField(help_text="The recipient's place in the stated order.")
    amount = models.DecimalField(**MONEY_FIELD, validators=NON_NEGATIVE)
    is_override = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["allocation", "stream", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "recipient", "stream"], name="one_share_per_recipient_stream"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="svd_share_not_negative"),
            models.CheckConstraint(
                condition=Q(is_override=False) | ~Q(override_reason=""), name="override_needs_reason"
            ),
        ]

    def __str__(self):
        return f"{self.recipient} {self.get_stream_display()} {self.amount}"


# The returns feature's models (svd/returns/models.py), registered with this app.
from .returns.models import (  # noqa: E402
    AWAITING_REVIEW_STATUSES,
    EDITABLE_STATUSES,
    RECEIVED_STATUSES,
    AnnexALine,
    AnnexBLine,
    FundingLine,
    Progress,
    QuarterlyReturn,
    ReminderKind,
    ReturnsOpening,
    ReturnStatus,
    ReturnTransition,
    SentReminder,
)

__all__ = [
    "AWAITING_REVIEW_STATUSES",
    "EDITABLE_STATUSES",
    "RECEIVED_STATUSES",
    "AllocationStatus",
    "AnnexALine",
    "AnnexBLine",
    "FundingLine",
    "Progress",
    "QuarterlyReturn",
    "ReminderKind",
    "ReturnsOpening",
    "ReturnStatus",
    "ReturnTransition",
    "SentReminder",
    "Stream",
    "SvdAllocation",
    "SvdRecipient",
    "SvdShare",
]

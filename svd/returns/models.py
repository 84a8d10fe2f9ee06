"""Quarterly returns: each CSP's Annex A (financial) and Annex B (activity) for
one quarter, the workflow log and the reminders sent about it.

Counts only: Annex B never holds anything about a person.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnership.models import Organisation, Quarter
from partnership.money import MONEY_FIELD
from svd.models import Stream


class ReturnStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for changes"
    RESUBMITTED = "resubmitted", "Resubmitted"
    APPROVED = "approved", "Approved"


# Who may type into the return in each state: coordinators and staff, until it is submitted.
EDITABLE_STATUSES = frozenset({ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT, ReturnStatus.RETURNED})
# Received by the VRP (for the reporting rate): submitted at least once and not sent back.
RECEIVED_STATUSES = frozenset({ReturnStatus.SUBMITTED, ReturnStatus.RESUBMITTED, ReturnStatus.APPROVED})
# Waiting for the VRP to act.
AWAITING_REVIEW_STATUSES = frozenset({ReturnStatus.SUBMITTED, ReturnStatus.RESUBMITTED})
# Never submitted: the due-date reminders chase these.
UNSUBMITTED_STATUSES = frozenset({ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT})


class QuarterlyReturn(models.Model):
    csp = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="quarterly_returns")
    quarter = models.ForeignKey(Quarter, on_delete=models.PROTECT, related_name="quarterly_returns")
    status = models.CharField(max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.NOT_STARTED)
    # Raised by every save of the figures: a save made against an older version is refused.
    version = models.PositiveIntegerField(default=1)
    first_submitted_at = models.DateTimeField(null=True, blank=True, help_text="Decides whether it was on time.")
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="The latest submission.")
    approved_at = models.DateTimeField(null=True, blank=True)
    reviewer_comments = models.TextField(blank=True, help_text="The latest comments when returned for changes.")
    last_saved_at = models.DateTimeField(null=True, blank=True)
    last_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["quarter__financial_year__start_year", "quarter__number", "csp__district__position"]
        constraints = [
            models.UniqueConstraint(fields=["csp", "quarter"], name="one_return_per_csp_quarter"),
            models.CheckConstraint(
                condition=Q(status__in=["not_started", "draft"]) | Q(first_submitted_at__isnull=False),
                name="submitted_return_has_submission_date",
            ),
        ]
        indexes = [
            # Returns awaiting review, oldest submission first, on every staff home page:
            # a few among thousands of approved ones (docs/decisions/0700).
            models.Index(fields=["status", "submitted_at"], name="return_status_submitted_idx"),
        ]

    # The audit trail names a return as people do: "Northside CSP Q1 2025/26 return".
    AUDIT_NAME_JOINS = ("csp", "quarter__financial_year")

    def __str__(self):
        return f"{self.csp} {self.quarter}"

    def audit_name(self) -> str:
        return f"{self.csp.name} {self.quarter.label} return"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_locked(self) -> bool:
        return self.status == ReturnStatus.APPROVED

    @property
    def is_received(self) -> bool:
        return self.status in RECEIVED_STATUSES

    @property
    def is_awaiting_review(self) -> bool:
        return self.status in AWAITING_REVIEW_STATUSES

    @property
    def is_returned_for_changes(self) -> bool:
        return self.status == ReturnStatus.RETURNED

    # --- Due, on time and late: the one definition (docs/figures.md) -----------
    # The due date is the quarter's; a submission's date is the date in the
    # partnership's time zone (settings.TIME_ZONE, Europe/London), never UTC's: at
    # 00:30 BST on the day after the deadline it is 23:30 UTC on the deadline.

    @property
    def due_on(self):
        return self.quarter.due_on

    @property
    def first_submitted_on(self):
        """The date of the first submission, in the partnership's time zone."""
        if self.first_submitted_at is None:
            return None
        return timezone.localdate(self.first_submitted_at)

    @property
    def submitted_late(self) -> bool:
        """First submitted after the due date. Resubmission and approval never change it."""
        return self.first_submitted_on is not None and self.first_submitted_on > self.due_on

    def is_overdue(self, today) -> bool:
        """Never submitted, and the due date has passed."""
        return self.first_submitted_at is None and today > self.due_on

    def is_late(self, today) -> bool:
        """Late: still unsubmitted after the due date, or first submitted after it.
        A return submitted late stays late, whatever happens to it afterwards."""
        return self.is_overdue(today) or self.submitted_late

    @property
    def received_on_time(self) -> bool:
        """Received (submitted and not sent back) and first submitted by the due date."""
        return self.is_received and not self.submitted_late


class FundingLine(models.TextChoices):
    """The funding lines a CSP reports on. Core VRP funding passed to a CSP has
    no model yet (see docs/decisions/0300), so only the SVD shares appear."""

    SVD_LABOUR = Stream.LABOUR, "SVD labour share"
    SVD_NON_LABOUR = Stream.NON_LABOUR, "SVD non-labour share"


class AnnexALine(models.Model):
    quarterly_return = models.ForeignKey(QuarterlyReturn, on_delete=models.CASCADE, related_name="annex_a_lines")
    funding_line = models.CharField(max_length=20, choices=FundingLine.choices)
    allocation = models.DecimalField(**MONEY_FIELD, help_text="Read-only: the CSP's share for the financial year.")
    spend_this_quarter = models.DecimalField(**MONEY_FIELD, null=True, blank=True)
    spend_to_date = models.DecimalField(**MONEY_FIELD, null=True, blank=True)
    forecast_to_year_end = models.DecimalField(**MONEY_FIELD, null=True, blank=True)
    explanation = models.TextField(blank=True)
    saved_in_version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["quarterly_return", "funding_line"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarterly_return", "funding_line"], name="one_annex_a_line_per_funding_line"
            ),
            models.CheckConstraint(condition=Q(allocation__gte=0), name="annex_a_allocation_not_negative"),
            models.CheckConstraint(
                condition=Q(spend_this_quarter__isnull=True) | Q(spend_this_quarter__gte=0),
                name="annex_a_spend_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(spend_to_date__isnull=True) | Q(spend_to_date__gte=0),
                name="annex_a_spend_to_date_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(forecast_to_year_end__isnull=True) | Q(forecast_to_year_end__gte=0),
                name="annex_a_forecast_not_negative",
            ),
        ]

    AUDIT_NAME_JOINS = ("quarterly_return__csp", "quarterly_return__quarter__financial_year")

    def __str__(self):
        return self.get_funding_line_display()

    def audit_name(self) -> str:
        return f"Annex A, {self.get_funding_line_display()}: {self.quarterly_return.audit_name()}"

    @property
    def variance(self):
        """Forecast to year end minus the allocation: negative is an underspend."""
        if self.forecast_to_year_end is None:
            return None
        return self.forecast_to_year_end - self.allocation


class Progress(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"


class AnnexBLine(models.Model):
    """One intervention (registered in the portal) or free-text activity."""

    quarterly_return = models.ForeignKey(QuarterlyReturn, on_delete=models.CASCADE, related_name="annex_b_lines")
    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.PROTECT, null=True, blank=True, related_name="annex_b_lines"
    )
    activity_name = models.CharField(max_length=200, blank=True, help_text="For an activity not in the register.")
    delivered = models.TextField(blank=True)
    young_people = models.PositiveIntegerField(null=True, blank=True)
    adults = models.PositiveIntegerField(null=True, blank=True)
    workforce_trained = models.PositiveIntegerField(null=True, blank=True)
    progress = models.CharField(max_length=20, choices=Progress.choices, blank=True)
    risks_and_issues = models.TextField(blank=True)
    narrative = models.TextField(blank=True)
    case_study = models.TextField(
        blank=True, help_text="Do not name anyone or include anything that could identify a person."
    )
    saved_in_version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["quarterly_return", "intervention__name", "activity_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarterly_return", "intervention"],
                condition=Q(intervention__isnull=False),
                name="one_annex_b_line_per_intervention",
            ),
            models.CheckConstraint(
                condition=Q(intervention__isnull=False) | ~Q(activity_name=""), name="annex_b_line_names_what"
            ),
        ]

    AUDIT_NAME_JOINS = ("intervention", "quarterly_return__csp", "quarterly_return__quarter__financial_year")

    def __str__(self):
        return self.name

    def audit_name(self) -> str:
        return f"Annex B, {self.name}: {self.quarterly_return.audit_name()}"

    @property
    def name(self):
        return self.intervention.name if self.intervention_id else self.activity_name


class ReturnTransition(models.Model):
    """Who moved a return from one state to another, when, and why."""

    quarterly_return = models.ForeignKey(QuarterlyReturn, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=ReturnStatus.choices)
    to_status = models.CharField(max_length=20, choices=ReturnStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField()
    comment = models.TextField(blank=True, help_text="The reviewer's comments or the reason for reopening.")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.quarterly_return}: {self.from_status} → {self.to_status}"


class ReturnComment(models.Model):
    """A message in the conversation kept with a return: the coordinator answering
    the reviewer's comments, or the reviewer answering back. The reviewer's own
    comments on returning the return are its transitions' comments; the thread
    shows both, oldest first."""

    quarterly_return = models.ForeignKey(QuarterlyReturn, on_delete=models.CASCADE, related_name="comments")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    body = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="return_comment_not_blank")]

    AUDIT_NAME_JOINS = ("quarterly_return__csp", "quarterly_return__quarter__financial_year")

    def __str__(self):
        return f"Comment on the {self.quarterly_return.audit_name()}"


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before_due", "Due soon"
    DUE_TODAY = "due_today", "Due today"
    OVERDUE = "overdue", "Overdue"
    CHASE = "chase", "Chased by VRP staff"


class SentReminder(models.Model):
    """Claimed before the e-mail is sent, so no reminder goes twice for one event."""

    quarterly_return = models.ForeignKey(QuarterlyReturn, on_delete=models.CASCADE, related_name="sent_reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    event_date = models.DateField(help_text="The day the reminder is for (each overdue week has its own).")
    claimed_at = models.DateTimeField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event_date"]
        constraints = [
            models.UniqueConstraint(fields=["quarterly_return", "kind", "event_date"], name="one_reminder_per_event"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} reminder for {self.event_date:%-d %B %Y}"


class ReturnsOpening(models.Model):
    """Staff opened a quarter's returns by hand (to back-fill a past quarter), and why."""

    quarter = models.ForeignKey(Quarter, on_delete=models.PROTECT, related_name="returns_openings")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.quarter}: {self.reason}"

"""Grants the VRP receives, their conditions, match funding and the core-grant budget."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from partnership.models import FinancialYear, Organisation, Period
from partnership.money import MONEY_FIELD, NON_NEGATIVE, ZERO, minimum_to_penny, percentage_of, round_to_penny

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Programme(models.TextChoices):
    VRU_CORE = "vru_core", "VRU core grant"
    SVD = "svd", "Serious Violence Duty funding"
    OTHER = "other", "Other"


class GrantStatus(models.TextChoices):
    BID_SUBMITTED = "bid_submitted", "Bid submitted"
    AWAITING_CONFIRMATION = "awaiting_confirmation", "Awaiting confirmation"
    CONFIRMED = "confirmed", "Confirmed"
    ROLLOVER = "rollover", "Rollover"


GRANT_STATUS_COLOURS = {GrantStatus.CONFIRMED: "green", GrantStatus.BID_SUBMITTED: "grey"}


class GrantQuerySet(models.QuerySet):
    def for_year(self, financial_year):
        return self.filter(period__financial_year=financial_year)

    def core(self):
        return self.filter(programme=Programme.VRU_CORE)


class Grant(models.Model):
    reference = models.SlugField(max_length=60, unique=True)
    funder = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="grants_given")
    programme = models.CharField(max_length=20, choices=Programme.choices)
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="grants")
    amount = models.DecimalField(**MONEY_FIELD, validators=NON_NEGATIVE)
    status = models.CharField(max_length=30, choices=GrantStatus.choices, default=GrantStatus.CONFIRMED)
    arrangement = models.CharField(
        max_length=200, blank=True, help_text="The multi-year arrangement it belongs to, for example 2022-2025."
    )
    arrangement_year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Year N of the arrangement.")
    arrangement_years = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Of how many years.")
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = GrantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["period__starts_on", "programme", "reference"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="grant_amount_not_negative")]

    def __str__(self):
        return f"{self.get_programme_display()} {self.period.label}"

    @property
    def status_tag_colour(self) -> str:
        """The GOV.UK tag colour of the status: confirmed green, a bid grey, the rest yellow."""
        return GRANT_STATUS_COLOURS.get(self.status, "yellow")


class MatchFundingBasis(models.TextChoices):
    AMOUNT = "amount", "An amount entered"
    PERCENTAGE = "percentage", "A percentage of a reference allocation"


class GrantConditions(models.Model):
    """The Home Office's conditions on one grant. Thresholds change year to year,
    so each grant carries its own."""

    grant = models.OneToOneField(Grant, on_delete=models.CASCADE, related_name="conditions")
    match_funding_basis = models.CharField(
        max_length=20, choices=MatchFundingBasis.choices, default=MatchFundingBasis.AMOUNT
    )
    match_funding_amount = models.DecimalField(**MONEY_FIELD, null=True, blank=True, validators=NON_NEGATIVE)
    match_funding_percent = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    match_reference_amount = models.DecimalField(**MONEY_FIELD, null=True, blank=True, validators=NON_NEGATIVE)
    match_reference_label = models.CharField(
        max_length=100, blank=True, help_text="For example, the 2021/22 allocation."
    )
    qualifying_share_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("30.00"),
        validators=PERCENT,
        help_text="The minimum share of the grant to spend on interventions that qualify under the YEF Toolkit.",
    )
    # Raised by every change; a page form carries it (partnership.edit_conflicts).
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "grant conditions"

    def __str__(self):
        return f"Conditions on {self.grant}"

    def required_match_funding(self) -> Decimal:
        """The match funding required, to the penny (a percentage is rounded half up)."""
        if self.match_funding_basis == MatchFundingBasis.PERCENTAGE:
            if self.match_funding_percent is None or self.match_reference_amount is None:
                return ZERO
            return round_to_penny(percentage_of(self.match_reference_amount, self.match_funding_percent))
        return self.match_funding_amount or ZERO

    def minimum_qualifying_spend(self) -> Decimal:
        """The 30% minimum, rounded up to the penny."""
        return minimum_to_penny(percentage_of(self.grant.amount, self.qualifying_share_percent))


class ContributionForm(models.TextChoices):
    CASH = "cash", "Cash"
    STAFFING = "staffing", "Staffing"
    RESOURCES = "resources", "Resources"
    INTERVENTION_DELIVERY = "intervention_delivery", "Contribution to intervention delivery"


class ContributionStatus(models.TextChoices):
    PLEDGED = "pledged", "Pledged"
    CONFIRMED = "confirmed", "Confirmed"
    EVIDENCED = "evidenced", "Evidenced"


class MatchContribution(models.Model):
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="match_contributions")
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="match_contributions")
    form = models.CharField(max_length=30, choices=ContributionForm.choices)
    description = models.CharField(max_length=300, blank=True)
    value = models.DecimalField(**MONEY_FIELD, validators=NON_NEGATIVE)
    status = models.CharField(max_length=20, choices=ContributionStatus.choices, default=ContributionStatus.PLEDGED)
    # Raised by every change; a page form carries it (partnership.edit_conflicts).
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["financial_year__start_year", "partner__name"]
        constraints = [models.CheckConstraint(condition=Q(value__gte=0), name="contribution_value_not_negative")]

    def __str__(self):
        return f"{self.partner} {self.financial_year}: {self.value}"


class EvidenceFile(models.Model):
    """A file that evidences a contribution. Named by the portal, served only
    through a permission-checked view."""

    contribution = models.ForeignKey(MatchContribution, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.original_name


class BudgetLineKind(models.TextChoices):
    STAFFING = "staffing", "Staffing"
    EVALUATION = "evaluation", "Evaluation"
    COMMUNICATIONS = "communications", "Communications"
    TRAINING = "training", "Training"
    OTHER = "other", "Other"


class BudgetLine(models.Model):
    """Core-grant money set aside for something other than an intervention.
    Money for interventions is recorded on the intervention's funding rows."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="budget_lines")
    kind = models.CharField(max_length=20, choices=BudgetLineKind.choices)
    description = models.CharField(max_length=200)
    amount = models.DecimalField(**MONEY_FIELD, validators=NON_NEGATIVE)
    # Raised by every save of the line's quarterly actuals; the actuals form carries
    # it (partnership.edit_conflicts). Separate from the line's own form, which has none.
    actuals_version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["grant", "kind", "description"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description}"


QUARTER_NUMBERS = [(n, f"Q{n}") for n in (1, 2, 3, 4)]


class BudgetLineQuarter(models.Model):
    """One quarter of a budget line: the planned split of the line's amount (the
    four add up to it to the penny, grants.services.budget_plan_split) and the
    actual spend staff enter or import from the finance system (blank: not yet)."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="quarters")
    quarter = models.PositiveSmallIntegerField(choices=QUARTER_NUMBERS)
    planned = models.DecimalField(**MONEY_FIELD, validators=NON_NEGATIVE)
    actual = models.DecimalField(**MONEY_FIELD, null=True, blank=True, validators=NON_NEGATIVE)
    history = HistoricalRecords()

    class Meta:
        ordering = ["line", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["line", "quarter"], name="one_budget_quarter_per_line"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="budget_quarter_1_to_4"),
            models.CheckConstraint(condition=Q(planned__gte=0), name="budget_planned_not_negative"),
            models.CheckConstraint(
                condition=Q(actual__isnull=True) | Q(actual__gte=0), name="budget_actual_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.line} Q{self.quarter}"


class BudgetForecast(models.Model):
    """The forecast outturn of a line as recorded at a quarter end. Never changed
    afterwards, so the page can show what was forecast when."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="forecasts")
    quarter = models.PositiveSmallIntegerField(choices=QUARTER_NUMBERS)
    actual_to_date = models.DecimalField(**MONEY_FIELD, validators=NON_NEGATIVE)
    forecast_outturn = models.DecimalField(**MONEY_FIELD, validators=NON_NEGATIVE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["line", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["line", "quarter"], name="one_budget_forecast_per_line_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="budget_forecast_quarter_1_to_4"),
        ]

    def __str__(self):
        return f"Q{self.quarter} forecast: {self.line}"


class GrantDocument(models.Model):
    """A supporting document for a grant (offer letter, delivery plan). Named by
    the portal, served only through a permission-checked view."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="grant-documents/%Y/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["grant", "-uploaded_at"]

    def __str__(self):
        return self.title

"""The intervention register: what the VRP commissions, its YEF rating snapshot,
its funding by year and its quarterly outcomes (aggregate counts only)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from grants.models import Grant
from partnership.models import District, FinancialYear, Organisation, Quarter
from partnership.money import MONEY_FIELD, NON_NEGATIVE

from . import rules


class ImpactRating(models.TextChoices):
    HARMFUL = rules.Impact.HARMFUL, "Harmful"
    NO_EFFECT = rules.Impact.NO_EFFECT, "No effect"
    LOW = rules.Impact.LOW, "Low"
    MODERATE = rules.Impact.MODERATE, "Moderate"
    HIGH = rules.Impact.HIGH, "High"


EVIDENCE_QUALITY = [MinValueValidator(1), MaxValueValidator(5)]
COST_RATING = [MinValueValidator(1), MaxValueValidator(3)]


class ToolkitApproach(models.Model):
    """An approach in the Youth Endowment Fund Toolkit with its current rating.
    Staff pick from this list; the intervention keeps a snapshot."""

    name = models.CharField(max_length=120, unique=True)
    impact = models.CharField(max_length=20, choices=ImpactRating.choices)
    evidence_quality = models.PositiveSmallIntegerField(validators=EVIDENCE_QUALITY)
    cost = models.PositiveSmallIntegerField(validators=COST_RATING)
    rated_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class InterventionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    COMMISSIONED = "commissioned", "Commissioned"
    LIVE = "live", "Live"
    ENDED = "ended", "Ended"


class EvaluationStatus(models.TextChoices):
    NONE = "", "No evaluation"
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    REPORTED = "reported", "Reported"


# Page addresses under /interventions/ that an intervention's reference would shadow.
RESERVED_REFERENCES = frozenset({"add", "import", "export", "toolkit", "outcomes"})


class InterventionQuerySet(models.QuerySet):
    def qualifying(self):
        return self.filter(rules.qualifying_q())

    def not_qualifying(self):
        return self.exclude(rules.qualifying_q())


class Intervention(models.Model):
    reference = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="interventions")
    districts = models.ManyToManyField(District, related_name="interventions")
    status = models.CharField(max_length=20, choices=InterventionStatus.choices, default=InterventionStatus.LIVE)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    target_cohort = models.CharField(max_length=300, blank=True)
    # The YEF Toolkit rating it was commissioned under, with its date.
    approach_name = models.CharField(max_length=120, blank=True)
    impact = models.CharField(max_length=20, choices=ImpactRating.choices, blank=True)
    evidence_quality = models.PositiveSmallIntegerField(null=True, blank=True, validators=EVIDENCE_QUALITY)
    cost = models.PositiveSmallIntegerField(null=True, blank=True, validators=COST_RATING)
    rated_on = models.DateField(null=True, blank=True)
    # Evaluation.
    evaluation_commissioned = models.BooleanField(default=False)
    evaluator = models.CharField(max_length=200, blank=True)
    evaluation_status = models.CharField(max_length=20, choices=EvaluationStatus.choices, blank=True)
    evaluation_url = models.URLField(blank=True)
    publishable = models.BooleanField(
        default=True, help_text="Whether the grant to the provider may be published as 360Giving open data."
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = InterventionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[districts])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="intervention_ends_after_start",
            )
        ]
        indexes = [
            # The register and the API list in name order, a page at a time: the
            # index gives the page without sorting every visible intervention
            # (docs/decisions/0700).
            models.Index(fields=["name", "reference"], name="intervention_name_ref_idx"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.reference in RESERVED_REFERENCES:
            raise ValidationError(
                {"reference": f"'{self.reference}' is a word the portal's addresses use. Choose another reference."}
            )

    @property
    def qualifies(self) -> bool:
        return rules.qualifies(self.impact, self.evidence_quality)

    @property
    def qualification_reason(self) -> str:
        return rules.qualification_reason(self.impact or None, self.evidence_quality)


class FundingStream(models.TextChoices):
    CORE = "core", "Core VRP budget"
    SVD = "svd", "Serious Violence Duty"
    MATCH = "match", "Match funding"
    OTHER = "other", "Other"


class InterventionFunding(models.Model):
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="funding")
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="intervention_funding")
    stream = models.CharField(max_length=20, choices=FundingStream.choices)
    amount = models.DecimalField(**MONEY_FIELD, validators=NON_NEGATIVE)
    grant = models.ForeignKey(
        Grant, on_delete=models.PROTECT, null=True, blank=True, related_name="intervention_funding"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["financial_year__start_year", "stream"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "financial_year", "stream"], name="one_funding_row_per_year_stream"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_not_negative"),
        ]
        indexes = [models.Index(fields=["financial_year", "stream"])]

    def __str__(self):
        return f"{self.intervention} {self.financial_year} {self.get_stream_display()}"


class OutcomeSource(models.TextChoices):
    ENTERED = "entered", "Entered in the portal"
    ANNEX_B = "annex_b", "From a CSP's Annex B return"
    IMPORTED = "imported", "Imported from a file"


class QuarterlyOutcome(models.Model):
    """Aggregate counts for one intervention in one quarter. No personal data."""

    # Indexed by the unique (intervention, quarter) constraint below, which leads with
    # the intervention: its own index as well would be one more write per imported row.
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="outcomes", db_index=False)
    # Indexed by outcome_quarter_counts_idx below, which leads with the quarter.
    quarter = models.ForeignKey(Quarter, on_delete=models.PROTECT, related_name="outcomes", db_index=False)
    young_people = models.PositiveIntegerField("people aged 24 or under engaged and supported", default=0)
    adults = models.PositiveIntegerField("people aged 25 or over engaged and supported", default=0)
    workforce_trained = models.PositiveIntegerField("people given workforce training", default=0)
    source = models.CharField(max_length=20, choices=OutcomeSource.choices, default=OutcomeSource.ENTERED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["quarter__financial_year__start_year", "quarter__number"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "quarter"], name="one_outcome_per_quarter"),
        ]
        indexes = [
            # A year's totals read its quarters' rows from the index alone (an
            # index-only scan on PostgreSQL), not the whole table (docs/decisions/0700).
            models.Index(
                fields=["quarter"],
                include=["intervention", "young_people", "adults", "workforce_trained"],
                name="outcome_quarter_counts_idx",
            ),
        ]

    def __str__(self):
        return f"{self.intervention} {self.quarter}"


class BreakdownDimension(models.TextChoices):
    DISTRICT = "district", "District"
    SEX = "sex", "Sex"
    ETHNICITY = "ethnicity", "Ethnicity"


class OutcomeBreakdown(models.Model):
    """An optional aggregate breakdown of a quarter's count: never a person."""

    outcome = models.ForeignKey(QuarterlyOutcome, on_delete=models.CASCADE, related_name="breakdowns")
    dimension = models.CharField(max_length=20, choices=BreakdownDimension.choices)
    category = models.CharField(max_length=100)
    young_people = models.PositiveIntegerField(default=0)
    adults = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["dimension", "category"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "dimension", "category"], name="one_breakdown_per_category"),
        ]

    def __str__(self):
        return f"{self.get_dimension_display()}: {self.category}"


class PendingImportStatus(models.TextChoices):
    CHECKED = "checked", "Checked, waiting to be confirmed"
    IMPORTED = "imported", "Imported"
    REFUSED = "refused", "Refused when confirmed"  # the rows no longer passed: nothing was saved


class PendingImport(models.Model):
    """A file the import page checked, kept in the default storage (the bucket when
    there is more than one machine) until the person who checked it confirms it:
    docs/decisions/0201. The id is the token on the confirm button."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    checked_at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=20)
    file_format = models.CharField(max_length=4)
    file = models.FileField(upload_to="import-uploads/", max_length=200, blank=True)  # emptied once done or expired
    status = models.CharField(max_length=10, choices=PendingImportStatus.choices, default=PendingImportStatus.CHECKED)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-checked_at"]

    def __str__(self):
        return f"{self.kind} import checked {self.checked_at:%Y-%m-%d %H:%M}"

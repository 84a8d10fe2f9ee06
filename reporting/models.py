"""Update reports to the body the partnership reports to (Partnership.reports_to):
the narrative staff write, the figures the data give, and the PDF (with its HTML
twin) a Celery worker renders from both."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from partnership.models import FinancialYear, Partnership
from partnership.wording import wording


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    GENERATING = "generating", "Generating"
    READY = "ready", "Ready to publish"
    FAILED = "failed", "Failed"
    PUBLISHED = "published", "Published"


def reporting_body() -> str:
    """The body the papers go to, in the partnership's own words (partnership.wording)."""
    return wording(Partnership.current())["reports_to"]


class Classification(models.TextChoices):
    # The Government Security Classifications a committee paper carries.
    OFFICIAL = "official", "OFFICIAL"
    OFFICIAL_SENSITIVE = "official_sensitive", "OFFICIAL-SENSITIVE"


def default_recommendations() -> str:
    """In the partnership's own name: not every partnership is a "Violence Reduction Partnership"."""
    partnership = Partnership.current()
    name = partnership.name if partnership else "Violence Reduction Partnership"
    return (
        f"The {reporting_body()} is asked to note the update on the work of the {name} "
        "and on the Serious Violence Duty."
    )


# The cover sheet's details, as committee papers carry them; copied with the narrative.
COVER_DETAIL_FIELDS = ["agenda_item", "author", "contact_officer", "classification", "recommendations"]

# Staff may change the narrative, and press Generate, until the report is published.
EDITABLE_REPORT_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.READY, ReportStatus.FAILED})


# (field name, default heading): one field per section of the source report, in
# its order. A partnership changes a heading in the admin (ReportHeading);
# {area} stands for the partnership's area (Partnership.area_name).
COVER_SECTIONS = [
    ("cover_purpose", "Purpose of the report"),
    ("cover_overview", "Overview"),
    ("cover_edi", "Equality, diversity and inclusion"),
    ("cover_young_people", "Implications for young people in {area}"),
    ("cover_financial", "Financial implications"),
    ("cover_legal", "Legal implications"),
    ("cover_supporting_papers", "Supporting papers"),
    ("cover_contact", "Contact information"),
]
UPDATE_SECTIONS = [
    ("update_introduction", "Introduction"),
    ("update_svd_funding", "Serious Violence Duty funding"),
    ("update_svd_duty", "Serious Violence Legal Duty (SVD)"),
    ("update_future_delivery", "Future delivery and VRP activity"),
    ("update_governance", "Governance"),
    ("update_key_areas", "Key areas of work"),
    ("update_intervention_delivery", "Intervention delivery"),
    ("update_community_engagement", "Community engagement"),
    ("update_communications", "Communications"),
]
NARRATIVE_FIELDS = [name for name, _ in COVER_SECTIONS + UPDATE_SECTIONS]


class ReportHeading(models.Model):
    """A partnership's own heading for one section of its update reports."""

    section = models.CharField(max_length=40, unique=True, choices=list(COVER_SECTIONS + UPDATE_SECTIONS))
    heading = models.CharField(max_length=200, help_text="{area} stands for the partnership's area.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["section"]

    def __str__(self):
        return self.heading


def section_headings(area: str) -> dict[str, str]:
    """Every section's heading: the partnership's own where it set one, else the default."""
    own = dict(ReportHeading.objects.values_list("section", "heading"))
    return {
        name: own.get(name, default).replace("{area}", area or "the area")
        for name, default in COVER_SECTIONS + UPDATE_SECTIONS
    }


def _report_file_path(instance, filename):
    # Never under a public URL: downloads go through reporting.views.report_download.
    return f"reports/{instance.pk}/{filename}"


class PanelReport(models.Model):
    title = models.CharField(max_length=200)
    meeting_date = models.DateField()
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="panel_reports")
    up_to_quarter = models.PositiveSmallIntegerField(
        "covers quarters up to", default=4, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Not `version` (the edition above): raised by every save of the narrative
    # form, which carries it (partnership.edit_conflicts).
    edit_version = models.PositiveIntegerField(default=1, editable=False)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by", editable=False
    )

    # The cover sheet.
    agenda_item = models.CharField(max_length=20, blank=True, help_text="For example 7 or 7(b).")
    author = models.CharField(
        "report author", max_length=200, blank=True, help_text="Name and role, for example Head of the VRP."
    )
    contact_officer = models.CharField(
        max_length=200, blank=True, help_text="Name, and an e-mail address or telephone number."
    )
    classification = models.CharField(max_length=20, choices=Classification.choices, default=Classification.OFFICIAL)
    recommendations = models.TextField(
        blank=True,
        default=default_recommendations,
        help_text="What the meeting is asked to decide or note, one recommendation a paragraph or bullet point.",
    )

    # Narrative: sanitised Markdown (see reporting.markdown).
    cover_purpose = models.TextField(blank=True)
    cover_overview = models.TextField(blank=True)
    cover_edi = models.TextField("Equality, diversity and inclusion", blank=True)
    cover_young_people = models.TextField("Implications for young people", blank=True)
    cover_financial = models.TextField("Financial implications", blank=True)
    cover_legal = models.TextField("Legal implications", blank=True)
    cover_supporting_papers = models.TextField(blank=True)
    cover_contact = models.TextField("Contact information", blank=True)
    update_introduction = models.TextField(blank=True)
    update_svd_funding = models.TextField("SVD funding", blank=True)
    update_svd_duty = models.TextField("The Serious Violence Duty", blank=True)
    update_future_delivery = models.TextField(blank=True)
    update_governance = models.TextField(blank=True)
    update_key_areas = models.TextField("Key areas of work", blank=True)
    update_intervention_delivery = models.TextField(blank=True)
    update_community_engagement = models.TextField(blank=True)
    update_communications = models.TextField(blank=True)

    # Generation: `generation` counts Generate presses; a task carries the number
    # it was queued for and claims the report with a conditional UPDATE.
    generation = models.PositiveIntegerField(default=0, editable=False)
    # NULL, not "", is "unclaimed": the claim's conditional UPDATE filters on it.
    claimed_token = models.CharField(max_length=100, null=True, blank=True, editable=False)  # noqa: DJ001
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    failure_reason = models.TextField(blank=True, editable=False)
    pdf = models.FileField(upload_to=_report_file_path, blank=True, editable=False)
    html = models.FileField(upload_to=_report_file_path, blank=True, editable=False)
    figures = models.JSONField(default=dict, blank=True, editable=False)
    checksum = models.CharField("SHA-256 of the PDF", max_length=64, blank=True, editable=False)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    generated_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["claimed_token", "claimed_at", "updated_at"])

    class Meta:
        ordering = ["-meeting_date", "-version", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(up_to_quarter__gte=1, up_to_quarter__lte=4), name="report_quarter_1_to_4"
            ),
            models.CheckConstraint(condition=~Q(status="published") | ~Q(pdf=""), name="published_report_has_a_pdf"),
        ]

    def __str__(self):
        return f"{self.title} (version {self.version})"

    @property
    def period_label(self):
        if self.up_to_quarter == 4:
            return f"{self.financial_year.label}"
        return f"{self.financial_year.label} to the end of Q{self.up_to_quarter}"

    @property
    def meeting_label(self):
        return f"{reporting_body()}, {self.meeting_date:%-d %B %Y}"

    @property
    def is_editable(self):
        return self.status in EDITABLE_REPORT_STATUSES

    @property
    def is_generating(self) -> bool:
        return self.status == ReportStatus.GENERATING

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.READY

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def status_tag_colour(self) -> str:
        """The GOV.UK tag colour of the status, for the status tag the pages draw."""
        return REPORT_STATUS_COLOURS.get(self.status, "grey")

    @property
    def stage(self):
        """What the status page says: queued, rendering, or the status itself."""
        if self.status == ReportStatus.GENERATING:
            return "rendering" if self.claimed_token else "queued"
        return self.status


REPORT_STATUS_COLOURS = {
    ReportStatus.PUBLISHED: "green",
    ReportStatus.READY: "blue",
    ReportStatus.FAILED: "red",
    ReportStatus.GENERATING: "yellow",
}


class ReportDownload(models.Model):
    """Who downloaded which report, when: every download through the portal is logged."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        HTML = "html", "HTML"

    report = models.ForeignKey(PanelReport, on_delete=models.PROTECT, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    format = models.CharField(max_length=10, choices=Format.choices)
    downloaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-downloaded_at"]

    def __str__(self):
        return f"{self.user_id} {self.report_id} {self.downloaded_at:%Y-%m-%d %H:%M}"

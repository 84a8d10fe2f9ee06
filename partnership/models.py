"""Reference data every app shares: the partnership, districts, organisations,
financial years, periods and quarters, and the portal's users with their roles."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from . import periods


class Partnership(models.Model):
    """The VRP running this portal. Data, not code: any of the 20 VRPs can run it."""

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=50)
    area_name = models.CharField(max_length=100, help_text="For example, West Yorkshire.")
    contact_email = models.EmailField(blank=True)

    def __str__(self):
        return self.name

    @classmethod
    def current(cls):
        return cls.objects.order_by("pk").first()


class District(models.Model):
    """A CSP district, or the partnership-wide value that stands for all of them."""

    name = models.CharField(max_length=100, unique=True)
    code = models.CharField(max_length=20, blank=True, help_text="ONS local authority district code.")
    is_partnership_wide = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["is_partnership_wide", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_partnership_wide"],
                condition=Q(is_partnership_wide=True),
                name="one_partnership_wide_district",
            )
        ]

    def __str__(self):
        return self.name


class OrganisationKind(models.TextChoices):
    POLICE = "police", "Police"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    PROBATION = "probation", "Probation"
    FIRE_AND_RESCUE = "fire_and_rescue", "Fire and rescue"
    YOUTH_JUSTICE_SERVICE = "youth_justice_service", "Youth justice service"
    INTEGRATED_CARE_BOARD = "integrated_care_board", "Integrated care board"
    COMMUNITY_SAFETY_PARTNERSHIP = "csp", "Community safety partnership"
    PROVIDER = "provider", "Provider"
    VRP = "vrp", "Violence reduction partnership"
    FUNDER = "funder", "Funder"


SPECIFIED_AUTHORITY_KINDS = frozenset(
    {
        OrganisationKind.POLICE,
        OrganisationKind.LOCAL_AUTHORITY,
        OrganisationKind.PROBATION,
        OrganisationKind.FIRE_AND_RESCUE,
        OrganisationKind.YOUTH_JUSTICE_SERVICE,
        OrganisationKind.INTEGRATED_CARE_BOARD,
    }
)


class ProviderSector(models.TextChoices):
    VCSE = "vcse", "Voluntary, community and social enterprise"
    STATUTORY = "statutory", "Statutory"


class OrganisationQuerySet(models.QuerySet):
    def csps(self):
        return self.filter(kind=OrganisationKind.COMMUNITY_SAFETY_PARTNERSHIP)

    def specified_authorities(self):
        return self.filter(kind__in=SPECIFIED_AUTHORITY_KINDS)


class Organisation(models.Model):
    ref = models.SlugField(max_length=60, unique=True, help_text="The portal's own short reference.")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    provider_sector = models.CharField(max_length=20, choices=ProviderSector.choices, blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="organisations")
    charity_number = models.CharField(max_length=20, blank=True)
    company_number = models.CharField(max_length=20, blank=True)
    org_id_360 = models.CharField(
        "360Giving organisation id", max_length=60, blank=True, help_text="For example GB-CHC-1234567 or GB-LAE-LDS."
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district"],
                condition=Q(kind="csp"),
                name="one_csp_per_district",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_specified_authority(self):
        return self.kind in SPECIFIED_AUTHORITY_KINDS

    @property
    def is_csp(self):
        return self.kind == OrganisationKind.COMMUNITY_SAFETY_PARTNERSHIP

    def clean(self):
        if self.kind == OrganisationKind.PROVIDER and not self.provider_sector:
            raise ValidationError({"provider_sector": "Say whether the provider is VCSE or statutory."})
        if self.kind != OrganisationKind.PROVIDER:
            self.provider_sector = ""


class FinancialYear(models.Model):
    """1 April to 31 March, named by the year it starts in."""

    start_year = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["start_year"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return periods.financial_year_label(self.start_year)

    @property
    def starts_on(self):
        return periods.financial_year_bounds(self.start_year)[0]

    @property
    def ends_on(self):
        return periods.financial_year_bounds(self.start_year)[1]


class PeriodKind(models.TextChoices):
    FULL_YEAR = "full_year", "Full financial year"
    PART_YEAR = "part_year", "Part of a financial year"


class Period(models.Model):
    """What an amount of money covers: a whole financial year, or part of one
    (the first SVD money covered only January to March 2023)."""

    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="periods")
    kind = models.CharField(max_length=20, choices=PeriodKind.choices, default=PeriodKind.FULL_YEAR)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on", "ends_on"]
        constraints = [
            models.UniqueConstraint(fields=["starts_on", "ends_on"], name="unique_period_dates"),
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="period_ends_after_start"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        # Named from the row's own dates (clean() keeps them inside the financial
        # year), so a list of periods is named without loading their years.
        year = periods.financial_year_label(periods.financial_year_start_for(self.starts_on))
        if self.kind == PeriodKind.FULL_YEAR:
            return year
        return f"{periods.month_span_label(self.starts_on, self.ends_on)} ({year})"

    def clean(self):
        if self.starts_on and self.ends_on and self.financial_year_id:
            first, last = periods.financial_year_bounds(self.financial_year.start_year)
            if not (first <= self.starts_on <= self.ends_on <= last):
                raise ValidationError("A period must lie within its financial year.")


class Quarter(models.Model):
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="quarters")
    number = models.PositiveSmallIntegerField(choices=[(n, f"Q{n}") for n in (1, 2, 3, 4)])
    starts_on = models.DateField()
    ends_on = models.DateField()
    due_on = models.DateField(help_text="When the quarter's returns are due. By default one month after it ends.")

    class Meta:
        ordering = ["financial_year__start_year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["financial_year", "number"], name="unique_quarter_number"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        # From the row's own start date, not the financial year's row: naming a
        # list of quarters takes no query per quarter.
        return periods.quarter_label(periods.financial_year_start_for(self.starts_on), self.number)


class Role(models.TextChoices):
    VRP_STAFF = "vrp_staff", "VRP staff"
    CSP_COORDINATOR = "csp_coordinator", "CSP coordinator"
    PANEL_MEMBER = "panel_member", "Police and Crime Panel member"
    ADMIN = "admin", "Administrator"


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VRP_STAFF)
    csp = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinators",
        limit_choices_to={"kind": OrganisationKind.COMMUNITY_SAFETY_PARTNERSHIP},
        help_text="Required for a CSP coordinator, and only for one.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="csp_coordinator", csp__isnull=False) | (~Q(role="csp_coordinator") & Q(csp__isnull=True))
                ),
                name="coordinator_has_exactly_one_csp",
            )
        ]

    def clean(self):
        super().clean()
        if self.role == Role.CSP_COORDINATOR and not self.csp_id:
            raise ValidationError({"csp": "A CSP coordinator must be tied to one CSP."})
        if self.role != Role.CSP_COORDINATOR and self.csp_id:
            raise ValidationError({"csp": "Only a CSP coordinator is tied to a CSP."})
        if self.csp_id and not self.csp.is_csp:
            raise ValidationError({"csp": "Choose a community safety partnership."})

    @property
    def is_vrp_staff(self):
        return self.role in (Role.VRP_STAFF, Role.ADMIN) or self.is_superuser

    @property
    def is_csp_coordinator(self):
        return self.role == Role.CSP_COORDINATOR

    @property
    def is_panel_member(self):
        return self.role == Role.PANEL_MEMBER


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A personal API token. The secret is shown once, when it is made; only its
    SHA-256 digest is kept. `prefix` is not secret: it finds the row, and the
    digest of the rest is compared in constant time (partnership.tokens)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, so you can tell your tokens apart.")
    prefix = models.CharField(max_length=16, unique=True)
    secret_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    @property
    def is_revoked(self):
        return self.revoked_at is not None


class NotificationKind(models.TextChoices):
    # The label is what a person sees on their account page when choosing.
    RETURN_SUBMITTED = "return_submitted", "A CSP submits a quarterly return (VRP staff)"
    RETURN_RESUBMITTED = "return_resubmitted", "A CSP resubmits a return after changes (VRP staff)"
    RETURN_RETURNED = "return_returned", "Your CSP's return is returned with comments"
    RETURN_APPROVED = "return_approved", "Your CSP's return is approved"
    # Staff pressed "Chase" on an overdue return: not optional, like the deadline reminders.
    RETURN_CHASED = "return_chased", "The VRP team chases your CSP's overdue return"
    REPORT_PUBLISHED = "report_published", "A Police and Crime Panel report is published"
    JOB_FINISHED = "job_finished", "An import or report you started has finished"
    JOB_FAILED = "job_failed", "An import or report you started has failed"


class Notification(models.Model):
    """News for one person: shown on their home page, and e-mailed unless they
    chose not to be told of this kind. Subject and body are rendered from the
    kind's templates when the event happens (partnership.notifications)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    path = models.CharField(max_length=300, blank=True, help_text="The portal page it is about.")
    created_at = models.DateTimeField(auto_now_add=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    email_wanted = models.BooleanField(default=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "dismissed_at", "-created_at"], name="notification_home_idx")]

    def __str__(self):
        return self.subject


class NotificationPreference(models.Model):
    """A person's choice for one kind of news; no row means yes (the default)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    wanted = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self):
        return f"{self.kind}: {'yes' if self.wanted else 'no'}"

"""Reference data every app shares: the partnership, districts, organisations,
financial years, periods and quarters, and the portal's users with their roles."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from . import periods


class Partnership(models.Model):
    """The VRP running this portal. Data, not code: any of the 20 VRPs can run it."""

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=50)
    area_name = models.CharField(max_length=100, help_text="The area the partnership covers, as its reports name it.")
    contact_email = models.EmailField(blank=True)
    reports_to = models.CharField(
        "reports to",
        max_length=120,
        help_text="The body the partnership's update reports go to, as its reports name it (without 'the').",
    )
    meeting_name = models.CharField(
        max_length=60,
        help_text="What that body calls its meetings, in lower case, as in 'the date of the … meeting'.",
    )
    member_title = models.CharField(
        max_length=120,
        help_text="What a member of that body is called: the name of the portal's reader role.",
    )
    open_data_prefix = models.CharField(
        "360Giving prefix",
        max_length=20,
        blank=True,
        help_text="Your 360Giving identifier prefix (360G-…), given by 360Giving. Empty uses the install's setting.",
    )
    returns_due_months = models.PositiveSmallIntegerField(
        default=1,
        help_text="Quarterly returns fall due this many calendar months after the quarter ends (at that month's end).",
    )
    returns_due_days = models.PositiveSmallIntegerField(
        default=0, help_text="…and then this many days more. With 0 months, days after the quarter's last day."
    )
    history = HistoricalRecords()

    def __str__(self):
        return self.name

    def due_date_for(self, quarter_end):
        return periods.due_date(quarter_end, months=self.returns_due_months, days=self.returns_due_days)

    @classmethod
    def current(cls):
        return cls.objects.order_by("pk").first()


class District(models.Model):
    """A CSP district, or the partnership-wide value that stands for all of them."""

    name = models.CharField(max_length=100, unique=True)
    code = models.CharField(max_length=20, blank=True, help_text="ONS local authority district code.")
    is_partnership_wide = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(
        "in use", default=True, help_text="Untick to retire it: it stays on past records but is offered no more."
    )
    history = HistoricalRecords()

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

    def in_use(self):
        return self.filter(is_active=True)

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
        "360Giving organisation id",
        max_length=60,
        blank=True,
        help_text="For example GB-CHC-1234567 or GB-COH-01234567.",
    )
    ons_code = models.CharField(
        "ONS code", max_length=12, blank=True, help_text="For a local authority or other public body, its ONS code."
    )
    is_active = models.BooleanField(
        "in use", default=True, help_text="Untick to retire it: it stays on past records but is offered no more."
    )
    history = HistoricalRecords()

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
    due_on = models.DateField(
        help_text="When the quarter's returns are due. Set from the partnership's due-date rule; you may change it."
    )

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
    # Shown under the partnership's own name for it (Partnership.member_title).
    PANEL_MEMBER = "panel_member", "Member of the body the partnership reports to"
    ADMIN = "admin", "Administrator"


class PortalUserManager(UserManager):
    """create_user and create_superuser also take `csps` (or `csp`, for one)."""

    def _create_user(self, username, email, password, **extra_fields):
        csps = list(extra_fields.pop("csps", None) or [])
        csp = extra_fields.pop("csp", None)
        if csp is not None:
            csps.append(csp)
        user = super()._create_user(username, email, password, **extra_fields)
        if csps:
            user.csps.set(csps)
        return user

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # `createsuperuser` makes the install's first administrator, in the admin role.
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VRP_STAFF)
    csps = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="coordinators",
        limit_choices_to={"kind": OrganisationKind.COMMUNITY_SAFETY_PARTNERSHIP},
        verbose_name="CSPs coordinated",
        help_text="A CSP coordinator coordinates one or more CSPs; no other role has any.",
    )

    objects = PortalUserManager()

    @cached_property
    def coordinated_csps(self):
        """The CSPs this user coordinates, loaded once per request (none for other roles)."""
        if self.role != Role.CSP_COORDINATOR or self.pk is None:
            return []
        return list(self.csps.all())

    @property
    def csp_ids(self):
        return [csp.pk for csp in self.coordinated_csps]

    @property
    def csp_names(self):
        """The CSP's name, or 'A, B and C' for a person who coordinates several."""
        names = [csp.name for csp in self.coordinated_csps]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + (f" and {names[-1]}" if names else "")

    def forget_csps(self):
        self.__dict__.pop("coordinated_csps", None)

    @property
    def is_vrp_staff(self):
        return self.role in (Role.VRP_STAFF, Role.ADMIN) or self.is_superuser

    @property
    def is_csp_coordinator(self):
        return self.role == Role.CSP_COORDINATOR

    @property
    def is_panel_member(self):
        return self.role == Role.PANEL_MEMBER


class RoleChange(models.Model):
    """One change of a person's role, CSPs or active state, and who made it.
    Written by partnership.people, never edited (the admin shows it read-only)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_changes")
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=300)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user}: {self.what}"


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
    # Every token expires (PORTAL_API_TOKEN_DAYS by default, chosen when it is made).
    expires_at = models.DateTimeField()

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()


class NotificationKind(models.TextChoices):
    # The label is what a person sees on their account page when choosing.
    RETURN_SUBMITTED = "return_submitted", "A CSP submits a quarterly return (VRP staff)"
    RETURN_RESUBMITTED = "return_resubmitted", "A CSP resubmits a return after changes (VRP staff)"
    RETURN_RETURNED = "return_returned", "Your CSP's return is returned with comments"
    RETURN_APPROVED = "return_approved", "Your CSP's return is approved"
    # Staff pressed "Chase" on an overdue return: not optional, like the deadline reminders.
    RETURN_CHASED = "return_chased", "The VRP team chases your CSP's overdue return"
    REPORT_PUBLISHED = "report_published", "A report to the reporting body is published (its members)"
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

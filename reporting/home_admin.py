"""The admin's home page: people, locked accounts and whether the portal is set
up; everything else is in the Django admin (/admin/)."""

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from grants import selectors as grant_selectors
from partnership.models import FinancialYear, Organisation, OrganisationKind, Partnership, Role, User

from .views_compliance import compliance_year


def admin_context() -> dict:
    counts = dict(
        User.objects.filter(is_active=True).values_list("role").annotate(n=Count("pk")).values_list("role", "n")
    )
    people = [(label, counts.get(value, 0)) for value, label in Role.choices]
    locked = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    ).order_by("-attempt_time")
    year = compliance_year()
    csps = Organisation.objects.filter(kind=OrganisationKind.COMMUNITY_SAFETY_PARTNERSHIP)
    coordinated = csps.filter(coordinators__is_active=True).distinct().count()
    setup = [
        (
            "The partnership's name and contact",
            bool(Partnership.objects.exclude(Q(name="") | Q(contact_email="")).exists()),
        ),
        ("Financial years and quarters", FinancialYear.objects.exists()),
        (
            f"Community Safety Partnerships with a coordinator ({coordinated} of {csps.count()})",
            coordinated == csps.count() and coordinated > 0,
        ),
        (
            f"A core grant for {year.label}" if year else "A core grant",
            bool(year and grant_selectors.core_grant_for_year(year)),
        ),
        (
            "Every account has an e-mail address for notifications",
            not User.objects.filter(is_active=True, email="").exists(),
        ),
    ]
    return {
        "people": people,
        "people_total": sum(counts.values()),
        "locked": [(a.username, a.attempt_time) for a in locked[:20]],
        "setup": setup,
    }

"""The first-run path (issue 13): what a new partnership sets up, in order, and
whether each step is done. Admins see it on their home page until every step is
done, and at /reporting/set-up/ always.

It lives on the top floor because its last step is the first grant.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse

from grants.models import Grant
from partnership.access import role_required
from partnership.models import District, FinancialYear, Organisation, Partnership, Role, User


@dataclass(frozen=True)
class Step:
    label: str
    hint: str
    url: str
    done: bool

    @property
    def status(self):
        return "Done" if self.done else "Not done yet"


def setup_steps() -> list[Step]:
    partnership = Partnership.current()
    csps = Organisation.objects.csps().in_use()
    districts = District.objects.filter(is_active=True, is_partnership_wide=False).count()
    uncovered = csps.annotate(n=Count("coordinators", filter=Q(coordinators__is_active=True))).filter(n=0).exists()
    staff = User.objects.filter(role=Role.VRP_STAFF, is_active=True, is_superuser=False).exists()
    return [
        Step(
            "Partnership details",
            "Its name, area, who it reports to and what they call their meetings, when returns fall due.",
            reverse("admin:partnership_partnership_change", args=[partnership.pk])
            if partnership
            else reverse("admin:partnership_partnership_add"),
            partnership is not None,
        ),
        Step(
            "Districts and CSPs",
            "Each district, its community safety partnership, the specified authorities and providers.",
            reverse("admin:partnership_organisation_changelist"),
            districts > 0 and csps.count() >= districts,
        ),
        Step(
            "Financial years",
            "Each year you report on; its quarters and their due dates are made with it.",
            reverse("admin:partnership_financialyear_changelist"),
            FinancialYear.objects.exists(),
        ),
        Step(
            "People",
            "Invite VRP staff, a coordinator for every CSP, and members of the body you report to.",
            reverse("admin:partnership_user_changelist"),
            staff and csps.exists() and not uncovered,
        ),
        Step(
            "The first grant",
            "The Home Office grant with its conditions.",
            reverse("grants:grant_create"),
            Grant.objects.exists(),
        ),
    ]


def setup_is_complete() -> bool:
    return all(step.done for step in setup_steps())


@role_required(Role.ADMIN)
def setup(request):
    steps = setup_steps()
    return render(
        request,
        "reporting/setup.html",
        {"steps": steps, "done": sum(step.done for step in steps), "complete": all(s.done for s in steps)},
    )

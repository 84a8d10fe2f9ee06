"""The demo's quarterly returns.

All four quarters of 2024/25 are approved for all five CSPs. The report gives
no CSP's spend, so the spends are invented (docs/demo-data.md): each CSP spends
20%, 25% and 27% of each of its SVD shares in Q1 to Q3 (rounded half up to
the penny) and the rest of each share in Q4, and forecasts to spend the whole share by the year end, so no
variance needs explaining. Annex B counts are the intervention register's own
Q1-Q3 outcomes for the CSP's district interventions, so approving the returns
changes no figure in the panel report (which covers Q1-Q3). The report is
silent on Q4 (January to March 2025): its Annex B counts are invented, each
intervention repeating its Q3 counts, and approval feeds them to the register.
Submission dates are set five days before each due date, except Wakefield's Q2
return, three days late, so the reporting rate shows one.

Q1 2025/26 is opened and left not started, for the Leeds coordinator to fill in,
with one free-text Annex B activity (the register's demo interventions end in
March 2025).
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from interventions.models import QuarterlyOutcome
from partnership.models import Quarter, Role, User
from partnership.money import ZERO, percentage_of, round_to_penny
from svd.returns import selectors, services
from svd.returns.models import QuarterlyReturn, ReturnStatus, ReturnTransition

SPEND_PERCENT_BY_QUARTER = {1: Decimal("20"), 2: Decimal("25"), 3: Decimal("27")}  # Q4: the rest
# Q4 2024/25 is invented: the report stops at Q3, so Q4 repeats each intervention's Q3 counts.
COUNTS_FROM_QUARTER = {4: 3}
LATE = {("csp-wakefield", 2): 3}  # days late
DEMO_ACTIVITY = "Detached youth work in hotspot areas"


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _approve(quarterly_return, coordinator, staff):
    quarter = quarterly_return.quarter
    to_date = {}
    previous = selectors.previous_spend_to_date(quarterly_return)
    a = {}
    for line in quarterly_return.annex_a_lines.all():
        before = previous.get(line.funding_line, ZERO)
        if quarter.number == 4:  # the rest of the share, so the year ends spent to the penny
            spend = line.allocation - before
        else:
            spend = round_to_penny(percentage_of(line.allocation, SPEND_PERCENT_BY_QUARTER[quarter.number]))
        to_date[line.funding_line] = before + spend
        a[line.pk] = {
            "spend_this_quarter": str(spend),
            "spend_to_date": str(to_date[line.funding_line]),
            "forecast_to_year_end": str(line.allocation),
        }
    counts_from = COUNTS_FROM_QUARTER.get(quarter.number, quarter.number)
    outcomes = {
        o.intervention_id: o
        for o in QuarterlyOutcome.objects.filter(
            quarter__financial_year=quarter.financial_year, quarter__number=counts_from
        )
    }
    b = {}
    for line in quarterly_return.annex_b_lines.all():
        outcome = outcomes.get(line.intervention_id)
        b[line.pk] = {
            "delivered": "Delivered as commissioned (demo data).",
            "young_people": outcome.young_people if outcome else 0,
            "adults": outcome.adults if outcome else 0,
            "workforce_trained": outcome.workforce_trained if outcome else 0,
            "progress": "on_track",
            "narrative": "Demo data: delivery on plan this quarter.",
        }
    services.return_save(
        quarterly_return=quarterly_return, version=quarterly_return.version, by=coordinator, annex_a=a, annex_b=b
    )
    services.return_submit(quarterly_return=quarterly_return, by=coordinator)
    services.return_approve(quarterly_return=quarterly_return, by=staff)
    # The demo's returns were sent in 2024, not today: date them so.
    submitted = _at(quarter.due_on + timedelta(days=LATE.get((quarterly_return.csp.ref, quarter.number), -5)))
    approved = submitted + timedelta(days=3)
    QuarterlyReturn.objects.filter(pk=quarterly_return.pk).update(
        first_submitted_at=submitted,
        submitted_at=submitted,
        approved_at=approved,
        last_saved_at=submitted - timedelta(hours=2),
    )
    for transition in ReturnTransition.objects.filter(quarterly_return=quarterly_return):
        at = {ReturnStatus.DRAFT: submitted - timedelta(hours=2), ReturnStatus.SUBMITTED: submitted}.get(
            transition.to_status, approved
        )
        ReturnTransition.objects.filter(pk=transition.pk).update(at=at)


@transaction.atomic
def load():
    staff = User.objects.filter(role=Role.VRP_STAFF, is_active=True).order_by("pk").first()
    for quarter in Quarter.objects.filter(financial_year__start_year=2024, number__in=(1, 2, 3, 4)).order_by("number"):
        for quarterly_return in services.returns_open_quarter(quarter=quarter):
            if quarterly_return.status != ReturnStatus.NOT_STARTED:
                continue  # loaded before: leave it as it is
            coordinator = (
                User.objects.filter(role=Role.CSP_COORDINATOR, csps=quarterly_return.csp_id).order_by("pk").first()
            )
            if coordinator is None or staff is None:
                continue
            _approve(quarterly_return, coordinator, staff)
    # The register's demo interventions end in March 2025, so Q1 2025/26 lists one
    # free-text activity per CSP for the coordinator to report on.
    for quarterly_return in services.returns_open_quarter(
        quarter=Quarter.objects.get(financial_year__start_year=2025, number=1)
    ):
        coordinator = (
            User.objects.filter(role=Role.CSP_COORDINATOR, csps=quarterly_return.csp_id).order_by("pk").first()
        )
        if coordinator and not quarterly_return.annex_b_lines.exists():
            services.activity_add(quarterly_return=quarterly_return, name=DEMO_ACTIVITY, by=coordinator)

"""Scale data: quarterly returns (every CSP, every quarter, with Annex A and B
lines) and panel reports (metadata and narrative; no files)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from partnership.models import FinancialYear, Organisation, Quarter
from reporting.models import PanelReport, ReportStatus
from svd.returns.models import AnnexALine, AnnexBLine, FundingLine, Progress, QuarterlyReturn, ReturnStatus

BATCH = 5_000


def generate_returns(rng, *, first_year: int, years: int):
    csps = list(
        Organisation.objects.csps().filter(ref__startswith="scale-csp-").order_by("ref").values_list("pk", flat=True)
    )
    quarters = list(
        Quarter.objects.filter(
            financial_year__start_year__gte=first_year, financial_year__start_year__lt=first_year + years
        )
    )
    made = []
    for quarter in quarters:
        submitted = timezone.make_aware(
            datetime.combine(quarter.due_on - timedelta(days=rng.randint(-10, 20)), time(12))
        )
        for csp in csps:
            made.append(
                QuarterlyReturn(
                    csp_id=csp,
                    quarter=quarter,
                    status=ReturnStatus.APPROVED,
                    first_submitted_at=submitted,
                    submitted_at=submitted,
                    approved_at=submitted + timedelta(days=3),
                )
            )
    QuarterlyReturn.objects.bulk_create(made, batch_size=BATCH, ignore_conflicts=True)
    returns = list(QuarterlyReturn.objects.filter(csp_id__in=csps).values_list("pk", flat=True))
    annex_a, annex_b = [], []
    for pk in returns:
        for line in (FundingLine.SVD_LABOUR, FundingLine.SVD_NON_LABOUR):
            allocation = Decimal(rng.randint(2_000, 9_000))
            spend = (allocation / 4).quantize(Decimal("0.01"))
            annex_a.append(
                AnnexALine(
                    quarterly_return_id=pk,
                    funding_line=line,
                    allocation=allocation,
                    spend_this_quarter=spend,
                    spend_to_date=spend,
                    forecast_to_year_end=allocation,
                )
            )
        for n in range(2):
            annex_b.append(
                AnnexBLine(
                    quarterly_return_id=pk,
                    activity_name=f"Scale activity {n + 1}",
                    delivered="Sessions delivered",
                    young_people=rng.randint(0, 200),
                    adults=rng.randint(0, 30),
                    workforce_trained=rng.randint(0, 15),
                    progress=rng.choice([Progress.ON_TRACK, Progress.AT_RISK]),
                    risks_and_issues="None new",
                )
            )
    AnnexALine.objects.bulk_create(annex_a, batch_size=BATCH, ignore_conflicts=True)
    AnnexBLine.objects.bulk_create(annex_b, batch_size=BATCH)


def generate_reports(rng, *, count: int, first_year: int, years: int):
    years_by_start = {fy.start_year: fy for fy in FinancialYear.objects.filter(start_year__gte=first_year)}
    existing = PanelReport.objects.filter(title__startswith="Scale update").count()
    PanelReport.objects.bulk_create(
        [
            PanelReport(
                title=f"Scale update {n:03d}",
                meeting_date=date(first_year + n % years, 4 + n % 9, 1),
                financial_year=years_by_start[first_year + n % years],
                up_to_quarter=1 + n % 4,
                status=ReportStatus.DRAFT,
                cover_purpose="To provide an update to the Police and Crime Panel.",
                update_introduction="Scale data.",
            )
            for n in range(existing, count)
        ],
        batch_size=BATCH,
    )

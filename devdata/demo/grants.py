"""The demo's grants and conditions, from the April 2025 panel update.

Stated in the report: the core grant (£4,341,877.11 in 2024/25, year 3 of 3, and
the same again as a 2025/26 rollover awaiting confirmation); match funding of 20%
of the 2021/22 allocation, £674,000 (so that allocation was £3,370,000); the 30%
rule; the SVD amounts per period. Invented: the match contributions and the
non-intervention budget lines, their 2024/25 actual spend by quarter and the
forecasts recorded at the ends of Q1 to Q3 (see docs/demo-data.md).
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from devdata.demo.partnership import ensure
from grants.budget import grant_budget
from grants.models import (
    BudgetForecast,
    BudgetLine,
    BudgetLineKind,
    BudgetLineQuarter,
    ContributionForm,
    ContributionStatus,
    Grant,
    GrantConditions,
    GrantStatus,
    MatchContribution,
    MatchFundingBasis,
    Programme,
)
from partnership.models import FinancialYear, Organisation, Period, User
from partnership.money import split_equally
from partnership.services import full_year_period

CORE_GRANT = Decimal("4341877.11")

# (reference, start year, status, arrangement year, notes)
CORE_GRANTS = [
    ("vru-core-2024-25", 2024, GrantStatus.CONFIRMED, 3, "Year 3 of the three-year arrangement."),
    (
        "vru-core-2025-26",
        2025,
        GrantStatus.ROLLOVER,
        None,
        "Rollover funding. Delivery plan submitted in March 2025; awaiting confirmation it has been accepted.",
    ),
]

# (reference, period start, period end, labour, non-labour, status)
SVD_GRANTS = [
    ("svd-2022-23", date(2023, 1, 1), date(2023, 3, 31), "21553.33", "42728.41", GrantStatus.CONFIRMED),
    ("svd-2023-24", date(2023, 4, 1), date(2024, 3, 31), "101161.78", "129017.47", GrantStatus.CONFIRMED),
    ("svd-2024-25", date(2024, 4, 1), date(2025, 3, 31), "96302.13", "65436.47", GrantStatus.CONFIRMED),
    ("svd-2025-26", date(2025, 4, 1), date(2026, 3, 31), "96302.13", "65436.47", GrantStatus.BID_SUBMITTED),
]

# Invented: who pledged the £674,000-plus of match funding, and how far each has got.
MATCH_CONTRIBUTIONS = [
    (
        "wy-police",
        ContributionForm.STAFFING,
        "Police officers seconded to the VRP",
        "210000.00",
        ContributionStatus.EVIDENCED,
    ),
    (
        "council-leeds",
        ContributionForm.INTERVENTION_DELIVERY,
        "Co-funding of Leeds interventions",
        "120000.00",
        ContributionStatus.EVIDENCED,
    ),
    (
        "council-bradford",
        ContributionForm.INTERVENTION_DELIVERY,
        "Co-funding of Bradford interventions",
        "95000.00",
        ContributionStatus.CONFIRMED,
    ),
    (
        "wy-icb",
        ContributionForm.CASH,
        "Contribution to A&E Navigator services",
        "110000.00",
        ContributionStatus.CONFIRMED,
    ),
    (
        "council-kirklees",
        ContributionForm.RESOURCES,
        "Venues and youth service time",
        "60000.00",
        ContributionStatus.CONFIRMED,
    ),
    (
        "council-wakefield",
        ContributionForm.STAFFING,
        "Community safety staff time",
        "45000.00",
        ContributionStatus.CONFIRMED,
    ),
    (
        "council-calderdale",
        ContributionForm.RESOURCES,
        "Venues and youth service time",
        "40000.00",
        ContributionStatus.CONFIRMED,
    ),
    ("wy-fire", ContributionForm.STAFFING, "Youth engagement officers", "30000.00", ContributionStatus.PLEDGED),
]

# Invented: the core budget not spent on interventions (the report gives no breakdown).
BUDGET_LINES = [
    (BudgetLineKind.STAFFING, "VRP core team and Knowledge Hub", "1150000.00"),
    (BudgetLineKind.EVALUATION, "Commissioned evaluations", "250000.00"),
    (BudgetLineKind.COMMUNICATIONS, "Campaigns, films and newsletters", "120000.00"),
    (BudgetLineKind.TRAINING, "Trauma-informed workforce development", "180000.00"),
    (BudgetLineKind.OTHER, "Community engagement, Youth Commission and showcase events", "300000.00"),
]

# Invented: each line's actual spend in Q1 to Q4 of 2024/25, as the finance
# system would give it. The lines end the year £17,641.86 under the £2,000,000 they hold.
BUDGET_ACTUALS = {
    "VRP core team and Knowledge Hub": ("279412.36", "284930.18", "291066.47", "296104.92"),
    "Commissioned evaluations": ("18400.00", "55250.00", "71980.50", "96120.00"),
    "Campaigns, films and newsletters": ("22310.42", "27845.10", "31977.65", "35412.80"),
    "Trauma-informed workforce development": ("31260.00", "42785.25", "47900.00", "49870.40"),
    "Community engagement, Youth Commission and showcase events": ("61234.56", "73480.00", "80115.35", "84902.18"),
}
FORECASTS_RECORDED = (1, 2, 3)  # Q4's actual spend is the outturn itself


def _load_budget(core):
    """The plan (four equal quarters, to the penny), the actuals and the Q1 to Q3
    forecasts, written through `ensure` so loading again writes nothing."""
    for line in BudgetLine.objects.filter(grant=core):
        actuals = BUDGET_ACTUALS[line.description]
        for number, planned in enumerate(split_equally(line.amount, 4), 1):
            ensure(
                BudgetLineQuarter,
                line=line,
                quarter=number,
                defaults={"planned": planned, "actual": Decimal(actuals[number - 1])},
            )
    staff = User.objects.get(username="vrp-staff")
    for row in grant_budget(core).lines:
        for quarter in FORECASTS_RECORDED:
            ensure(
                BudgetForecast,
                line=row.line,
                quarter=quarter,
                defaults={
                    "actual_to_date": row.actual_to(quarter),
                    "forecast_outturn": row.forecast_at(quarter),
                    "recorded_by": staff,
                },
            )


@transaction.atomic
def load():
    home_office = Organisation.objects.get(ref="home-office")
    for reference, start_year, status, arrangement_year, notes in CORE_GRANTS:
        year = FinancialYear.objects.get(start_year=start_year)
        grant, _ = ensure(
            Grant,
            reference=reference,
            defaults={
                "funder": home_office,
                "programme": Programme.VRU_CORE,
                "period": full_year_period(year),
                "amount": CORE_GRANT,
                "status": status,
                "arrangement": "VRU core grant 2022/23 to 2024/25" if arrangement_year else "",
                "arrangement_year": arrangement_year,
                "arrangement_years": 3 if arrangement_year else None,
                "notes": notes,
            },
        )
        ensure(
            GrantConditions,
            grant=grant,
            defaults={
                "match_funding_basis": MatchFundingBasis.PERCENTAGE,
                "match_funding_percent": Decimal("20.00"),
                "match_reference_amount": Decimal("3370000.00"),
                "match_reference_label": "2021/22 allocation",
                "qualifying_share_percent": Decimal("30.00"),
            },
        )
    for reference, starts_on, ends_on, labour, non_labour, status in SVD_GRANTS:
        ensure(
            Grant,
            reference=reference,
            defaults={
                "funder": home_office,
                "programme": Programme.SVD,
                "period": Period.objects.get(starts_on=starts_on, ends_on=ends_on),
                "amount": Decimal(labour) + Decimal(non_labour),
                "status": status,
                "notes": "Serious Violence Duty funding: labour and non-labour.",
            },
        )
    year = FinancialYear.objects.get(start_year=2024)
    for ref, form, description, value, status in MATCH_CONTRIBUTIONS:
        ensure(
            MatchContribution,
            partner=Organisation.objects.get(ref=ref),
            financial_year=year,
            description=description,
            defaults={"form": form, "value": Decimal(value), "status": status},
        )
    core = Grant.objects.get(reference="vru-core-2024-25")
    for kind, description, amount in BUDGET_LINES:
        ensure(BudgetLine, grant=core, kind=kind, description=description, defaults={"amount": Decimal(amount)})
    _load_budget(core)

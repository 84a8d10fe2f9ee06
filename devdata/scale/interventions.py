"""Scale data: interventions, their funding by year, outcomes and breakdowns."""

from datetime import date
from decimal import Decimal

from interventions.models import (
    BreakdownDimension,
    FundingStream,
    ImpactRating,
    Intervention,
    InterventionFunding,
    OutcomeBreakdown,
    QuarterlyOutcome,
)
from partnership.models import District, FinancialYear, Organisation, OrganisationKind, Quarter

BATCH = 5_000
IMPACTS = [ImpactRating.HIGH, ImpactRating.MODERATE, ImpactRating.LOW, ImpactRating.NO_EFFECT]
SEXES = ["Female", "Male", "Not recorded"]
STREAMS = [FundingStream.CORE, FundingStream.CORE, FundingStream.CORE, FundingStream.SVD, FundingStream.MATCH]


def generate(rng, *, interventions: int, outcome_rows: int, first_year: int, years: int):
    """`outcome_rows` counts quarterly outcomes and their breakdown rows together
    (one outcome row carries three sex breakdowns, so a quarter is four rows)."""
    providers = list(Organisation.objects.filter(kind=OrganisationKind.PROVIDER).values_list("pk", flat=True))
    districts = list(District.objects.values_list("pk", flat=True))
    fy_by_start = {fy.start_year: fy for fy in FinancialYear.objects.filter(start_year__gte=first_year)}
    quarters = {(q.financial_year.start_year, q.number): q for q in Quarter.objects.select_related("financial_year")}
    start_index = Intervention.objects.filter(reference__startswith="scale-").count()

    made = []
    for n in range(start_index, interventions):
        impact = rng.choice(IMPACTS)
        start = first_year + rng.randrange(years)
        made.append(
            Intervention(
                reference=f"scale-{n:05d}",
                name=f"Scale intervention {n:05d}",
                provider_id=rng.choice(providers),
                starts_on=date(start, 4, 1),
                ends_on=date(min(start + rng.randint(2, 4), first_year + years), 3, 31),
                approach_name="Scale approach",
                impact=impact,
                evidence_quality=rng.randint(1, 5),
                cost=rng.randint(1, 3),
                rated_on=date(start, 3, 1),
            )
        )
    Intervention.objects.bulk_create(made, batch_size=BATCH)
    made = list(Intervention.objects.filter(reference__startswith="scale-").order_by("reference")[start_index:])
    through = Intervention.districts.through
    through.objects.bulk_create(
        [
            through(intervention_id=i.pk, district_id=d)
            for i in made
            for d in set(rng.sample(districts, k=rng.choice([1, 1, 1, 2])))
        ],
        batch_size=BATCH,
    )
    funding = []
    for i in made:
        for start_year in range(i.starts_on.year, i.ends_on.year):
            funding.append(
                InterventionFunding(
                    intervention_id=i.pk,
                    financial_year=fy_by_start[start_year],
                    stream=rng.choice(STREAMS),
                    amount=Decimal(rng.randint(5_000, 250_000)) + Decimal(rng.randint(0, 99)) / 100,
                )
            )
    InterventionFunding.objects.bulk_create(funding, batch_size=BATCH, ignore_conflicts=True)

    outcomes_wanted = outcome_rows // (1 + len(SEXES))
    cells = [(i.pk, key) for i in made for key in _quarters_of(i, first_year)]
    rng.shuffle(cells)
    cells = sorted(cells[:outcomes_wanted])
    for chunk_start in range(0, len(cells), BATCH):
        chunk = cells[chunk_start : chunk_start + BATCH]
        rows = QuarterlyOutcome.objects.bulk_create(
            [
                QuarterlyOutcome(
                    intervention_id=pk,
                    quarter=quarters[key],
                    young_people=rng.randint(0, 120),
                    adults=rng.randint(0, 20),
                    workforce_trained=rng.randint(0, 10),
                )
                for pk, key in chunk
            ],
            batch_size=BATCH,
        )
        OutcomeBreakdown.objects.bulk_create(
            [
                OutcomeBreakdown(
                    outcome_id=row.pk,
                    dimension=BreakdownDimension.SEX,
                    category=sex,
                    young_people=share,
                    adults=0,
                )
                for row in rows
                for sex, share in zip(SEXES, _three_way(row.young_people), strict=True)
            ],
            batch_size=BATCH,
        )


def _quarters_of(intervention, first_year):
    return [(year, q) for year in range(intervention.starts_on.year, intervention.ends_on.year) for q in (1, 2, 3, 4)]


def _three_way(total):
    first = total // 2
    second = (total - first) // 2
    return first, second, total - first - second

"""The demo's intervention register for 2024/25, consistent with the April 2025 update.

Stated in the report: 46 interventions funded from the core budget, 21 of them
qualifying under the 30% rule with £1,368,197 in total (A&E Navigators in the five
districts, West Yorkshire Custody Diversion, West Yorkshire Focused Deterrence and
local CSP interventions) and 25 others with £867,822 (mentoring in schools, VR
education, online harms, community-based work); 11 interventions funded by the
SVD money; outcomes for Q1-Q3 of 9,281 aged 24 or under, 714 aged 25 or over and
264 trained. Invented: every provider, the local interventions' names, each
amount, the SVD interventions' amounts, the rating snapshots' dates and the split
of the outcome totals across interventions and quarters (docs/demo-data.md).
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from devdata.demo.partnership import ensure
from interventions.models import (
    FundingStream,
    ImpactRating,
    Intervention,
    InterventionFunding,
    InterventionStatus,
    OutcomeSource,
    QuarterlyOutcome,
    ToolkitApproach,
)
from partnership.models import District, FinancialYear, Organisation, OrganisationKind, ProviderSector, Quarter

WIDE = "WY"
RATED_ON = date(2024, 3, 1)

# name: (impact, evidence quality 1-5, cost 1-3). Snapshots as commissioned.
APPROACHES = {
    "A&E navigators": (ImpactRating.HIGH, 2, 2),
    "Focused deterrence": (ImpactRating.HIGH, 4, 2),
    "Pre-court diversion": (ImpactRating.HIGH, 3, 1),
    "Cognitive behavioural therapy": (ImpactRating.HIGH, 4, 2),
    "Trauma-specific therapies": (ImpactRating.HIGH, 3, 2),
    "Social skills training": (ImpactRating.MODERATE, 4, 1),
    "Multi-systemic therapy": (ImpactRating.MODERATE, 4, 3),
    "Mentoring": (ImpactRating.MODERATE, 3, 2),
    "Sports programmes": (ImpactRating.MODERATE, 2, 2),
    "After school programmes": (ImpactRating.MODERATE, 2, 2),
    "Parenting programmes": (ImpactRating.MODERATE, 3, 2),
    "Relationship violence prevention lessons and activities": (ImpactRating.MODERATE, 2, 1),
    "Knife crime education": (ImpactRating.LOW, 1, 1),
}

# (ref, name, provider ref, district or WY, approach or None, core amount)
QUALIFYING = [
    ("ae-navigator-leeds", "A&E Navigator service: Leeds", "navigate-northern", "Leeds", "A&E navigators", "160000"),
    (
        "ae-navigator-bradford",
        "A&E Navigator service: Bradford",
        "navigate-northern",
        "Bradford",
        "A&E navigators",
        "150000",
    ),
    (
        "ae-navigator-wakefield",
        "A&E Navigator service: Wakefield",
        "navigate-northern",
        "Wakefield",
        "A&E navigators",
        "95000",
    ),
    (
        "ae-navigator-calderdale",
        "A&E Navigator service: Calderdale",
        "navigate-northern",
        "Calderdale",
        "A&E navigators",
        "80000",
    ),
    (
        "ae-navigator-kirklees",
        "A&E Navigator service: Kirklees",
        "navigate-northern",
        "Kirklees",
        "A&E navigators",
        "110000",
    ),
    (
        "wy-custody-diversion",
        "West Yorkshire Custody Diversion programme",
        "wy-liaison-diversion",
        WIDE,
        "Pre-court diversion",
        "240000",
    ),
    ("wy-focused-deterrence", "West Yorkshire Focused Deterrence", "wy-police", WIDE, "Focused deterrence", "210000"),
    (
        "bradford-trauma-therapy",
        "Bradford trauma-informed therapy for young people",
        "pennine-youth-therapies",
        "Bradford",
        "Trauma-specific therapies",
        "25000",
    ),
    (
        "bradford-social-skills",
        "Bradford social skills programme in alternative provision",
        "council-bradford",
        "Bradford",
        "Social skills training",
        "22500",
    ),
    (
        "calderdale-cbt",
        "Calderdale cognitive behavioural therapy pathway",
        "calder-valley-youth-trust",
        "Calderdale",
        "Cognitive behavioural therapy",
        "27500",
    ),
    (
        "calderdale-mst",
        "Calderdale multi-systemic therapy support",
        "council-calderdale",
        "Calderdale",
        "Multi-systemic therapy",
        "20000",
    ),
    (
        "kirklees-cbt",
        "Kirklees CBT for young people at risk of exclusion",
        "pennine-youth-therapies",
        "Kirklees",
        "Cognitive behavioural therapy",
        "24000",
    ),
    (
        "kirklees-focused-deterrence",
        "Kirklees focused deterrence local delivery",
        "council-kirklees",
        "Kirklees",
        "Focused deterrence",
        "21000",
    ),
    (
        "leeds-trauma-therapy",
        "Leeds trauma-focused therapy service",
        "pennine-youth-therapies",
        "Leeds",
        "Trauma-specific therapies",
        "23000",
    ),
    (
        "leeds-social-skills",
        "Leeds social skills training in schools",
        "leeds-street-work",
        "Leeds",
        "Social skills training",
        "26000",
    ),
    (
        "leeds-mst",
        "Leeds multi-systemic therapy extension",
        "council-leeds",
        "Leeds",
        "Multi-systemic therapy",
        "19500",
    ),
    (
        "wakefield-cbt",
        "Wakefield CBT group work",
        "wakefield-youth-partnership",
        "Wakefield",
        "Cognitive behavioural therapy",
        "22000",
    ),
    (
        "wakefield-pre-court",
        "Wakefield pre-court diversion",
        "council-wakefield",
        "Wakefield",
        "Pre-court diversion",
        "24697",
    ),
    (
        "bradford-pre-court",
        "Bradford pre-court diversion panel",
        "council-bradford",
        "Bradford",
        "Pre-court diversion",
        "23000",
    ),
    ("leeds-pre-court", "Leeds pre-court diversion triage", "council-leeds", "Leeds", "Pre-court diversion", "21000"),
    (
        "kirklees-trauma-therapy",
        "Kirklees trauma-specific therapy",
        "pennine-youth-therapies",
        "Kirklees",
        "Trauma-specific therapies",
        "24000",
    ),
]

OTHERS = [
    (
        "mentoring-schools-bradford",
        "Mentoring in schools: Bradford",
        "aire-valley-mentors",
        "Bradford",
        "Mentoring",
        "60000",
    ),
    (
        "mentoring-schools-calderdale",
        "Mentoring in schools: Calderdale",
        "aire-valley-mentors",
        "Calderdale",
        "Mentoring",
        "35000",
    ),
    (
        "mentoring-schools-kirklees",
        "Mentoring in schools: Kirklees",
        "aire-valley-mentors",
        "Kirklees",
        "Mentoring",
        "45000",
    ),
    ("mentoring-schools-leeds", "Mentoring in schools: Leeds", "aire-valley-mentors", "Leeds", "Mentoring", "70000"),
    (
        "mentoring-schools-wakefield",
        "Mentoring in schools: Wakefield",
        "aire-valley-mentors",
        "Wakefield",
        "Mentoring",
        "40000",
    ),
    (
        "vr-education",
        "Virtual Reality violence reduction education programme",
        "immersive-learning",
        WIDE,
        "Knife crime education",
        "85000",
    ),
    (
        "online-harms",
        "Online harms prevention in schools",
        "online-safe-futures",
        WIDE,
        "Relationship violence prevention lessons and activities",
        "55000",
    ),
    ("bradford-anti-violence-month", "Bradford Anti Violence Month", "council-bradford", "Bradford", None, "15000"),
    ("bradford-detached", "Bradford detached youth work", "bradford-youth-collective", "Bradford", None, "30000"),
    (
        "bradford-sport",
        "Bradford sports-based diversion",
        "bradford-youth-collective",
        "Bradford",
        "Sports programmes",
        "28000",
    ),
    (
        "bradford-after-school",
        "Bradford after-school programme",
        "bradford-youth-collective",
        "Bradford",
        "After school programmes",
        "24000",
    ),
    ("calderdale-detached", "Calderdale detached youth work", "calder-valley-youth-trust", "Calderdale", None, "22000"),
    (
        "calderdale-sport",
        "Calderdale sports-based diversion",
        "calder-valley-youth-trust",
        "Calderdale",
        "Sports programmes",
        "21000",
    ),
    (
        "calderdale-parenting",
        "Calderdale parenting support",
        "council-calderdale",
        "Calderdale",
        "Parenting programmes",
        "19000",
    ),
    ("kirklees-detached", "Kirklees detached youth work", "kirklees-sport-for-change", "Kirklees", None, "26000"),
    (
        "kirklees-knives-claim-lives",
        "Knives Claim Lives film and training package",
        "council-kirklees",
        "Kirklees",
        "Knife crime education",
        "18000",
    ),
    ("kirklees-community-grants", "Kirklees community grants", "council-kirklees", "Kirklees", None, "25000"),
    ("leeds-detached", "Leeds detached youth work", "leeds-street-work", "Leeds", None, "35000"),
    ("leeds-sport", "Leeds sports-based diversion", "leeds-street-work", "Leeds", "Sports programmes", "32000"),
    ("leeds-community-grants", "Leeds community grants", "council-leeds", "Leeds", None, "30000"),
    ("leeds-girls-group-work", "Leeds girls' group work", "leeds-street-work", "Leeds", None, "27000"),
    ("wakefield-detached", "Wakefield detached youth work", "wakefield-youth-partnership", "Wakefield", None, "24000"),
    (
        "wakefield-sport",
        "Wakefield sports-based diversion",
        "wakefield-youth-partnership",
        "Wakefield",
        "Sports programmes",
        "23000",
    ),
    ("wakefield-community-grants", "Wakefield community grants", "council-wakefield", "Wakefield", None, "20000"),
    ("community-leaders", "Community Leaders Programme", "community-leaders-network", WIDE, None, "58822"),
]

SVD_FUNDED = [
    ("svd-hotspot-problem-solving", "Hotspot problem-solving patrols", "wy-police", WIDE, "8000"),
    ("svd-bradford-response", "Bradford place-based response plan delivery", "csp-bradford", "Bradford", "6000"),
    (
        "svd-calderdale-response",
        "Calderdale place-based response plan delivery",
        "csp-calderdale",
        "Calderdale",
        "5000",
    ),
    ("svd-kirklees-response", "Kirklees place-based response plan delivery", "csp-kirklees", "Kirklees", "5500"),
    ("svd-leeds-response", "Leeds place-based response plan delivery", "csp-leeds", "Leeds", "7000"),
    ("svd-wakefield-response", "Wakefield place-based response plan delivery", "csp-wakefield", "Wakefield", "5000"),
    ("svd-fire-youth-engagement", "Fire and rescue youth engagement", "wy-fire", WIDE, "4500"),
    ("svd-probation-transitions", "Young adult transitions support", "probation-yh", WIDE, "5000"),
    ("svd-health-youth-workers", "Youth workers in health settings", "wy-icb", WIDE, "5500"),
    (
        "svd-yjs-trauma-training",
        "Trauma-informed practice training for youth justice staff",
        "yjs-leeds",
        "Leeds",
        "4000",
    ),
    ("svd-data-dashboard", "Multi-agency serious violence data dashboard", "wy-vrp", WIDE, "4500"),
]

# Invented providers: (ref, name, sector, district or WY)
PROVIDERS = [
    ("navigate-northern", "Navigate Northern CIC", ProviderSector.VCSE, WIDE),
    ("wy-liaison-diversion", "West Yorkshire Liaison and Diversion Service", ProviderSector.STATUTORY, WIDE),
    ("pennine-youth-therapies", "Pennine Youth Therapies", ProviderSector.VCSE, WIDE),
    ("calder-valley-youth-trust", "Calder Valley Youth Trust", ProviderSector.VCSE, "Calderdale"),
    ("leeds-street-work", "Leeds Street Work Collective", ProviderSector.VCSE, "Leeds"),
    ("wakefield-youth-partnership", "Wakefield Youth Partnership", ProviderSector.VCSE, "Wakefield"),
    ("aire-valley-mentors", "Aire Valley Mentors", ProviderSector.VCSE, WIDE),
    ("immersive-learning", "Immersive Learning Studio Ltd", ProviderSector.VCSE, WIDE),
    ("online-safe-futures", "Online Safe Futures", ProviderSector.VCSE, WIDE),
    ("bradford-youth-collective", "Bradford Youth Collective", ProviderSector.VCSE, "Bradford"),
    ("kirklees-sport-for-change", "Kirklees Sport for Change", ProviderSector.VCSE, "Kirklees"),
    ("community-leaders-network", "Community Leaders Network CIC", ProviderSector.VCSE, WIDE),
]

# Evaluations the report names as commissioned (evaluator invented).
EVALUATED = {"ae-navigator-", "wy-custody-diversion", "mentoring-schools-", "vr-education"}

OUTCOME_TOTALS = (9281, 714, 264)


def _district(name):
    return District.objects.get(is_partnership_wide=True) if name == WIDE else District.objects.get(name=name)


def spread(total: int, weights: list[int]) -> list[int]:
    """Whole numbers in proportion to the weights that add up to `total` exactly."""
    weight_sum = sum(weights)
    exact = [total * w / weight_sum for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (exact[i] - counts[i], -i), reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


@transaction.atomic
def load():
    for name, (impact, evidence, cost) in APPROACHES.items():
        ensure(
            ToolkitApproach,
            name=name,
            defaults={"impact": impact, "evidence_quality": evidence, "cost": cost, "rated_on": RATED_ON},
        )
    for ref, name, sector, district in PROVIDERS:
        ensure(
            Organisation,
            ref=ref,
            defaults={
                "name": name,
                "kind": OrganisationKind.PROVIDER,
                "provider_sector": sector,
                "district": _district(district),
            },
        )
    year = FinancialYear.objects.get(start_year=2024)
    core = [(r, n, p, d, a, amt, FundingStream.CORE) for r, n, p, d, a, amt in QUALIFYING + OTHERS]
    svd = [(r, n, p, d, None, amt, FundingStream.SVD) for r, n, p, d, amt in SVD_FUNDED]
    interventions = []
    for ref, name, provider, district, approach, amount, stream in core + svd:
        rating = {}
        if approach:
            impact, evidence, cost = APPROACHES[approach]
            rating = {
                "approach_name": approach,
                "impact": impact,
                "evidence_quality": evidence,
                "cost": cost,
                "rated_on": RATED_ON,
            }
        else:
            rating = {"approach_name": "", "impact": "", "evidence_quality": None, "cost": None, "rated_on": None}
        evaluated = any(ref.startswith(prefix) for prefix in EVALUATED)
        intervention, _ = ensure(
            Intervention,
            reference=ref,
            defaults={
                "name": name,
                "description": f"{name}. Demo data: see docs/demo-data.md for what is invented.",
                "provider": Organisation.objects.get(ref=provider),
                "status": InterventionStatus.LIVE,
                "starts_on": date(2024, 4, 1),
                "ends_on": date(2025, 3, 31),
                "target_cohort": "Children and young people aged 10 to 24 at risk of involvement in serious violence",
                "evaluation_commissioned": evaluated,
                "evaluator": "Independent evaluation partner (demo)" if evaluated else "",
                "evaluation_status": "in_progress" if evaluated else "",
                **rating,
            },
        )
        intervention.districts.set([_district(district)])
        ensure(
            InterventionFunding,
            intervention=intervention,
            financial_year=year,
            stream=stream,
            defaults={"amount": Decimal(amount)},
        )
        interventions.append(intervention)
    _outcomes(interventions, year)


def _outcomes(interventions, year):
    quarters = list(Quarter.objects.filter(financial_year=year, number__in=(1, 2, 3)).order_by("number"))
    cells = [(i, q) for i in interventions for q in quarters]
    weights = [(index * 7) % 11 + 3 for index in range(len(cells))]
    young, adults, trained = (spread(total, weights) for total in OUTCOME_TOTALS)
    for (intervention, quarter), y, a, t in zip(cells, young, adults, trained, strict=True):
        ensure(
            QuarterlyOutcome,
            intervention=intervention,
            quarter=quarter,
            defaults={"young_people": y, "adults": a, "workforce_trained": t, "source": OutcomeSource.ENTERED},
        )

"""Scale data: reference data for a partnership of national size (about 100 CSPs)."""

from partnership.models import District, Organisation, OrganisationKind, Partnership, ProviderSector
from partnership.services import financial_year_ensure


def generate(rng, *, years: int, csps: int, providers: int, first_year: int):
    Partnership.objects.get_or_create(
        pk=1,
        defaults={
            "name": "Scale Test Violence Reduction Partnership",
            "short_name": "Scale VRP",
            "area_name": "Scaleshire",
        },
    )
    wide, _ = District.objects.get_or_create(
        is_partnership_wide=True, defaults={"name": "Partnership-wide", "position": 9999}
    )
    existing = District.objects.filter(is_partnership_wide=False).count()
    districts = District.objects.bulk_create(
        [District(name=f"Scale district {n:03d}", code=f"S{n:08d}", position=1000 + n) for n in range(existing, csps)]
    )
    Organisation.objects.bulk_create(
        [
            Organisation(
                ref=f"scale-csp-{d.code.lower()}",
                name=f"{d.name} CSP",
                kind=OrganisationKind.COMMUNITY_SAFETY_PARTNERSHIP,
                district=d,
            )
            for d in districts
        ]
    )
    all_districts = list(District.objects.filter(is_partnership_wide=False))
    Organisation.objects.bulk_create(
        [
            Organisation(
                ref=f"scale-provider-{n:04d}",
                name=f"Scale provider {n:04d}",
                kind=OrganisationKind.PROVIDER,
                provider_sector=rng.choice([ProviderSector.VCSE, ProviderSector.STATUTORY]),
                district=rng.choice(all_districts + [wide]),
            )
            for n in range(providers)
        ],
        ignore_conflicts=True,
    )
    for start_year in range(first_year, first_year + years):
        financial_year_ensure(start_year=start_year)

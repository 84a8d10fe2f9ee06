"""Small builders for the register's tests (no demo data needed)."""

from datetime import date
from decimal import Decimal

from interventions.models import FundingStream, ImpactRating, Intervention, InterventionFunding
from partnership.models import Organisation, OrganisationKind, ProviderSector


def provider(reference_data, ref="provider-one", name="Provider One"):
    org, _ = Organisation.objects.get_or_create(
        ref=ref,
        defaults={
            "name": name,
            "kind": OrganisationKind.PROVIDER,
            "provider_sector": ProviderSector.VCSE,
            "district": reference_data["districts"]["wide"],
        },
    )
    return org


def make_intervention(
    reference_data,
    district="leeds",
    ref=None,
    amount="1000.00",
    stream=FundingStream.CORE,
    impact=ImpactRating.HIGH,
    evidence=3,
    year=2024,
    name=None,
):
    ref = ref or f"{district}-intervention"
    intervention = Intervention.objects.create(
        reference=ref,
        name=name or f"{district.title()} intervention {ref}",
        provider=provider(reference_data),
        impact=impact,
        evidence_quality=evidence,
        cost=2 if impact else None,
        approach_name="Mentoring" if impact else "",
        rated_on=date(2024, 3, 1) if impact else None,
    )
    intervention.districts.set([reference_data["districts"][district]])
    if amount is not None:
        InterventionFunding.objects.create(
            intervention=intervention,
            financial_year=reference_data["years"][year],
            stream=stream,
            amount=Decimal(amount),
        )
    return intervention

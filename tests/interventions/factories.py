"""factory_boy factories for the intervention register (no demo data needed)."""

from datetime import date
from decimal import Decimal

import factory

from interventions.models import FundingStream, ImpactRating, Intervention, InterventionFunding
from tests.partnership.factories import ProviderFactory


class InterventionFactory(factory.django.DjangoModelFactory):
    """An intervention with a YEF rating (impact=None for an unrated one)."""

    class Meta:
        model = Intervention

    reference = factory.Sequence(lambda n: f"intervention-{n}")
    name = factory.LazyAttribute(lambda o: f"Intervention {o.reference}")
    provider = factory.SubFactory(ProviderFactory)
    impact = ImpactRating.HIGH
    evidence_quality = 3
    cost = factory.LazyAttribute(lambda o: 2 if o.impact else None)
    approach_name = factory.LazyAttribute(lambda o: "Mentoring" if o.impact else "")
    rated_on = factory.LazyAttribute(lambda o: date(2024, 3, 1) if o.impact else None)

    @factory.post_generation
    def districts(self, create, districts):
        if create and districts:
            self.districts.set(districts)


class InterventionFundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterventionFunding

    intervention = factory.SubFactory(InterventionFactory)
    stream = FundingStream.CORE
    amount = Decimal("1000.00")


def provider(reference_data, ref="provider-one", name="Provider One"):
    """The test partnership's provider (one per ref)."""
    return ProviderFactory(ref=ref, name=name, district=reference_data["districts"]["wide"])


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
    """An intervention in one of the test partnership's districts, funded in one
    year and stream (amount=None: no funding)."""
    ref = ref or f"{district}-intervention"
    intervention = InterventionFactory(
        reference=ref,
        name=name or f"{district.title()} intervention {ref}",
        provider=provider(reference_data),
        impact=impact,
        evidence_quality=evidence,
        districts=[reference_data["districts"][district]],
    )
    if amount is not None:
        InterventionFundingFactory(
            intervention=intervention,
            financial_year=reference_data["years"][year],
            stream=stream,
            amount=Decimal(amount),
        )
    return intervention

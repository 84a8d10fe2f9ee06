"""factory_boy factories for the ground floor's reference data."""

import factory

from partnership.models import Organisation, OrganisationKind, ProviderSector, Role, User

PASSWORD = "correct-horse-battery"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("ref",)

    ref = factory.Sequence(lambda n: f"organisation-{n}")
    name = factory.LazyAttribute(lambda o: o.ref.replace("-", " ").title())
    kind = OrganisationKind.PROVIDER


class ProviderFactory(OrganisationFactory):
    """A voluntary-sector provider; pass district= (a provider needs one)."""

    ref = factory.Sequence(lambda n: f"provider-{n}")
    kind = OrganisationKind.PROVIDER
    provider_sector = ProviderSector.VCSE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")
    role = Role.VRP_STAFF
    password = factory.django.Password(PASSWORD)

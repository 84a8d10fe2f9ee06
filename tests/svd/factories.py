"""factory_boy factories for SVD allocations and their shares."""

from decimal import Decimal

import factory

from svd.models import AllocationStatus, SvdAllocation, SvdRecipient
from svd.services import svd_allocation_split


class SvdAllocationFactory(factory.django.DjangoModelFactory):
    """An allocation; pass period=, and recipients=[organisations in their stated
    order] to have it split equally among them."""

    class Meta:
        model = SvdAllocation
        skip_postgeneration_save = True

    labour_amount = Decimal("100.00")
    non_labour_amount = Decimal("100.00")
    status = AllocationStatus.ISSUED

    @factory.post_generation
    def recipients(self, create, organisations):
        if create and organisations:
            for position, organisation in enumerate(organisations, start=1):
                SvdRecipient.objects.create(allocation=self, organisation=organisation, position=position)
            svd_allocation_split(allocation=self)

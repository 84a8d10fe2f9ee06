"""The demo's SVD allocations and who shares them.

The amounts are the report's. The recipients are the specified authorities the
Duty names, as they exist in West Yorkshire, then the five CSPs: the report says
the money is split equally among them but not in what order, so the order here
(authorities first, then CSPs, each alphabetically) is the demo's choice.
"""

from decimal import Decimal

from django.db import transaction

from devdata.demo.grants import SVD_GRANTS
from devdata.demo.partnership import ensure
from grants.models import Grant
from partnership.models import Organisation, OrganisationKind, Period
from svd.models import AllocationStatus, SvdAllocation, SvdRecipient
from svd.services import svd_allocation_split

RECIPIENT_KIND_ORDER = [
    OrganisationKind.POLICE,
    OrganisationKind.LOCAL_AUTHORITY,
    OrganisationKind.PROBATION,
    OrganisationKind.FIRE_AND_RESCUE,
    OrganisationKind.YOUTH_JUSTICE_SERVICE,
    OrganisationKind.INTEGRATED_CARE_BOARD,
    OrganisationKind.COMMUNITY_SAFETY_PARTNERSHIP,
]


def recipients_in_order():
    organisations = Organisation.objects.filter(kind__in=RECIPIENT_KIND_ORDER)
    return sorted(organisations, key=lambda o: (RECIPIENT_KIND_ORDER.index(o.kind), o.name))


@transaction.atomic
def load():
    recipients = recipients_in_order()
    for reference, starts_on, ends_on, labour, non_labour, grant_status in SVD_GRANTS:
        allocation, created = ensure(
            SvdAllocation,
            period=Period.objects.get(starts_on=starts_on, ends_on=ends_on),
            defaults={
                "grant": Grant.objects.get(reference=reference),
                "labour_amount": Decimal(labour),
                "non_labour_amount": Decimal(non_labour),
                "status": AllocationStatus.BID_SUBMITTED
                if grant_status == "bid_submitted"
                else AllocationStatus.ISSUED,
            },
        )
        for position, organisation in enumerate(recipients, start=1):
            ensure(SvdRecipient, allocation=allocation, organisation=organisation, defaults={"position": position})
        if created or not allocation.shares.exists():
            svd_allocation_split(allocation=allocation)

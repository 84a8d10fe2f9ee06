"""Writes to the intervention register.

MINIMAL VERSION from work/returns: only `outcome_record`, written against the
signature the interventions engineer agreed. When their services.py lands on
main, theirs replaces this file (keep their version whole).
"""
from django.db import transaction

from .models import QuarterlyOutcome


@transaction.atomic
def outcome_record(*, intervention, quarter, young_people: int, adults: int, workforce_trained: int, source: str, by):
    """Set an intervention's counts for a quarter (one row per intervention and quarter)."""
    outcome = QuarterlyOutcome.objects.select_for_update().filter(intervention=intervention, quarter=quarter).first()
    if outcome is None:
        outcome = QuarterlyOutcome(intervention=intervention, quarter=quarter)
    outcome.young_people = young_people
    outcome.adults = adults
    outcome.workforce_trained = workforce_trained
    outcome.source = source
    outcome._history_user = by
    outcome.full_clean()
    outcome.save()
    return outcome

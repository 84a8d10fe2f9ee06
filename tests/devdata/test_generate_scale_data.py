"""generate_scale_data makes the volumes it is asked for, the same for a seed."""

from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.db.models import Sum

from interventions.models import InterventionFunding, OutcomeBreakdown, QuarterlyOutcome
from partnership.models import Organisation
from reporting.models import PanelReport
from svd.returns.models import AnnexALine, QuarterlyReturn

SMALL = ["--years", "2", "--csps", "4", "--interventions", "30", "--outcome-rows", "200", "--seed", "7"]


def _fingerprint():
    return (
        InterventionFunding.objects.aggregate(total=Sum("amount"))["total"],
        list(
            QuarterlyOutcome.objects.order_by("intervention__reference", "quarter_id").values_list(
                "young_people", flat=True
            )
        ),
        AnnexALine.objects.aggregate(total=Sum("allocation"))["total"],
    )


def _flush():
    for model in reversed(apps.get_models()):
        ours = model._meta.app_label in {"interventions", "svd", "reporting", "partnership", "grants"}
        if ours and not model._meta.proxy and model._meta.label != "partnership.User":
            model.objects.all().delete()


def test_it_makes_the_volumes_asked_for_and_the_same_data_for_a_seed(db):
    call_command("generate_scale_data", *SMALL, stdout=StringIO())
    first = _fingerprint()

    assert Organisation.objects.csps().count() == 4
    assert QuarterlyOutcome.objects.count() + OutcomeBreakdown.objects.count() == 200
    assert QuarterlyReturn.objects.count() == 4 * 2 * 4  # every CSP, every quarter of two years
    assert PanelReport.objects.count() == 200

    _flush()
    call_command("generate_scale_data", *SMALL, stdout=StringIO())

    assert _fingerprint() == first

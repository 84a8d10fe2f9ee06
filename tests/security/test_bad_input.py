"""Bad input: the portal's forms refuse arbitrary text, numbers, Unicode, very
long strings and missing fields with a message on a field, save nothing, and
never answer with a server error. The harness is tests/security/bad_input.py.
"""

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpResponseRedirect
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.forms import PortalPasswordResetForm, SignInForm, TwoFactorCodeForm
from partnership.models import User

from .bad_input import check_form_refuses_bad_input

pytestmark = pytest.mark.django_db


class _CountingClient:
    """Stands in for the test client: counts the submissions the harness makes and
    accepts each one (a redirect), so only the number of examples is measured."""

    def __init__(self):
        self.posts = 0

    def post(self, url, data):
        self.posts += 1
        return HttpResponseRedirect("/")


def _submissions_per_form():
    client = _CountingClient()
    check_form_refuses_bad_input(client=client, url="/a-form/", fields=["name", "amount"], models=[])
    return client.posts


def test_it_runs_two_hundred_examples_per_form_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert _submissions_per_form() >= 200

    monkeypatch.delenv("CI")
    assert 0 < _submissions_per_form() < 200  # a quicker search while working


def test_it_survives_bad_input_on_sign_in(users):
    check_form_refuses_bad_input(
        client=Client(),
        url=reverse("login"),
        fields=SignInForm.base_fields,
        models=[User, Session],
        # "Wrong username or password" deliberately names no field.
        allow_non_field=True,
    )


def test_it_survives_bad_input_on_the_two_factor_code(users):
    client = Client()
    client.force_login(users["staff"])
    TOTPDevice.objects.create(user=users["staff"], name="Authenticator app", confirmed=True)
    device = StaticDevice.objects.create(user=users["staff"], name="Backup codes", confirmed=True)
    StaticToken.objects.create(device=device, token="abcd1234")
    check_form_refuses_bad_input(
        client=client,
        url=reverse("two_factor_verify"),
        fields=TwoFactorCodeForm.base_fields,
        models=[StaticToken, TOTPDevice],
    )


def test_it_survives_bad_input_on_password_reset(users):
    from django.core import mail

    check_form_refuses_bad_input(
        client=Client(), url=reverse("password_reset"), fields=PortalPasswordResetForm.base_fields, models=[User]
    )
    assert mail.outbox == [], "no account matched, so no e-mail went out"


def test_it_survives_bad_input_on_two_factor_set_up(users):
    client = Client()
    client.force_login(users["panel"])
    check_form_refuses_bad_input(
        client=client,
        url=reverse("two_factor_setup"),
        fields=TwoFactorCodeForm.base_fields,
        models=[StaticToken],
    )
    assert not TOTPDevice.objects.filter(user=users["panel"], confirmed=True).exists()


# --- The portal's main forms, as they land on main -----------------------------
# Covered: grant, grant conditions, match contribution, intervention, outcome
# (with its breakdown rows), and the quarterly return's Annex A and Annex B.


def _staff_client(users):
    client = Client()
    client.force_login(users["staff"])
    return client


def test_it_survives_bad_input_on_the_grant_form(users):
    from grants.forms import GrantForm
    from grants.models import Grant

    check_form_refuses_bad_input(
        client=_staff_client(users), url=reverse("grants:grant_create"), fields=GrantForm.base_fields, models=[Grant]
    )


def test_it_survives_bad_input_on_the_grant_conditions_form(users, reference_data):
    from grants.forms import GrantConditionsForm
    from grants.models import Grant, GrantConditions

    grant = Grant.objects.create(
        reference="vru-core-2025",
        funder=reference_data["orgs"]["home_office"],
        programme=Grant._meta.get_field("programme").choices[0][0],
        period=reference_data["years"][2025].periods.first(),
        amount="1000000.00",
    )
    check_form_refuses_bad_input(
        client=_staff_client(users),
        url=reverse("grants:grant_conditions_edit", args=[grant.pk]),
        fields=GrantConditionsForm.base_fields,
        models=[GrantConditions],
        # The form carries the version it was drawn from (0 before there are conditions).
        fixed=lambda: {
            "version": str(GrantConditions.objects.filter(grant=grant).values_list("version", flat=True).first() or 0)
        },
    )


def test_it_survives_bad_input_on_the_match_contribution_form(users):
    from grants.forms import MatchContributionForm
    from grants.models import MatchContribution

    check_form_refuses_bad_input(
        client=_staff_client(users),
        url=reverse("grants:contribution_create"),
        fields=MatchContributionForm.base_fields,
        models=[MatchContribution],
    )


def test_it_survives_bad_input_on_the_intervention_form(users):
    from interventions.forms import InterventionForm
    from interventions.models import Intervention

    check_form_refuses_bad_input(
        client=_staff_client(users),
        url=reverse("interventions:intervention_create"),
        fields=InterventionForm.base_fields,
        models=[Intervention],
    )


def test_it_survives_bad_input_on_the_outcome_form_and_its_breakdown_rows(demo):
    from interventions.forms import BreakdownForm, OutcomeForm
    from interventions.models import QuarterlyOutcome

    from .conftest import DEMO_USERNAMES
    from .test_access_matrix import Fixtures

    coordinator = User.objects.get(username=DEMO_USERNAMES["leeds"])
    intervention = Fixtures.intervention("leeds")
    client = Client()
    client.force_login(coordinator)
    row_fields = [f"breakdown-0-{name}" for name in BreakdownForm.base_fields]
    check_form_refuses_bad_input(
        client=client,
        url=reverse("interventions:outcome_enter", args=[intervention.reference]),
        fields=[*OutcomeForm.base_fields, *row_fields],
        fixed={"breakdown-TOTAL_FORMS": "1", "breakdown-INITIAL_FORMS": "0"},
        models=[QuarterlyOutcome],
    )


def test_it_puts_an_end_before_the_start_on_the_end_date_field(users):
    from interventions.models import Intervention

    response = _staff_client(users).post(
        reverse("interventions:intervention_create"),
        # GOV.UK date inputs post a date as day, month and year boxes (partnership/dates.py)
        {
            "starts_on_0": "2",
            "starts_on_1": "4",
            "starts_on_2": "2025",
            "ends_on_0": "1",
            "ends_on_1": "4",
            "ends_on_2": "2025",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["ends_on"] == ["The end date must be the same as or after the start date"]
    assert "__all__" not in errors
    assert not Intervention.objects.exists()


def _annex_harness(demo, annex):
    """A Leeds coordinator's editable return, its annex page fed arbitrary input on
    every line's every field. Refusals must leave the return and its lines as they
    were (a save updates rows in place, so row counts alone would not show it)."""
    from svd.models import AnnexALine, AnnexBLine, QuarterlyReturn, ReturnStatus
    from svd.returns import validation

    from .conftest import DEMO_USERNAMES

    coordinator = User.objects.get(username=DEMO_USERNAMES["leeds"])
    quarterly_return = (
        QuarterlyReturn.objects.filter(
            csp__in=coordinator.csp_ids, status__in=[ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT]
        )
        .order_by("quarter__starts_on")
        .first()
    )
    assert quarterly_return is not None, "the demo has no editable Leeds return"
    line_model, line_fields = (
        (AnnexALine, validation.ANNEX_A_FIELDS) if annex == "a" else (AnnexBLine, validation.ANNEX_B_FIELDS)
    )
    lines = line_model.objects.filter(quarterly_return=quarterly_return).order_by("pk")
    assert lines.exists(), f"the demo return has no Annex {annex.upper()} lines"
    fields = [f"{annex}-{line.pk}-{field}" for line in lines for field in line_fields]

    def current_version():
        return {"version": str(QuarterlyReturn.objects.values_list("version", flat=True).get(pk=quarterly_return.pk))}

    def state():
        return (
            QuarterlyReturn.objects.filter(pk=quarterly_return.pk).values("version", "status", "last_saved_at").get(),
            list(lines.values(*line_fields)),
        )

    client = Client()
    client.force_login(coordinator)
    check_form_refuses_bad_input(
        client=client,
        url=reverse(f"svd:annex_{annex}_edit", args=[quarterly_return.pk]),
        fields=fields,
        fixed=current_version,
        models=[QuarterlyReturn, AnnexALine, AnnexBLine],
        unchanged=state,
    )


def test_it_survives_bad_input_on_annex_a_of_a_quarterly_return(demo):
    _annex_harness(demo, "a")


def test_it_survives_bad_input_on_annex_b_of_a_quarterly_return(demo):
    _annex_harness(demo, "b")

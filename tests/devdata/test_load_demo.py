"""load_demo loads the April 2025 panel update's figures, and twice changes nothing."""

import os
import secrets
import subprocess
import sys
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.test import override_settings

from grants.models import Grant, Programme
from interventions.models import FundingStream, Intervention, QuarterlyOutcome
from partnership.models import User
from svd.models import SvdAllocation, SvdShare


def _row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_it_changes_no_row_when_run_twice(demo):
    before = _row_counts()

    call_command("load_demo", stdout=StringIO())

    assert _row_counts() == before


def test_it_holds_the_reports_grants_and_svd_money(demo):
    core = Grant.objects.filter(programme=Programme.VRU_CORE).order_by("period__starts_on")
    assert [(g.period.label, g.amount, g.status) for g in core] == [
        ("2024/25", Decimal("4341877.11"), "confirmed"),
        ("2025/26", Decimal("4341877.11"), "rollover"),
    ]
    assert core[0].conditions.required_match_funding() == Decimal("674000.00")
    assert core[1].conditions.required_match_funding() == Decimal("674000.00")
    svd = [
        (a.period.financial_year.label, a.labour_amount, a.non_labour_amount)
        for a in SvdAllocation.objects.order_by("period__starts_on")
    ]
    assert svd == [
        ("2022/23", Decimal("21553.33"), Decimal("42728.41")),
        ("2023/24", Decimal("101161.78"), Decimal("129017.47")),
        ("2024/25", Decimal("96302.13"), Decimal("65436.47")),
        ("2025/26", Decimal("96302.13"), Decimal("65436.47")),
    ]


def test_it_splits_every_svd_allocation_exactly(demo):
    for allocation in SvdAllocation.objects.all():
        for stream, amount in (("labour", allocation.labour_amount), ("non_labour", allocation.non_labour_amount)):
            shares = SvdShare.objects.filter(allocation=allocation, stream=stream)
            assert shares.aggregate(total=Sum("amount"))["total"] == amount
            assert shares.count() == allocation.recipients.count()


def test_it_holds_the_reports_interventions_and_outcomes(demo):
    core = Intervention.objects.filter(funding__stream=FundingStream.CORE, funding__financial_year__start_year=2024)
    assert core.count() == 46
    assert core.qualifying().count() == 21
    assert core.qualifying().aggregate(t=Sum("funding__amount"))["t"] == Decimal("1368197.00")
    assert core.not_qualifying().aggregate(t=Sum("funding__amount"))["t"] == Decimal("867822.00")
    assert Intervention.objects.filter(funding__stream=FundingStream.SVD).count() == 11
    totals = QuarterlyOutcome.objects.filter(
        quarter__financial_year__start_year=2024, quarter__number__lte=3
    ).aggregate(y=Sum("young_people"), a=Sum("adults"), t=Sum("workforce_trained"))
    assert totals == {"y": 9281, "a": 714, "t": 264}


def test_it_creates_one_demo_user_per_role_who_can_sign_in(demo, client, monkeypatch):
    from devdata.demo.partnership import DEMO_USERNAMES, demo_password

    assert sorted(User.objects.values_list("username", flat=True)) == sorted(DEMO_USERNAMES)
    for username in DEMO_USERNAMES:
        assert client.login(username=username, password=demo_password()), username


def test_it_never_changes_the_password_of_a_user_who_exists_already(db):
    User.objects.create_superuser(username="admin", password="the-admins-own-password")
    out = StringIO()
    call_command("load_demo", stdout=out)
    admin = User.objects.get(username="admin")
    assert admin.check_password("the-admins-own-password")
    assert "keep their own password: admin" in out.getvalue()


@override_settings(PORTAL_DEMO_DATA=False)
def test_it_refuses_to_load_where_the_settings_do_not_allow_demo_data(db):
    with pytest.raises(CommandError, match="development and tests only"):
        call_command("load_demo", stdout=StringIO())
    assert not User.objects.exists()


def test_production_does_not_install_the_demo_data_or_its_commands():
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "DATABASE_URL") if k in os.environ}
    env |= {
        "DJANGO_SETTINGS_MODULE": "vrp_portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "vrp.example.org",
        "PORTAL_REQUIRE_2FA": "true",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "Unknown command: 'load_demo'" in result.stderr

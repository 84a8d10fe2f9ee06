"""The equal split and overrides: the shares always add up to the amount exactly."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from partnership.money import split_equally
from svd.models import SvdShare
from svd.services import svd_shares_override

AMOUNTS = st.decimals(
    min_value=Decimal("0.00"), max_value=Decimal("999999999999.99"), places=2, allow_nan=False, allow_infinity=False
)


@given(amount=AMOUNTS, count=st.integers(min_value=1, max_value=50))
def test_it_splits_any_amount_into_shares_a_penny_apart_that_sum_exactly(amount, count):
    shares = split_equally(amount, count)

    assert len(shares) == count
    assert sum(shares, Decimal("0.00")) == amount
    assert max(shares) - min(shares) <= Decimal("0.01")
    assert all(s == s.quantize(Decimal("0.01")) for s in shares)
    # The leftover pennies go to the first recipients in the stated order.
    assert shares == sorted(shares, reverse=True)


def test_it_gives_the_leftover_pennies_to_the_first_recipients(allocation):
    shares = {(s.stream, s.recipient.ref): s.amount for s in SvdShare.objects.select_related("recipient")}

    assert [shares[("labour", r)] for r in ("police", "csp-leeds", "csp-bradford")] == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]
    assert [shares[("non_labour", r)] for r in ("police", "csp-leeds", "csp-bradford")] == [
        Decimal("21812.16"),
        Decimal("21812.16"),
        Decimal("21812.15"),
    ]


def _labour(allocation):
    return list(allocation.shares.filter(stream="labour").order_by("position"))


def test_it_records_an_override_with_its_reason_who_and_when(allocation, users):
    police, leeds, bradford = _labour(allocation)

    svd_shares_override(
        allocation=allocation,
        stream="labour",
        reason="Police take on the analyst post",
        amounts={police.pk: Decimal("50.00"), leeds.pk: Decimal("25.00"), bradford.pk: Decimal("25.00")},
        by=users["staff"],
    )

    police.refresh_from_db()
    assert police.amount == Decimal("50.00") and police.is_override
    assert police.override_reason == "Police take on the analyst post"
    assert police.overridden_by == users["staff"] and police.overridden_at is not None
    assert police.history.first().history_user == users["staff"]
    assert sum(s.amount for s in _labour(allocation)) == Decimal("100.00")


def test_it_refuses_an_override_that_does_not_add_up_and_saves_nothing(allocation, users):
    police, leeds, bradford = _labour(allocation)

    with pytest.raises(ValidationError, match="add up to £100.01 but the labour amount is £100.00"):
        svd_shares_override(
            allocation=allocation,
            stream="labour",
            reason="Typo",
            amounts={police.pk: Decimal("33.35"), leeds.pk: Decimal("33.33"), bradford.pk: Decimal("33.33")},
            by=users["staff"],
        )
    assert [s.amount for s in _labour(allocation)] == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert not SvdShare.objects.filter(is_override=True).exists()


def test_it_refuses_an_override_without_a_reason(allocation, users):
    police, leeds, bradford = _labour(allocation)
    with pytest.raises(ValidationError, match="reason"):
        svd_shares_override(
            allocation=allocation,
            stream="labour",
            reason="   ",
            amounts={police.pk: Decimal("50.00"), leeds.pk: Decimal("25.00"), bradford.pk: Decimal("25.00")},
            by=users["staff"],
        )
    assert not SvdShare.objects.filter(is_override=True).exists()


def test_it_refuses_a_negative_share_even_if_the_sum_is_right(allocation, users):
    police, leeds, bradford = _labour(allocation)
    with pytest.raises(ValidationError):
        svd_shares_override(
            allocation=allocation,
            stream="labour",
            reason="Clawback",
            amounts={police.pk: Decimal("110.00"), leeds.pk: Decimal("-5.00"), bradford.pk: Decimal("-5.00")},
            by=users["staff"],
        )
    assert not SvdShare.objects.filter(is_override=True).exists()

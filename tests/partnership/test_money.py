from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnership.money import format_gbp, minimum_to_penny, percentage_of, round_to_penny, split_equally

amounts = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("999999999999.99"), places=2)


def test_it_rounds_the_30_percent_minimum_up_to_the_penny():
    exact = percentage_of(Decimal("4341877.11"), Decimal("30"))

    assert exact == Decimal("1302563.133")
    assert minimum_to_penny(exact) == Decimal("1302563.14")


def test_it_rounds_half_up_where_postgres_and_the_spreadsheet_agree():
    assert round_to_penny(Decimal("1.005")) == Decimal("1.01")
    assert round_to_penny(Decimal("1.004")) == Decimal("1.00")


def test_it_refuses_floats_anywhere_in_money():
    with pytest.raises(TypeError):
        round_to_penny(1.005)


def test_it_gives_the_leftover_pennies_to_the_first_recipients_in_order():
    shares = split_equally(Decimal("96302.13"), 19)

    assert shares[:6] == [Decimal("5068.54")] * 6
    assert shares[6:] == [Decimal("5068.53")] * 13
    assert sum(shares) == Decimal("96302.13")


@given(amount=amounts, count=st.integers(min_value=1, max_value=50))
def test_it_splits_any_amount_into_shares_that_differ_by_at_most_a_penny_and_sum_exactly(amount, count):
    shares = split_equally(amount, count)

    assert len(shares) == count
    assert sum(shares) == amount
    assert max(shares) - min(shares) <= Decimal("0.01")
    assert shares == sorted(shares, reverse=True)
    assert all(share == share.quantize(Decimal("0.01")) for share in shares)


def test_it_refuses_to_split_among_nobody():
    with pytest.raises(ValueError):
        split_equally(Decimal("10.00"), 0)


def test_it_formats_pounds_with_commas_and_pence():
    assert format_gbp(Decimal("1368197")) == "£1,368,197.00"
    assert format_gbp(Decimal("1368197"), pence=False) == "£1,368,197"
    assert format_gbp(Decimal("-5.5")) == "-£5.50"

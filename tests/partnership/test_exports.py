from decimal import Decimal

import pytest

from partnership.exports import neutralise_formula


@pytest.mark.parametrize("text", ["=SUM(A1:A2)", "+1+1", "-2+3", "@cmd", "\t=1", "\r=1"])
def test_it_makes_formula_text_inert(text):
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["Safer Leeds", "", "1 = 1", Decimal("-12.50"), 5, None])
def test_it_leaves_other_values_alone(value):
    assert neutralise_formula(value) == value

"""Money helpers: the only place the portal rounds or splits an amount.

Every amount is a Decimal in pounds with two places. Nothing here accepts a float.
"""

import re
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.core.validators import MinValueValidator

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_DIGITS = 14
DECIMAL_PLACES = 2
# Every money column: DecimalField(**MONEY_FIELD). Pounds to the penny, below a trillion.
MONEY_FIELD = {"max_digits": MAX_DIGITS, "decimal_places": DECIMAL_PLACES}
MONEY_LIMIT = Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES)
NON_NEGATIVE = [MinValueValidator(ZERO)]


def _as_decimal(amount) -> Decimal:
    if isinstance(amount, float):
        raise TypeError("Money must be a Decimal or a string, never a float.")
    return amount if isinstance(amount, Decimal) else Decimal(str(amount))


def round_to_penny(amount) -> Decimal:
    """Round half up to the penny: the rounding for any computed amount that is not a minimum."""
    return _as_decimal(amount).quantize(PENNY, rounding=ROUND_HALF_UP)


def minimum_to_penny(amount) -> Decimal:
    """Round a minimum *up* to the penny, so meeting the rounded figure meets the rule.

    30% of £4,341,877.11 is £1,302,563.133; the minimum is £1,302,563.14.
    """
    return _as_decimal(amount).quantize(PENNY, rounding=ROUND_CEILING)


def percentage_of(amount, percent) -> Decimal:
    """The exact (unrounded) share; the caller says how it is rounded."""
    return _as_decimal(amount) * _as_decimal(percent) / Decimal(100)


def is_whole_pennies(amount: Decimal) -> bool:
    """True for £12.30 or £12.3, false for £12.305: money is entered to the penny."""
    return _as_decimal(amount) == _as_decimal(amount).quantize(PENNY)


def whole_percent(part, whole) -> int:
    """`part` as a whole percentage of `whole`, half up (7 of 15 is 47%)."""
    return int((_as_decimal(part) * 100 / _as_decimal(whole)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def split_equally(amount, count: int) -> list[Decimal]:
    """Split an amount into `count` equal shares that add up to it exactly.

    Largest remainder: every share is the amount divided by count, rounded down to
    the penny, and the leftover pennies go one each to the first shares in order.
    """
    if count < 1:
        raise ValueError("An amount can only be split among one or more recipients.")
    pennies = int(round_to_penny(amount) * 100)
    if pennies < 0:
        raise ValueError("A negative amount cannot be split.")
    base, leftover = divmod(pennies, count)
    return [Decimal(base + (1 if i < leftover else 0)) / 100 for i in range(count)]


def format_gbp(amount, pence: bool = True) -> str:
    """£1,302,563.14 (or £1,302,563 with pence=False)."""
    if amount is None:
        return ""
    value = round_to_penny(amount)
    sign = "-" if value < 0 else ""
    text = f"{abs(value):,.2f}" if pence else f"{abs(value):,.0f}"
    return f"{sign}£{text}"


_TYPED_MONEY = re.compile(r"(?P<sign>-?)£?(?P<number>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?|[0-9]*\.?[0-9]*)")


def money_from_text(text) -> Decimal:
    """What a person typed as an amount, as the Decimal they meant, unrounded:
    "£1,250.50", "1250.5" and "-£3" are read; commas only as thousands separators,
    so "1,25" (is it 1.25 or 125?) is refused. The one reader of typed money, for
    every form, the return annexes and uploads, imports and the API. Raises ValueError.
    """
    if isinstance(text, float):
        raise TypeError("Money must be a Decimal or a string, never a float.")
    if isinstance(text, (int, Decimal)):
        amount = Decimal(text)
    else:
        found = _TYPED_MONEY.fullmatch(str(text).strip())
        if not found or not any(c.isdigit() for c in found["number"]):
            raise ValueError(f"Not an amount in pounds: {str(text)[:40]!r}")
        amount = Decimal(found["sign"] + found["number"].replace(",", ""))
    if not amount.is_finite():
        raise ValueError("Not an amount in pounds.")
    return amount

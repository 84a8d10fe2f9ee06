"""Two people save the same draft at the same moment, from the same version: the
row lock makes one wait, and it is refused instead of overwriting the other."""

import threading
from decimal import Decimal

import pytest
from django.db import OperationalError, connection, connections

from svd.models import FundingLine
from svd.returns import services


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_first_of_two_simultaneous_saves(q1, users):
    leeds = q1["leeds"]
    line = leeds.annex_a_lines.get(funding_line=FundingLine.SVD_LABOUR)
    start = threading.Barrier(2)
    outcomes = {}

    def save(name, amount):
        start.wait()
        try:
            services.return_save(
                quarterly_return=leeds,
                version=1,
                by=users[name],
                annex_a={line.pk: {"spend_this_quarter": amount, "spend_to_date": amount}},
            )
            outcomes[name] = ("saved", amount)
        except services.StaleReturn:
            outcomes[name] = ("refused", amount)
        except OperationalError as error:  # SQLite has no row locks: the loser's write is refused instead
            assert connection.vendor == "sqlite" and "locked" in str(error)
            outcomes[name] = ("refused", amount)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=args) for args in (("leeds", "10.00"), ("staff", "20.00"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(result for result, _ in outcomes.values()) == ["refused", "saved"]
    saved_amount = next(amount for result, amount in outcomes.values() if result == "saved")
    line.refresh_from_db()
    leeds.refresh_from_db()
    assert line.spend_this_quarter == Decimal(saved_amount)
    assert leeds.version == 2

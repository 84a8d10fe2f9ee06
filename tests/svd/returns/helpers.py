"""Helpers for the quarterly-return tests: Leeds's shares in the `shares` fixture
(tests/plugins/returns.py) and figures that pass every rule."""

from decimal import Decimal

from svd.returns import services

# Leeds's shares: labour £300.00 / 3 = £100.00; non-labour £600.01 / 3 = £200.00
# (the leftover penny goes to the police, first in the stated order).
LEEDS_LABOUR = Decimal("100.00")
LEEDS_NON_LABOUR = Decimal("200.00")


def valid_figures(quarterly_return):
    """Annex A and B values that pass every rule (Q1: spend to date = this quarter)."""
    a = {}
    for line in quarterly_return.annex_a_lines.all():
        a[line.pk] = {
            "spend_this_quarter": "25.50",
            "spend_to_date": "25.50",
            "forecast_to_year_end": str(line.allocation),
            "explanation": "",
        }
    b = {
        line.pk: {
            "delivered": "Navigators in the emergency department five nights a week.",
            "young_people": "40",
            "adults": "3",
            "workforce_trained": "2",
            "progress": "on_track",
            "risks_and_issues": "",
            "narrative": "Steady referrals.",
            "case_study": "",
        }
        for line in quarterly_return.annex_b_lines.all()
    }
    return a, b


def fill(quarterly_return, by):
    a, b = valid_figures(quarterly_return)
    quarterly_return.refresh_from_db()
    services.return_save(
        quarterly_return=quarterly_return, version=quarterly_return.version, by=by, annex_a=a, annex_b=b
    )
    quarterly_return.refresh_from_db()
    return quarterly_return

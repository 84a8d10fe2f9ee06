"""The rules in svd.returns.validation, each with the message a coordinator sees."""

from decimal import Decimal

import pytest
from django.test import override_settings

from svd.models import AnnexALine, AnnexBLine, FundingLine
from svd.returns import validation


def a_line(allocation="100.00"):
    return AnnexALine(pk=1, funding_line=FundingLine.SVD_LABOUR, allocation=Decimal(allocation))


def b_line():
    return AnnexBLine(pk=2, activity_name="Detached youth work")


def a_problems(raw, previous=None, complete=False, allocation="100.00"):
    _, problems = validation.clean_annex_a(
        [a_line(allocation)], {1: raw}, previous_to_date=previous or {}, complete=complete
    )
    return {p.field: p.text for p in problems}


def b_problems(raw, complete=False):
    _, problems = validation.clean_annex_b([b_line()], {2: raw}, complete=complete)
    return {p.field: p.text for p in problems}


@pytest.mark.parametrize(
    "typed, message",
    [
        ("-1.00", "Spend this quarter must be £0.00 or more"),
        ("12.345", "Spend this quarter must be to the penny, with no more than 2 decimal places"),
        ("twelve", "Enter spend this quarter as an amount in pounds, like 1250.00"),
        ("NaN", "Enter spend this quarter as an amount in pounds, like 1250.00"),
    ],
)
def test_it_refuses_amounts_that_are_not_pounds_and_pence(typed, message):
    assert a_problems({"spend_this_quarter": typed, "spend_to_date": "1.00"})["spend_this_quarter"] == message


def test_it_accepts_pounds_with_a_sign_and_commas():
    cleaned, problems = validation.clean_annex_a(
        [a_line("5000.00")], {1: {"spend_this_quarter": "£1,250.5", "spend_to_date": "1250.50"}}, previous_to_date={}
    )
    assert problems == []
    assert cleaned[1]["spend_this_quarter"] == Decimal("1250.50")


def test_it_checks_spend_to_date_adds_up():
    problems = a_problems(
        {"spend_this_quarter": "10.00", "spend_to_date": "50.00"}, previous={FundingLine.SVD_LABOUR: Decimal("30.00")}
    )
    assert problems["spend_to_date"] == (
        "Spend to date must be £40.00: £30.00 reported up to the previous approved quarter"
        " plus £10.00 spent this quarter"
    )


def test_it_needs_an_explanation_for_spend_above_the_allocation():
    problems = a_problems({"spend_this_quarter": "100.01", "spend_to_date": "100.01"})
    assert problems["explanation"] == "Explain why spend to date (£100.01) is above the allocation (£100.00)"
    assert "explanation" not in a_problems(
        {"spend_this_quarter": "100.01", "spend_to_date": "100.01", "explanation": "Bought a van"}
    )


@override_settings(PORTAL_VARIANCE_EXPLANATION_THRESHOLD_PERCENT=Decimal("10"))
def test_it_needs_an_explanation_for_a_variance_above_the_threshold():
    assert "explanation" not in a_problems({"forecast_to_year_end": "90.00"})  # exactly 10%: allowed
    assert a_problems({"forecast_to_year_end": "89.99"})["explanation"] == (
        "Explain the variance: the forecast to year end differs from the allocation by more than 10%"
    )


def test_it_works_out_spend_to_date_from_the_previous_approved_quarter():
    previous = {FundingLine.SVD_LABOUR: Decimal("30.00")}
    cleaned, problems = validation.clean_annex_a(
        [a_line()], {1: {"spend_this_quarter": "10.00"}}, previous_to_date=previous
    )
    assert problems == []
    assert cleaned[1]["spend_to_date"] == Decimal("40.00")
    cleaned, problems = validation.clean_annex_a(
        [a_line()], {1: {"spend_this_quarter": "10.00", "spend_to_date": ""}}, previous_to_date={}
    )
    assert cleaned[1]["spend_to_date"] == Decimal("10.00")


def test_it_needs_both_of_a_pair():
    assert (
        a_problems({"spend_to_date": "1.00"})["spend_this_quarter"]
        == "Enter spend this quarter as well as spend to date"
    )
    assert b_problems({"young_people": "3"})["adults"] == (
        "Enter people aged 25 or over as well as people aged 24 or under (enter 0 if none)"
    )


@pytest.mark.parametrize("typed", ["2.5", "-1", "lots"])
def test_it_wants_counts_as_whole_numbers(typed):
    assert b_problems({"young_people": typed, "adults": "0"})["young_people"] in (
        "Enter people aged 24 or under as a whole number, like 12",
        "People aged 24 or under must be 0 or more",
    )


def test_it_accepts_a_whole_number_from_a_spreadsheet():
    cleaned, problems = validation.clean_annex_b([b_line()], {2: {"young_people": 12.0, "adults": 3}}, complete=False)
    assert problems == [] and cleaned[2]["young_people"] == 12


def test_it_requires_every_field_only_on_submission():
    assert a_problems({}) == {}
    assert a_problems({}, complete=True) == {
        "spend_this_quarter": "Enter spend this quarter",
        "spend_to_date": "Enter spend to date",
        "forecast_to_year_end": "Enter forecast to year end",
    }
    assert b_problems({}, complete=True)["progress"] == "Select progress"


def test_it_asks_for_risks_when_progress_is_at_risk():
    assert b_problems({"progress": "At risk"})["risks_and_issues"] == (
        "Describe the risks and issues when progress is at risk or off track"
    )


def test_it_names_the_line_in_the_message_and_links_to_the_field():
    _, problems = validation.clean_annex_a([a_line()], {1: {"spend_this_quarter": "-1"}}, previous_to_date={})
    assert problems[0].message.startswith("SVD labour share: ")
    assert problems[0].field_id == "a-1-spend_this_quarter"

"""The rules a quarterly return must meet: the only place they are written.

The pages, the XLSX upload and the API all pass what the coordinator typed
through `clean_annex_a` and `clean_annex_b`; submission checks the stored return
with `problems_for_submission`. Messages are written for a CSP coordinator.

Saving a draft applies every rule except completeness (so work can be saved
half done); submitting also requires every field that must be filled.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings

from partnership.money import (
    MONEY_LIMIT,
    ZERO,
    format_gbp,
    is_whole_pennies,
    money_from_text,
    percentage_of,
    round_to_penny,
)
from partnership.text import text_problem

ANNEX_A_MONEY_FIELDS = ["spend_this_quarter", "spend_to_date", "forecast_to_year_end"]
ANNEX_A_FIELDS = ANNEX_A_MONEY_FIELDS + ["explanation"]
ANNEX_B_COUNT_FIELDS = ["young_people", "adults", "workforce_trained"]
ANNEX_B_TEXT_FIELDS = ["delivered", "risks_and_issues", "narrative", "case_study"]
ANNEX_B_FIELDS = ["delivered"] + ANNEX_B_COUNT_FIELDS + ["progress", "risks_and_issues", "narrative", "case_study"]

LABELS = {
    "spend_this_quarter": "spend this quarter",
    "spend_to_date": "spend to date",
    "forecast_to_year_end": "forecast to year end",
    "explanation": "explanation",
    "delivered": "what was delivered",
    "young_people": "people aged 24 or under",
    "adults": "people aged 25 or over",
    "workforce_trained": "workforce trained",
    "progress": "progress",
    "risks_and_issues": "risks and issues",
    "narrative": "narrative",
    "case_study": "case study",
}
# When one of a pair is filled, the other must be too.
ANNEX_A_PAIRS = [("spend_this_quarter", "spend_to_date")]
ANNEX_B_PAIRS = [("young_people", "adults")]
# Required before the return can be submitted.
ANNEX_A_REQUIRED = ANNEX_A_MONEY_FIELDS
ANNEX_B_REQUIRED = ["delivered", "young_people", "adults", "workforce_trained", "progress"]
PROGRESS_VALUES = {"on_track": "On track", "at_risk": "At risk", "off_track": "Off track"}
COUNT_LIMIT = 10_000_000


@dataclass(frozen=True)
class Problem:
    annex: str  # "a" or "b"
    line_id: int
    field: str
    text: str
    line_name: str = ""

    @property
    def message(self) -> str:
        return f"{self.line_name}: {self.text}" if self.line_name else self.text

    @property
    def field_id(self) -> str:
        """The id of the input on the annex page, for the error summary's link.
        Spend to date is worked out from spend this quarter, so its input is that one."""
        field = "spend_this_quarter" if self.field == "spend_to_date" else self.field
        return f"{self.annex}-{self.line_id}-{field}"


class FieldError(ValueError):
    pass


def parse_money(text, field: str):
    """'1,250.50' or '£1250.5' → Decimal('1250.50'); blank → None (partnership.money.money_from_text)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if isinstance(text, float):
        text = repr(text)  # a spreadsheet cell: its shortest exact decimal form, never binary noise
    label = LABELS[field]
    try:
        amount = money_from_text(text)
    except ValueError:
        raise FieldError(f"Enter {label} as an amount in pounds, like 1250.00") from None
    if amount < 0:
        raise FieldError(f"{label.capitalize()} must be £0.00 or more")
    if amount >= MONEY_LIMIT:
        raise FieldError(f"{label.capitalize()} must be less than {format_gbp(MONEY_LIMIT, pence=False)}")
    if not is_whole_pennies(amount):
        raise FieldError(f"{label.capitalize()} must be to the penny, with no more than 2 decimal places")
    return round_to_penny(amount)


def parse_count(text, field: str):
    """'12' → 12; blank → None; '12.5' or '-1' are refused."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    label = LABELS[field]
    cleaned = str(text).strip().replace(",", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise FieldError(f"Enter {label} as a whole number, like 12") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise FieldError(f"Enter {label} as a whole number, like 12")
    if number < 0:
        raise FieldError(f"{label.capitalize()} must be 0 or more")
    if number >= COUNT_LIMIT:
        raise FieldError(f"{label.capitalize()} must be less than {COUNT_LIMIT:,}")
    return int(number)


def parse_progress(text):
    """A progress value or its label ('At risk'); blank → ''."""
    if text is None or not str(text).strip():
        return ""
    cleaned = str(text).strip()
    for value, label in PROGRESS_VALUES.items():
        if cleaned.lower() in (value, label.lower()):
            return value
    raise FieldError("Select progress: on track, at risk or off track")


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def variance_needs_explanation(*, allocation: Decimal, forecast: Decimal | None) -> bool:
    """|forecast − allocation| above the configured percentage of the allocation."""
    if forecast is None:
        return False
    threshold = percentage_of(allocation, settings.PORTAL_VARIANCE_EXPLANATION_THRESHOLD_PERCENT)
    return abs(forecast - allocation) > threshold


def check_annex_a_line(line, values: dict, *, previous_to_date: Decimal, complete: bool) -> list[Problem]:
    """The rules for one Annex A line, on typed values (Decimals or None)."""
    name = line.get_funding_line_display()

    def problem(field, message):
        return Problem("a", line.pk, field, message, name)

    found = []
    if complete:
        for field in ANNEX_A_REQUIRED:
            if values.get(field) is None:
                found.append(problem(field, f"Enter {LABELS[field]}"))
    for first, second in ANNEX_A_PAIRS:
        if (values.get(first) is None) != (values.get(second) is None):
            missing = second if values.get(second) is None else first
            filled = first if missing == second else second
            if not any(p.field == missing for p in found):
                found.append(problem(missing, f"Enter {LABELS[missing]} as well as {LABELS[filled]}"))
    this_quarter, to_date = values.get("spend_this_quarter"), values.get("spend_to_date")
    if this_quarter is not None and to_date is not None and to_date != previous_to_date + this_quarter:
        found.append(
            problem(
                "spend_to_date",
                f"Spend to date must be {format_gbp(previous_to_date + this_quarter)}: "
                f"{format_gbp(previous_to_date)} reported up to the previous approved quarter "
                f"plus {format_gbp(this_quarter)} spent this quarter",
            )
        )
    explanation = _text(values.get("explanation"))
    if not explanation:
        if to_date is not None and to_date > line.allocation:
            found.append(
                problem(
                    "explanation",
                    f"Explain why spend to date ({format_gbp(to_date)}) is above "
                    f"the allocation ({format_gbp(line.allocation)})",
                )
            )
        elif variance_needs_explanation(allocation=line.allocation, forecast=values.get("forecast_to_year_end")):
            found.append(
                problem(
                    "explanation",
                    "Explain the variance: the forecast to year end differs from the allocation by more than "
                    f"{settings.PORTAL_VARIANCE_EXPLANATION_THRESHOLD_PERCENT}%",
                )
            )
    return found


def check_annex_b_line(line, values: dict, *, complete: bool) -> list[Problem]:
    name = line.name

    def problem(field, message):
        return Problem("b", line.pk, field, message, name)

    found = []
    if complete:
        for field in ANNEX_B_REQUIRED:
            value = values.get(field)
            if value is None or value == "":
                verb = "Select" if field == "progress" else "Enter"
                found.append(problem(field, f"{verb} {LABELS[field]}"))
    for first, second in ANNEX_B_PAIRS:
        if (values.get(first) is None) != (values.get(second) is None):
            missing = second if values.get(second) is None else first
            filled = first if missing == second else second
            if not any(p.field == missing for p in found):
                found.append(problem(missing, f"Enter {LABELS[missing]} as well as {LABELS[filled]} (enter 0 if none)"))
    if values.get("progress") in ("at_risk", "off_track") and not _text(values.get("risks_and_issues")):
        found.append(problem("risks_and_issues", "Describe the risks and issues when progress is at risk or off track"))
    return found


def clean_annex_a(lines, raw: dict, *, previous_to_date: dict, complete: bool = False):
    """Parse and check what was typed for each line: ({line id: values}, [Problem]).

    `raw` maps a line id to {field: text}; a field left out keeps the stored value.
    Spend to date follows from what the portal knows: when spend this quarter is
    given and spend to date is not (the page no longer asks for it; a spreadsheet
    or API client may leave it blank), it is the previous approved spend to date
    plus this quarter's. One that is given must still agree.
    """
    cleaned, problems = {}, []
    for line in lines:
        typed = dict(raw.get(line.pk, {}))
        previous = previous_to_date.get(line.funding_line, ZERO)
        if "spend_this_quarter" in typed and not _text(typed.get("spend_to_date")):
            typed["spend_to_date"] = _derived_to_date(typed["spend_this_quarter"], previous)
        values = {field: getattr(line, field) for field in ANNEX_A_FIELDS}
        for field in ANNEX_A_MONEY_FIELDS:
            if field in typed:
                try:
                    values[field] = parse_money(typed[field], field)
                except FieldError as error:
                    problems.append(Problem("a", line.pk, field, str(error), line.get_funding_line_display()))
                    values[field] = None
        if "explanation" in typed:
            values["explanation"] = _text(typed["explanation"])
            problem = text_problem(values["explanation"])
            if problem:
                problems.append(Problem("a", line.pk, "explanation", problem, line.get_funding_line_display()))
        bad_fields = {p.field for p in problems if p.line_id == line.pk}
        problems += [
            p
            for p in check_annex_a_line(
                line,
                values,
                previous_to_date=previous,
                complete=complete,
            )
            if p.field not in bad_fields
        ]
        cleaned[line.pk] = values
    return cleaned, problems


def _derived_to_date(this_quarter_text, previous: Decimal) -> str:
    """Spend to date as text, from spend this quarter as typed; blank if that is
    blank or not an amount (its own error is reported against spend this quarter)."""
    try:
        this_quarter = parse_money(this_quarter_text, "spend_this_quarter")
    except FieldError:
        return ""
    return "" if this_quarter is None else str(previous + this_quarter)


def derived_spend_to_date(line, previous_to_date: dict):
    """What spend to date is for a line as stored: for the pages to show."""
    if line.spend_this_quarter is None:
        return None
    return previous_to_date.get(line.funding_line, ZERO) + line.spend_this_quarter


def clean_annex_b(lines, raw: dict, *, complete: bool = False):
    cleaned, problems = {}, []
    for line in lines:
        typed = raw.get(line.pk, {})
        values = {field: getattr(line, field) for field in ANNEX_B_FIELDS}
        for field in ANNEX_B_COUNT_FIELDS:
            if field in typed:
                try:
                    values[field] = parse_count(typed[field], field)
                except FieldError as error:
                    problems.append(Problem("b", line.pk, field, str(error), line.name))
                    values[field] = None
        if "progress" in typed:
            try:
                values["progress"] = parse_progress(typed["progress"])
            except FieldError as error:
                problems.append(Problem("b", line.pk, "progress", str(error), line.name))
                values["progress"] = ""
        for field in ANNEX_B_TEXT_FIELDS:
            if field in typed:
                values[field] = _text(typed[field])
                problem = text_problem(values[field])
                if problem:
                    problems.append(Problem("b", line.pk, field, problem, line.name))
        bad_fields = {p.field for p in problems if p.line_id == line.pk}
        problems += [p for p in check_annex_b_line(line, values, complete=complete) if p.field not in bad_fields]
        cleaned[line.pk] = values
    return cleaned, problems


def problems_for_submission(quarterly_return, a_lines, b_lines, *, previous_to_date: dict) -> list[Problem]:
    """Every rule, completeness included, on the stored return."""
    _, a_problems = clean_annex_a(a_lines, {}, previous_to_date=previous_to_date, complete=True)
    _, b_problems = clean_annex_b(b_lines, {}, complete=True)
    return a_problems + b_problems

"""Import templates a newcomer can fill in (issue 13): the columns, an example
row, and what each column accepts. The XLSX template has the rows on its first
sheet (the one an import reads) and an "Allowed values" sheet; the CSV template
has the example row, and the import page lists the same allowed values.
"""

import tablib
from django.db import models

from partnership.models import District, Organisation, OrganisationKind

from .models import Intervention, QuarterlyOutcome, ToolkitApproach

LIST_LIMIT = 60  # names listed in full; longer lists say where to look instead
INTERVENTION_COLUMNS: list[str] = []  # the resource's TEMPLATE_HEADERS, set by template()


def _names(queryset, field="name"):
    names = list(queryset.values_list(field, flat=True)[: LIST_LIMIT + 1])
    if len(names) > LIST_LIMIT:
        return "; ".join(names[:LIST_LIMIT]) + "; … (see the admin for the full list)"
    return "; ".join(names) or "(none yet: add them in the admin first)"


def _model_field_guide(model, name) -> str:
    field = model._meta.get_field(name)
    if field.choices:
        return "One of: " + "; ".join(str(value) for value, _ in field.choices)
    if isinstance(field, models.DateField):
        return "A date written YYYY-MM-DD, like 2025-04-01" + (" (may be empty)" if field.blank else "")
    if isinstance(field, models.BooleanField):
        return "TRUE or FALSE"
    if isinstance(field, models.PositiveSmallIntegerField | models.PositiveIntegerField):
        validators = [v for v in field.validators if hasattr(v, "limit_value")]
        bounds = sorted(v.limit_value for v in validators)
        return f"A whole number from {bounds[0]} to {bounds[-1]}" if len(bounds) == 2 else "A whole number"
    return "Text" + (" (may be empty)" if field.blank else "")


def _intervention_guide() -> dict[str, str]:
    guide = {name: _model_field_guide(Intervention, name) for name in INTERVENTION_COLUMNS}
    providers = Organisation.objects.filter(kind=OrganisationKind.PROVIDER, is_active=True)
    guide["reference"] = "Your own short reference for the intervention, unique (a row with an existing one changes it)"
    guide["provider"] = "The provider's reference or its exact name. Providers: " + _names(providers)
    guide["districts"] = "District names separated by ; . Districts: " + _names(District.objects.filter(is_active=True))
    guide["approach_name"] = "A Youth Endowment Fund Toolkit approach, or empty. Approaches: " + _names(
        ToolkitApproach.objects.all()
    )
    return guide


def _outcome_guide() -> dict[str, str]:
    return {
        "intervention": "The intervention's reference, as the register shows it",
        "quarter": "The quarter, written like 2024/25 Q1",
        "young_people": "How many young people took part this quarter: a whole number, 0 or more",
        "adults": "How many adults took part this quarter: a whole number, 0 or more",
        "workforce_trained": "How many of the workforce were trained this quarter: a whole number, 0 or more",
    }


def _intervention_example() -> list:
    provider = Organisation.objects.filter(kind=OrganisationKind.PROVIDER, is_active=True).first()
    district = District.objects.filter(is_active=True).first()
    approach = ToolkitApproach.objects.first()
    example = {
        "reference": "EXAMPLE-1",
        "name": "Mentoring for young people (an example row: replace it)",
        "description": "One-to-one mentoring for young people at risk of exclusion.",
        "provider": provider.name if provider else "The provider's exact name",
        "districts": district.name if district else "A district's name",
        "status": "live",
        "starts_on": "2025-04-01",
        "ends_on": "2026-03-31",
        "target_cohort": "Young people aged 10 to 17",
        "approach_name": approach.name if approach else "",
        "impact": approach.impact if approach else "moderate",
        "evidence_quality": approach.evidence_quality if approach else 3,
        "cost": approach.cost if approach else 2,
        "rated_on": f"{approach.rated_on:%Y-%m-%d}" if approach else "2025-01-01",
        "evaluation_commissioned": "FALSE",
        "evaluator": "",
        "evaluation_status": "",
        "evaluation_url": "",
        "publishable": "TRUE",
    }
    return [example.get(column, "") for column in INTERVENTION_COLUMNS]


def _outcome_example() -> list:
    from .resources.widgets import quarter_code

    intervention = Intervention.objects.first()
    outcome_quarter = QuarterlyOutcome._meta.get_field("quarter").related_model.objects.order_by("-starts_on").first()
    return [
        intervention.reference if intervention else "EXAMPLE-1",
        quarter_code(outcome_quarter) if outcome_quarter else "2025/26 Q1",
        12,
        3,
        0,
    ]


def template(kind: str, headers: list[str]) -> tuple[tablib.Dataset, tablib.Dataset | None]:
    """(the rows sheet with one example row, the allowed-values sheet) for an import kind."""
    if kind == "interventions":
        INTERVENTION_COLUMNS[:] = headers
        example, guide = _intervention_example(), _intervention_guide()
    elif kind == "outcomes":
        example, guide = _outcome_example(), _outcome_guide()
    else:
        return tablib.Dataset(headers=headers, title="Rows"), None
    rows = tablib.Dataset(example, headers=headers, title="Rows")
    allowed = tablib.Dataset(headers=["column", "what it accepts"], title="Allowed values")
    for column in headers:
        allowed.append([column, guide.get(column, "")])
    return rows, allowed


def allowed_values(kind: str, headers: list[str]) -> list[tuple[str, str]]:
    _, allowed = template(kind, headers)
    return [tuple(row) for row in allowed] if allowed is not None else []

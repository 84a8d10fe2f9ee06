"""The panel report's charts, drawn from the figures snapshot by the portal's
one chart function (partnership.charts, matplotlib). The labels print the
snapshot's own figures, so a chart never shows a number the tables do not;
each chart has a data table beside it as its text alternative."""

import base64

from django.contrib.humanize.templatetags.humanize import intcomma

from partnership.charts import Series, horizontal_bars
from partnership.money import format_gbp

OUTCOME_SERIES = [
    ("young_people", "Aged 24 or under"),
    ("adults", "Aged 25 or over"),
    ("workforce_trained", "Workforce trained"),
]


def spend_against_allocation(rows: list[dict]) -> str:
    """Per CSP: its SVD allocation and, once returns are approved, its spend to date."""
    no_spend = all(r["spend"] is None for r in rows)
    series = [
        Series("Allocation", [r["allocation"] for r in rows], [format_gbp(r["allocation"]) for r in rows], "#505a5f"),
        Series(
            "Approved spend to date",
            [r["spend"] for r in rows],
            [format_gbp(r["spend"]) if r["spend"] is not None else "No approved return" for r in rows],
            "#1d70b8",
        ),
    ]
    if no_spend:
        series = series[:1]
    return horizontal_bars(
        title="SVD spend against allocation per CSP", categories=[r["csp"] for r in rows], series=series
    )


def outcomes_by_quarter(rows: list[dict]) -> str:
    """For each quarter, three bars: young people, adults, workforce trained."""
    return horizontal_bars(
        title="Outcomes by quarter",
        categories=[r["quarter"] for r in rows],
        series=[
            Series(label, [r[key] for r in rows], [intcomma(r[key]) for r in rows]) for key, label in OUTCOME_SERIES
        ],
    )


def as_data_uri(svg: str) -> str:
    """An <img> source: WeasyPrint tags an <img> with its alt text in the PDF."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()

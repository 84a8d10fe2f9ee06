"""The outcomes chart on an intervention's page: one group of bars per quarter,
drawn by the portal's chart function (partnership.charts, matplotlib) and shown
as an image; the table beneath it is its text alternative."""

import base64

from django.contrib.humanize.templatetags.humanize import intcomma

from partnership.charts import Series, horizontal_bars

SERIES = [
    ("young_people", "Aged 24 or under"),
    ("adults", "Aged 25 or over"),
    ("workforce_trained", "Workforce trained"),
]


def outcomes_chart(outcomes, *, title: str) -> str:
    """A data: URI of the SVG chart for these quarterly outcomes."""
    svg = horizontal_bars(
        title=title,
        categories=[o.quarter.label for o in outcomes],
        series=[
            Series(label, [getattr(o, name) for o in outcomes], [intcomma(getattr(o, name)) for o in outcomes])
            for name, label in SERIES
        ],
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()

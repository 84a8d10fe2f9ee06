"""SVG charts for the panel report, drawn from the figures snapshot.

Plain SVG strings: no plotting library, nothing to keep in memory between
renders. Bar lengths are computed in Decimal and written to one decimal place;
the labels print the snapshot's own figures, so a chart never shows a number
the tables do not.
"""

import base64
from decimal import Decimal
from xml.sax.saxutils import escape

from django.contrib.humanize.templatetags.humanize import intcomma

from partnership.money import format_gbp

WIDTH = 680
LABEL_WIDTH = 260
BAR_AREA = WIDTH - LABEL_WIDTH - 100
INK, FILL, SPEND, MUTED = "#0b0c0c", "#b1b4b6", "#1d70b8", "#505a5f"
SERIES_COLOURS = ["#1d70b8", "#f47738", "#00703c"]


def _n(value) -> str:
    return str(Decimal(value).quantize(Decimal("0.1")))


def _scale(value, largest) -> Decimal:
    if not largest:
        return Decimal(0)
    return Decimal(value) * BAR_AREA / Decimal(largest)


def _svg(width, height, title, body) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def spend_against_allocation(rows: list[dict]) -> str:
    """Per CSP: its SVD allocation (grey) and approved spend (blue) when returns exist."""
    row_height = 34
    height = 30 + row_height * max(len(rows), 1) + 20
    largest = max([Decimal(r["allocation"]) for r in rows] + [Decimal(r["spend"] or 0) for r in rows] + [Decimal(0)])
    parts = [
        f'<rect x="{LABEL_WIDTH}" y="6" width="12" height="12" fill="{FILL}"/>'
        f'<text x="{LABEL_WIDTH + 18}" y="16" fill="{INK}">Allocation</text>'
        f'<rect x="{LABEL_WIDTH + 110}" y="6" width="12" height="12" fill="{SPEND}"/>'
        f'<text x="{LABEL_WIDTH + 128}" y="16" fill="{INK}">Approved spend</text>'
    ]
    for i, row in enumerate(rows):
        y = 30 + i * row_height
        allocation = _scale(row["allocation"], largest)
        parts.append(f'<text x="0" y="{y + 14}" fill="{INK}">{escape(row["csp"])}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{_n(allocation)}" height="12" fill="{FILL}"/>')
        parts.append(
            f'<text x="{_n(LABEL_WIDTH + allocation + 6)}" y="{y + 10}" fill="{INK}">'
            f"{format_gbp(row['allocation'])}</text>"
        )
        if row["spend"] is None:
            parts.append(f'<text x="{LABEL_WIDTH}" y="{y + 26}" fill="{MUTED}">No returns recorded</text>')
        else:
            spend = _scale(row["spend"], largest)
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 14}" width="{_n(spend)}" height="12" fill="{SPEND}"/>')
            parts.append(
                f'<text x="{_n(LABEL_WIDTH + spend + 6)}" y="{y + 24}" fill="{INK}">{format_gbp(row["spend"])}</text>'
            )
    return _svg(WIDTH, height, "SVD spend against allocation per CSP", "".join(parts))


SERIES = [
    ("young_people", "Aged 24 or under"),
    ("adults", "Aged 25 or over"),
    ("workforce_trained", "Workforce trained"),
]


def outcomes_by_quarter(rows: list[dict]) -> str:
    """For each quarter, three bars: young people, adults, workforce trained."""
    group_height = 3 * 16 + 14
    height = 30 + group_height * max(len(rows), 1) + 10
    largest = max([Decimal(r[key]) for r in rows for key, _ in SERIES] + [Decimal(0)])
    parts = []
    for s, (_, label) in enumerate(SERIES):
        x = LABEL_WIDTH + s * 130
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{SERIES_COLOURS[s]}"/>')
        parts.append(f'<text x="{x + 18}" y="16" fill="{INK}">{label}</text>')
    for i, row in enumerate(rows):
        y0 = 30 + i * group_height
        parts.append(f'<text x="0" y="{y0 + 26}" fill="{INK}">{escape(row["quarter"])}</text>')
        for s, (key, _) in enumerate(SERIES):
            y = y0 + s * 16
            length = _scale(row[key], largest)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{_n(length)}" height="13" fill="{SERIES_COLOURS[s]}"/>'
            )
            parts.append(
                f'<text x="{_n(LABEL_WIDTH + length + 6)}" y="{y + 11}" fill="{INK}">{intcomma(row[key])}</text>'
            )
    return _svg(WIDTH, height, "Outcomes by quarter", "".join(parts))


def as_data_uri(svg: str) -> str:
    """An <img> source: WeasyPrint tags an <img> with its alt text in the PDF."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()

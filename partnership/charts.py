"""Horizontal bar charts as SVG, drawn by matplotlib (docs/decisions/0401).

One function for every chart in the portal (the panel report, the home page,
an intervention's outcomes), so they look alike and share one layout rule:
category labels are wrapped and given the room they need by matplotlib's
constrained layout, and each value label sits past the end of its bar inside
an axis widened to fit it, so no label can run into a bar or another label.

Values arrive as Decimal or int and are plotted as floats: a chart's bar length
is a picture, never a figure anyone reads. The printed labels are formatted by
the caller from the exact values. A chart is always accompanied by a data
table (its text alternative); the SVG carries a <title> too.
"""

import io
import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("svg")  # no GUI backend, ever: charts are drawn in web and worker processes

from matplotlib.figure import Figure

INK, MUTED = "#0b0c0c", "#505a5f"
# GOV.UK Frontend colours with at least 3:1 contrast against white and each other's neighbours.
COLOURS = ["#1d70b8", "#f47738", "#00703c", "#4c2c92", "#b1b4b6"]
WRAP_AT = 26  # characters per line of a category label


@dataclass(frozen=True)
class Series:
    label: str
    values: list  # one per category; None draws no bar
    labels: list  # the printed value for each bar (None: nothing printed)
    colour: str = ""


def horizontal_bars(*, title: str, categories: list[str], series: list[Series], width_inches: float = 7.0) -> str:
    """Grouped horizontal bars, one group per category; returns an SVG document."""
    figure = bars_figure(categories=categories, series=series, width_inches=width_inches)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Title": title, "Date": None, "Creator": None})
    svg = buffer.getvalue()
    # A <title> as the SVG's own accessible name, straight after the opening tag.
    opening = svg.index(">", svg.index("<svg")) + 1
    return f"{svg[:opening]}<title>{escape(title)}</title>{svg[opening:]}"


def bars_figure(*, categories: list[str], series: list[Series], width_inches: float = 7.0) -> Figure:
    rows = max(len(categories), 1)
    bar_height = 0.8 / max(len(series), 1)
    height = 0.7 + rows * (0.28 + 0.24 * len(series)) + (0.3 if len(series) > 1 else 0)
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, selectable, searchable
    matplotlib.rcParams["svg.hashsalt"] = "vrp-portal"  # the same figures always give the same file
    figure = Figure(figsize=(width_inches, height), layout="constrained")
    axes = figure.add_subplot()
    largest = max([float(v) for s in series for v in s.values if v is not None] + [0.0]) or 1.0
    for index, s in enumerate(series):
        positions = [row + (index - (len(series) - 1) / 2) * bar_height for row in range(len(categories))]
        present = [
            (p, float(v), label) for p, v, label in zip(positions, s.values, s.labels, strict=True) if v is not None
        ]
        bars = axes.barh(
            [p for p, _, _ in present],
            [v for _, v, _ in present],
            height=bar_height * 0.9,
            color=s.colour or COLOURS[index % len(COLOURS)],
            label=s.label,
        )
        axes.bar_label(bars, labels=[label or "" for _, _, label in present], padding=4, fontsize=8, color=INK)
        for p, v, label in zip(positions, s.values, s.labels, strict=True):
            if v is None and label:
                axes.text(largest * 0.01, p, label, va="center", fontsize=8, color=MUTED)
    axes.set_yticks(range(len(categories)), [textwrap.fill(c, WRAP_AT) for c in categories], fontsize=9, color=INK)
    axes.invert_yaxis()  # the first category at the top, as in the tables
    # Room past the longest bar for its value label (about a third of the width at most).
    axes.set_xlim(0, largest * 1.4)
    axes.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_color(MUTED)
    axes.tick_params(axis="y", length=0)
    if len(series) > 1:
        figure.legend(loc="outside upper left", ncols=len(series), frameon=False, fontsize=8)
    return figure

"""The outcomes chart on the detail page, drawn by the browser as SVG from
geometry computed here (the template only places the shapes)."""

from dataclasses import dataclass

SERIES = [
    ("young_people", "Aged 24 or under", "portal-chart__bar--young"),
    ("adults", "Aged 25 or over", "portal-chart__bar--adults"),
    ("workforce_trained", "Workforce trained", "portal-chart__bar--trained"),
]
WIDTH, HEIGHT = 640, 280
LEFT, BOTTOM, TOP = 48, 40, 16
BAR, GAP = 18, 4


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    value: int
    label: str
    css: str


@dataclass(frozen=True)
class Group:
    label: str
    x: int
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: int
    left: int
    top: int
    maximum: int
    groups: list[Group]
    series: list[tuple[str, str]]


def outcomes_chart(outcomes) -> Chart:
    """Grouped bars, one group per quarter and one bar per count."""
    maximum = max([getattr(o, name) for o in outcomes for name, _, _ in SERIES] or [0]) or 1
    plot_height = HEIGHT - BOTTOM - TOP
    baseline = HEIGHT - BOTTOM
    step = max((WIDTH - LEFT) // max(len(outcomes), 1), len(SERIES) * (BAR + GAP) + 16)
    groups = []
    for index, outcome in enumerate(outcomes):
        x0 = LEFT + index * step + 8
        bars = []
        for position, (name, label, css) in enumerate(SERIES):
            value = getattr(outcome, name)
            height = round(value * plot_height / maximum)
            bars.append(
                Bar(
                    x=x0 + position * (BAR + GAP),
                    y=baseline - height,
                    width=BAR,
                    height=height,
                    value=value,
                    label=label,
                    css=css,
                )
            )
        groups.append(Group(label=outcome.quarter.label, x=x0 + (len(SERIES) * (BAR + GAP)) // 2, bars=bars))
    width = max(WIDTH, LEFT + len(outcomes) * step + 8)
    return Chart(
        width=width,
        height=HEIGHT,
        baseline=baseline,
        left=LEFT,
        top=TOP,
        maximum=maximum,
        groups=groups,
        series=[(label, css) for _, label, css in SERIES],
    )

"""The portal's charts: labels that never run into a bar, and a title to name them."""

from decimal import Decimal

from partnership.charts import Series, bars_figure, horizontal_bars

CSPS = [
    "Bradford Community Safety Partnership",
    "Safer Kirklees",
    "Wakefield District Community Safety Partnership",
]


def _figure():
    return bars_figure(
        categories=CSPS,
        series=[
            Series("Allocation", [Decimal("8512.55")] * 3, ["£8,512.55"] * 3),
            Series(
                "Approved spend", [Decimal("6129.04"), None, Decimal("8512.55")], ["£6,129.04", "None", "£8,512.55"]
            ),
        ],
    )


def test_it_keeps_every_category_label_clear_of_the_bars():
    figure = _figure()
    figure.draw_without_rendering()  # lays the chart out as saving it would
    axes = figure.axes[0]
    plot_left = axes.get_window_extent().x0
    for label in axes.get_yticklabels():
        box = label.get_window_extent()
        assert box.x1 <= plot_left, f"{label.get_text()!r} runs into the bars"
        assert box.x0 >= 0, f"{label.get_text()!r} is cut off at the left"
    assert "Wakefield District\\nCommunity Safety\\nPartnership" in repr([t.get_text() for t in axes.get_yticklabels()])


def test_it_keeps_every_value_label_inside_the_chart_and_apart():
    figure = _figure()
    figure.draw_without_rendering()  # lays the chart out as saving it would
    axes = figure.axes[0]
    plot = axes.get_window_extent()
    values = [t for t in axes.texts if t.get_text()]
    boxes = [t.get_window_extent() for t in values]
    for text, box in zip(values, boxes, strict=True):
        assert box.x1 <= plot.x1 + 1, f"{text.get_text()!r} runs off the chart"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), "two value labels overlap"


def test_it_names_the_svg_with_a_title_and_draws_the_same_bytes_each_time():
    args = {"title": "SVD spend & allocation", "categories": CSPS[:1], "series": [Series("A", [1], ["1"])]}
    svg = horizontal_bars(**args)
    assert "<title>SVD spend &amp; allocation</title>" in svg
    assert svg == horizontal_bars(**args)

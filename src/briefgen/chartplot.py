"""A chart's plot area drawn with matplotlib: bars (or a line), axes, values and a reference
line, every text fitted to the room it has.

Bars are never wider than MAX_BAR and stand centred; category labels wrap onto up to three
lines (set upright under narrow bars); a horizontal bar chart grows taller to give its rows
room; value labels and the reference label are placed where they collide with nothing, from
the text's real extents (chartfit).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import chartfit
from . import format as fmt
from .chart import FONT_SIZE, GRID, INK, ChartSpec

VALUE_SIZES = (FONT_SIZE, FONT_SIZE - 1, FONT_SIZE - 1.5)  # a value label's, largest first
MAX_BAR = 56.0  # the widest a bar is drawn (points): one or two bars still look like bars
BAR_SHARE = 0.55  # the share of its slot a bar fills, where that is narrower
UPRIGHT_BELOW = 36.0  # a bar chart's labels are set upright in slots narrower than this
UPRIGHT_LABEL = 80.0  # the longest line of an upright label (points)
TALLEST = 440.0  # a horizontal bar chart grows up to this height (points) to fit its rows
LINE_OFFSET = 6.0  # from a line chart's point to its value label (points)
_SIDE = LINE_OFFSET * 0.7
LINE_SPOTS = (  # where a line chart's point label may go: (offset, alignment), best first
    ((0, LINE_OFFSET), "center", "bottom"),
    ((0, -LINE_OFFSET), "center", "top"),
    ((-_SIDE, _SIDE), "right", "bottom"),
    ((_SIDE, _SIDE), "left", "bottom"),
    ((_SIDE, -_SIDE), "left", "top"),
    ((-_SIDE, -_SIDE), "right", "top"),
)
GAP = chartfit.GAP


@dataclass(frozen=True)
class Frame:
    """Where a chart's plot area lies in its figure, in points, and its category labels."""

    height: float  # the figure's: taller than asked when many rows need room
    left: float
    bottom: float
    width: float  # the plot area's
    plot: float  # the plot area's height
    labels: tuple[str, ...]  # the category labels, wrapped
    size: float  # their font size
    upright: bool  # set upright (turned 90°): bars too narrow for them across
    span: tuple[float, float]  # the category axis' limits, in bars: a few bars stand centred


def _peak(chart: ChartSpec) -> float:
    values = [b.value for b in chart.bars] + ([chart.reference[0]] if chart.reference else [])
    return max([*values, 0.0]) or 1.0


def value_ticks(
    chart: ChartSpec, low: float = 0.0, peak: float | None = None
) -> tuple[list[float], list[str]]:
    """The value axis' ticks and their labels, from the tick at or below `low` (0, or the
    lowest value below it) up past `peak` (the highest value): in full between a thousand and
    a million, compact above (every tick alike), with as few decimals as keep the ticks apart."""
    from matplotlib.ticker import MaxNLocator

    peak = _peak(chart) if peak is None else peak
    raw = [float(t) for t in MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(low, peak)]
    floor = max([t for t in raw if t <= low], default=low)
    ticks = [t for t in raw if t >= floor]
    if 1000 <= max(peak, -low) < 1_000_000:
        unit, notation, currency = chart.unit, chart.notation, chart.currency
        return ticks, [fmt.axis_value(t, unit, notation, currency=currency) for t in ticks]
    for decimals in range(7):
        labels = [
            fmt.compact_value(t, chart.unit, chart.notation, decimals, chart.currency)
            for t in ticks
        ]
        if len(set(labels)) == len(labels):
            break
    return ticks, labels


def _span(count: int, length: float, widest: float) -> tuple[float, float]:
    """The category axis' limits: a slot per bar, no wider than `widest` points, centred."""
    pad = max(0.0, (length / widest - count) / 2)
    return (-0.5 - pad, count - 0.5 + pad)


def columns(chart: ChartSpec, m: chartfit.Measure, ticks: list[str], room: float) -> Frame:
    """The frame of a bar or line chart, with `room` kept right of the plot for a label."""
    count = len(chart.bars)
    axis = m.height(FONT_SIZE) + 4 if chart.axis_label else 0.0
    left = 4 + axis + max(m.width(t, FONT_SIZE) for t in ticks) + 7
    width = chart.width - left - max(0.03 * chart.width, room)
    slot = width / count
    if chart.kind == "bar":
        slot = min(slot, MAX_BAR / BAR_SHARE)
    upright = slot < UPRIGHT_BELOW
    size = FONT_SIZE - 0.5 if upright else FONT_SIZE + 0.5
    line = m.line(size)
    measure = lambda text: m.width(text, size)  # noqa: E731
    if upright:  # lines side by side, as many as the slot holds
        most = max(1, min(3, int(slot // line)))
        wrapped = [chartfit.wrap(b.label, UPRIGHT_LABEL, measure, most) for b in chart.bars]
        band = max(measure(text) for lines in wrapped for text in lines or [""])
    else:
        wrapped = [chartfit.wrap(b.label, slot - 2 * GAP, measure) for b in chart.bars]
        band = m.height(size, max(len(lines) for lines in wrapped))
    bottom = band + 8
    plot = max(chart.height - 6 - bottom, 0.6 * chart.height)
    return Frame(
        plot + 6 + bottom,
        left,
        bottom,
        width,
        plot,
        tuple("\n".join(lines) for lines in wrapped),
        size,
        upright,
        _span(count, width, slot) if chart.kind == "bar" else (-0.5, count - 0.5),
    )


def _rows(chart: ChartSpec, m: chartfit.Measure, ticks: list[str]) -> Frame:
    """The frame of a horizontal bar chart: as tall as its rows need, up to TALLEST."""
    count = len(chart.bars)
    size = FONT_SIZE + 0.5 if count <= 12 else FONT_SIZE - 0.5
    line = m.line(size)
    measure = lambda text: m.width(text, size)  # noqa: E731
    column = min(max(measure(b.label) for b in chart.bars), 0.4 * chart.width)
    most = max(1, min(3, int((TALLEST / count - 2 * GAP) // line)))
    wrapped = [chartfit.wrap(b.label, column, measure, most) for b in chart.bars]
    left = 4 + max(measure(text) for lines in wrapped for text in lines or [""]) + 6
    right = max(0.03 * chart.width, max(m.width(t, FONT_SIZE) for t in ticks) / 2 + GAP)
    top = m.height(FONT_SIZE, bold=True) + 2 * GAP if chart.reference else 6.0
    bottom = 7 + m.height(FONT_SIZE) + (m.height(FONT_SIZE) + 4 if chart.axis_label else 0) + 3
    row = m.height(size, max(len(lines) for lines in wrapped)) + 2 * GAP
    plot = max(chart.height - top - bottom, count * row)
    return Frame(
        top + plot + bottom,
        left,
        bottom,
        chart.width - left - right,
        plot,
        tuple("\n".join(lines) for lines in wrapped),
        size,
        False,
        _span(count, plot, MAX_BAR / 2 / BAR_SHARE),
    )


def figure(chart: ChartSpec) -> Any:
    """One chart's plot area as a matplotlib figure, its text fitted (matplotlib set up)."""
    if chart.groups:
        from . import chartseries

        return chartseries.figure(chart)
    m = chartfit.Measure(chart.width, chart.height)
    scale = value_ticks(chart)
    fig = _draw(chart, m, scale, 0.0)
    if fig is None:  # no room for the reference label in the plot: keep some right of it
        label = chart.reference[1] if chart.reference else ""
        fig = _draw(chart, m, scale, m.width(label, FONT_SIZE, bold=True) + 3 * GAP)
    assert fig is not None
    return fig


def _draw(
    chart: ChartSpec, m: chartfit.Measure, ticks: tuple[list[float], list[str]], room: float
) -> Any:
    """The chart as a figure, or None if its reference label found no place in the plot
    (and no `room` was kept for it at the side)."""
    from matplotlib.figure import Figure

    horizontal = chart.kind == "hbar"
    frame = _rows(chart, m, ticks[1]) if horizontal else columns(chart, m, ticks[1], room)
    fig = Figure(figsize=(chart.width / 72, frame.height / 72), dpi=72)
    ax = fig.add_axes(
        (
            frame.left / chart.width,
            frame.bottom / frame.height,
            frame.width / chart.width,
            frame.plot / frame.height,
        )
    )
    shapes = _data(ax, chart, frame)
    axes(ax, chart, frame, ticks)
    values = _values(ax, chart, frame, m, shapes)
    if chart.reference:
        drawn = _trace(ax, chart) if chart.kind == "line" else [m.box(s) for s in shapes]
        obstacles = drawn + [m.box(t) for t in values]
        if not _reference(ax, chart, m, obstacles, room):
            return None
        _behind_reference(ax, chart, m, values)
    return fig


def _data(ax: Any, chart: ChartSpec, frame: Frame) -> list[Any]:
    """The bars, or the line and its points: the artists labels must keep clear of."""
    positions = list(range(len(chart.bars)))
    values = [b.value for b in chart.bars]
    if chart.kind == "line":
        ax.plot(positions, values, color=chart.primary, linewidth=2, zorder=2)
        points = ax.scatter(positions, values, s=36, color=chart.primary, zorder=2)
        return [points]
    colours = ["#9DB0C4" if b.estimated else chart.primary for b in chart.bars]
    # a bar fills BAR_SHARE of its slot, and is at most MAX_BAR points across
    length = frame.plot if chart.kind == "hbar" else frame.width
    thickness = min(BAR_SHARE, MAX_BAR / length * (frame.span[1] - frame.span[0]))
    if chart.kind == "hbar":
        return list(ax.barh(positions, values, color=colours, height=thickness, zorder=2))
    return list(ax.bar(positions, values, color=colours, width=thickness, zorder=2))


def axes(ax: Any, chart: ChartSpec, frame: Frame, ticks: tuple[list[float], list[str]]) -> None:
    """Ticks, labels, grid and spines."""
    positions = list(range(len(chart.bars)))
    horizontal = chart.kind == "hbar"
    category, value = (ax.yaxis, ax.xaxis) if horizontal else (ax.xaxis, ax.yaxis)
    value.set_ticks(*ticks)
    text = {"rotation": 90, "va": "top"} if frame.upright else {"multialignment": "center"}
    if horizontal:
        text = {"multialignment": "right"}
    category.set_ticks(positions, frame.labels, **text)
    ax.tick_params(axis="y" if horizontal else "x", length=0, labelsize=frame.size, labelcolor=INK)
    ax.grid(axis="x" if horizontal else "y", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    if horizontal:
        ax.set_ylim(frame.span[1], frame.span[0])  # the first bar on top
    else:
        ax.set_xlim(*frame.span)
    for side in ("top", "right", "bottom" if horizontal else "left"):
        ax.spines[side].set_visible(False)
    if chart.axis_label:
        (ax.set_xlabel if horizontal else ax.set_ylabel)(chart.axis_label)


def _limit(
    ax: Any, chart: ChartSpec, frame: Frame, m: chartfit.Measure, labels: list[float]
) -> None:
    """Set the value axis' limit so that each value's label (`labels`: its length along the
    value axis, in points) fits inside the plot, and the reference label above its line."""
    horizontal = chart.kind == "hbar"
    length = frame.width if horizontal else frame.plot
    offset = LINE_OFFSET if chart.kind == "line" else GAP
    top = _peak(chart) * 1.04
    for bar, extent in zip(chart.bars, labels, strict=True):
        free = max(length - offset - extent - 1, 0.4 * length)
        top = max(top, bar.value * length / free)
    if chart.reference and not horizontal:
        free = length - GAP - m.height(FONT_SIZE, bold=True) - 1
        top = max(top, chart.reference[0] * length / free)
    (ax.set_xlim if horizontal else ax.set_ylim)(0, top)


def _values(
    ax: Any, chart: ChartSpec, frame: Frame, m: chartfit.Measure, shapes: list[Any]
) -> list[Any]:
    """Each bar's (or point's) value, printed by it.

    The labels are tried in full, then compact ("1.2M"), then smaller, the same way for every
    bar: the first that lets every label lie inside the plot, clear of the bars (or points)
    and of each other. If none does, the smallest compact labels are kept one by one, largest
    value first, each only if it fits; the others are left out and nothing says so: every
    value is in the chart's alternative text and in the PDF's figures table.
    """
    horizontal = chart.kind == "hbar"
    full = tuple(b.text for b in chart.bars)
    short = tuple(b.short or b.text for b in chart.bars)
    variants = [(texts, size) for texts in (full, short) for size in VALUE_SIZES]
    variants = list(dict.fromkeys(variants))
    area = m.box(ax)
    order = sorted(range(len(chart.bars)), key=lambda i: -chart.bars[i].value)
    for n, (texts, size) in enumerate(variants):
        labels = [_value_label(ax, chart, i, t, size) for i, t in enumerate(texts)]
        extents = [m.box(label).width if horizontal else m.box(label).height for label in labels]
        _limit(ax, chart, frame, m, extents)
        if chart.kind == "line":
            obstacles = _trace(ax, chart)
            boxes = [_line_spot(m, label, area, obstacles) for label in labels]
        else:
            obstacles = [m.box(s) for s in shapes]
            boxes = [m.box(label) for label in labels]
        keep = chartfit.kept(boxes, order, obstacles, area)
        if len(keep) == len(labels) or n == len(variants) - 1:
            for i, label in enumerate(labels):
                if i not in keep:
                    label.remove()
            return [labels[i] for i in keep]
        for label in labels:
            label.remove()
    return []


def _value_label(ax: Any, chart: ChartSpec, i: int, text: str, size: float) -> Any:
    value = chart.bars[i].value
    if chart.kind == "hbar":
        where, offset, align = (value, i), (GAP, 0), {"va": "center", "ha": "left"}
    else:
        lift = LINE_OFFSET if chart.kind == "line" else GAP
        where, offset, align = (i, value), (0, lift), {"va": "bottom", "ha": "center"}
    return ax.annotate(
        text,
        where,
        textcoords="offset points",
        xytext=offset,
        fontsize=size,
        fontweight="bold",
        color=INK,
        zorder=4,
        annotation_clip=False,
        **align,
    )


def _line_spot(m: chartfit.Measure, label: Any, area: Any, line: list[Any]) -> Any:
    """Put a line chart's point label where it keeps clear of the line: above its point,
    below it, or diagonally off it; moved sideways into the plot (the first and last points'
    labels would stick out of it). Its box."""
    for (dx, dy), ha, va in LINE_SPOTS:
        label.xyann = (dx, dy)
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)
        box = m.box(label)
        shift = max(area.x0 - box.x0, 0.0) - max(box.x1 - area.x1, 0.0)
        if shift:
            label.xyann = (dx + shift, dy)
            box = m.box(label)
        if chartfit.inside(box, area) and chartfit.clear(box, line):
            return box
    label.xyann = (0, LINE_OFFSET)  # nowhere clear: back above, and left out if it collides
    label.set_horizontalalignment("center")
    label.set_verticalalignment("bottom")
    return m.box(label)


def _trace(ax: Any, chart: ChartSpec) -> list[Any]:
    """A line chart's line as small boxes, one every two points along it: what its labels
    must keep clear of."""
    from itertools import pairwise

    from matplotlib.transforms import Bbox

    ends = ax.transData.transform([(i, b.value) for i, b in enumerate(chart.bars)])
    boxes = [Bbox.from_bounds(x - 3, y - 3, 6, 6) for x, y in ends]  # the points
    for (x0, y0), (x1, y1) in pairwise(ends):
        steps = max(1, int(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 / 2))
        for k in range(steps):
            x, y = x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps
            boxes.append(Bbox.from_bounds(x - 1, y - 1, 2, 2))
    return boxes


def _reference(
    ax: Any, chart: ChartSpec, m: chartfit.Measure, obstacles: list[Any], room: float
) -> bool:
    """Draw the reference line over the bars, and its label where there is room for it:
    above a horizontal bar chart; in a bar or line chart, by the line at either end or
    between two bars, above or below it, or else in the `room` kept right of the plot.
    Whether the label found a place."""
    assert chart.reference is not None
    value, label = chart.reference
    horizontal = chart.kind == "hbar"
    line = ax.axvline if horizontal else ax.axhline
    line(value, color=chart.accent, linewidth=1.2, linestyle=(0, (3, 2)), zorder=3)
    coords = ("data", "axes fraction") if horizontal else ("axes fraction", "data")
    text = ax.annotate(
        label,
        (0, 0),
        xycoords=coords,
        xytext=(0, 0),
        textcoords="offset points",
        color=chart.accent,
        fontweight="bold",
        zorder=4,
        annotation_clip=False,
    )
    area = m.box(ax)
    if horizontal:
        spots = [
            ((value, 1), (3, GAP), "left", "bottom"),
            ((value, 1), (-3, GAP), "right", "bottom"),
        ]
        area = ax.figure.bbox
    elif room:
        spots = [((1, value), (2 * GAP, 0), "left", "center")]
        area = ax.figure.bbox
    else:
        lo, hi = ax.get_xlim()
        gaps = [((i + 0.5 - lo) / (hi - lo), 0, "center") for i in range(len(chart.bars) - 1)]
        ends = [(1.0, -GAP, "right"), (0.0, GAP, "left"), *gaps]
        spots = [
            ((x, value), (dx, dy), ha, va)
            for dy, va in ((GAP, "bottom"), (-GAP, "top"))
            for x, dx, ha in ends
        ]
    for xy, offset, ha, va in spots:
        text.xy, text.xyann = xy, offset
        text.set_horizontalalignment(ha)
        text.set_verticalalignment(va)
        box = m.box(text)
        if chartfit.inside(box, area) and chartfit.clear(box, obstacles):
            return True
    text.remove()
    return False


def _behind_reference(ax: Any, chart: ChartSpec, m: chartfit.Measure, values: list[Any]) -> None:
    """Set a white ground under the value labels the reference line runs through."""
    assert chart.reference is not None
    horizontal = chart.kind == "hbar"
    point = (chart.reference[0], 0) if horizontal else (0, chart.reference[0])
    x, y = ax.transData.transform(point)
    for label in values:
        box = m.box(label)
        if (box.x0 <= x <= box.x1) if horizontal else (box.y0 <= y <= box.y1):
            label.set_bbox(
                {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"}
            )

"""A chart of several series, drawn with matplotlib: lines, or bars grouped by period (and
a chart of one series that goes below zero, as a line or bars with no names).

Series are told apart without colour: each line has its own marker and dash, and is named at
its end where the names fit (else in a legend above the plot); grouped bars stand in the
legend's order within every period, in tones of different lightness. Colours come from the
theme: the primary, the accent, then tones derived from them. A point the source does not
state as such is drawn hollow (a line) or lighter (a bar), as a chart of one series does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from . import chartfit, chartplot
from .chart import FONT_SIZE, INK, ChartSpec

GAP = chartfit.GAP
MARKERS = ("o", "s", "^", "D", "v", "P")
DASHES: tuple[Any, ...] = (
    "solid",
    (0, (5, 2)),
    (0, (1, 1.5)),
    (0, (6, 2, 1, 2)),
    (0, (3, 1)),
    (0, (8, 2, 1, 2, 1, 2)),
)
SWATCH = 18.0  # the length of a line's sample in the legend (points)
END_NAME = 0.22  # a line's name at its end is at most this share of the chart's width
END = 8.0  # from a line chart's last points to the plot's end, where names follow (points)
GROUP_SHARE = 0.8  # the share of its slot a period's bars fill together


def tones(primary: str, accent: str, count: int) -> list[str]:
    """`count` colours for series: the primary, the accent, then tones derived from them,
    lighter and darker, so that neighbours differ in lightness too."""
    derived = [
        primary,
        accent,
        _mix(primary, "#FFFFFF", 0.4),
        _mix(accent, "#000000", 0.45),
        _mix(primary, "#000000", 0.45),
        _mix(accent, "#FFFFFF", 0.4),
    ]
    return [derived[i % len(derived)] for i in range(count)]


def _mix(colour: str, other: str, share: float) -> str:
    """`colour` with `share` of `other` mixed in."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b, strict=True))


@dataclass(frozen=True)
class _Names:
    """The series' names as set: wrapped, and how: by the lines' ends or in a legend."""

    texts: tuple[str, ...]
    lines: tuple[int, ...]  # lines of text each name takes
    at_ends: bool
    room: float  # kept right of the plot for the names at the lines' ends


def figure(chart: ChartSpec) -> Any:
    """A chart of several series as a matplotlib figure, its text fitted (matplotlib set up)."""
    m = chartfit.Measure(chart.width, chart.height)
    values = [b.value for g in chart.groups for b in g.bars]
    peak = max([*values, chart.reference[0] if chart.reference else 0.0, 0.0]) or 1.0
    scale = chartplot.value_ticks(chart, min([*values, 0.0]), peak)
    if chart.kind == "line" and len(chart.groups) > 1:  # one series is named by the title
        names = _end_names(chart, m)
        if names is not None:
            fig = _draw(chart, m, scale, names)
            if fig is not None:
                return fig
    fig = _draw(chart, m, scale, _legend_names(chart, m))
    assert fig is not None
    return fig


def _end_names(chart: ChartSpec, m: chartfit.Measure) -> _Names | None:
    """The names set by the lines' ends, or None where one does not fit in two lines."""
    limit = END_NAME * chart.width
    measure = lambda text: m.width(text, FONT_SIZE)  # noqa: E731
    wrapped = [chartfit.wrap(g.name, limit, measure, 2) for g in chart.groups]
    if any(lines and lines[-1].endswith(chartfit.ELLIPSIS) for lines in wrapped):
        return None
    widest = max(measure(text) for lines in wrapped for text in lines or [""])
    texts = tuple("\n".join(lines) for lines in wrapped)
    return _Names(texts, tuple(max(1, len(w)) for w in wrapped), True, widest + 2 * GAP)


def _legend_names(chart: ChartSpec, m: chartfit.Measure) -> _Names:
    """The names set in a legend: up to three lines each, in at most half the width."""
    measure = lambda text: m.width(text, FONT_SIZE)  # noqa: E731
    wrapped = [chartfit.wrap(g.name, 0.45 * chart.width, measure) for g in chart.groups]
    texts = tuple("\n".join(lines) for lines in wrapped)
    return _Names(texts, tuple(max(1, len(w)) for w in wrapped), False, 0.0)


def _draw(
    chart: ChartSpec, m: chartfit.Measure, scale: tuple[list[float], list[str]], names: _Names
) -> Any:
    """The chart as a figure; None if the names at the lines' ends would run into each other
    or out of the figure."""
    from matplotlib.figure import Figure

    periods = replace(chart, kind="line", bars=chart.groups[0].bars)  # one label per period
    frame = chartplot.columns(periods, m, scale[1], names.room)
    entries: list[tuple[float, float]] = []
    if not names.at_ends and len(chart.groups) > 1:  # grown taller by the legend's band
        entries, band = _legend_layout(chart, m, names, frame.left)
        frame = replace(frame, height=frame.height + band)
    fig = Figure(figsize=(chart.width / 72, frame.height / 72), dpi=72)
    if names.at_ends:  # the plot ends just past the last points: the names stand clear of it
        count, width = len(chart.groups[0].bars), frame.width
        frame = replace(frame, span=(-0.5, (count - 1 + END / width / 2) / (1 - END / width)))
    ax = fig.add_axes(
        (
            frame.left / chart.width,
            frame.bottom / frame.height,
            frame.width / chart.width,
            frame.plot / frame.height,
        )
    )
    colours = tones(chart.primary, chart.accent, len(chart.groups))
    chartplot.axes(ax, periods, frame, scale)
    if chart.kind == "line" and len(chart.groups) > 1:  # no values printed: ticks to ticks
        low, high = min(scale[0][0], 0.0), scale[0][-1]
    else:
        lift = chartplot.LINE_OFFSET if chart.kind == "line" else GAP
        low, high = _limits(chart, m, frame.plot, lift)
    ax.set_ylim(low, high if high > low else low + 1)  # every value 0: an axis of 0 to 1
    if chart.reference:
        _reference(ax, chart)
    if chart.kind == "line":
        _lines(ax, chart, m, colours)
        if names.at_ends and not _name_ends(ax, chart, m, names, frame):
            return None
    else:
        _bars(ax, chart, m, colours)
    if entries:
        _legend(fig, chart, m, names, entries, colours)
    return fig


def _lines(ax: Any, chart: ChartSpec, m: chartfit.Measure, colours: list[str]) -> None:
    """Each series as a line with its own dash and marker; points not stated as such hollow."""
    for k, group in enumerate(chart.groups):
        xs = list(range(len(group.bars)))
        ys = [b.value for b in group.bars]
        style = {"color": colours[k], "linewidth": 1.8, "zorder": 2}
        ax.plot(xs, ys, linestyle=DASHES[k % len(DASHES)], **style)
        faces = ["white" if b.estimated else colours[k] for b in group.bars]
        marker = MARKERS[k % len(MARKERS)]
        ax.scatter(xs, ys, s=30, marker=marker, c=faces, edgecolors=colours[k], zorder=3)
    if len(chart.groups) == 1:  # one line, unnamed: its values by its points
        from matplotlib.transforms import Bbox

        bars = chart.groups[0].bars
        ends = ax.transData.transform([(i, b.value) for i, b in enumerate(bars)])
        points = [Bbox.from_bounds(x - 3, y - 3, 6, 6) for x, y in ends]
        labels = [(float(i), b) for i, b in enumerate(bars)]
        _values(ax, m, labels, points, chartplot.LINE_OFFSET)


def _name_ends(
    ax: Any, chart: ChartSpec, m: chartfit.Measure, names: _Names, frame: chartplot.Frame
) -> bool:
    """Set each line's name right of the plot, level with its last point, moved up or down as
    little as keeps the names apart; whether they all fit in the figure's height."""
    ends = ax.transData.transform([(len(g.bars) - 1, g.bars[-1].value) for g in chart.groups])
    heights = [m.height(FONT_SIZE, n) for n in names.lines]
    centres = _spread([y for _x, y in ends], heights, frame.bottom, frame.height)
    if centres is None:
        return False
    fig = ax.figure
    for centre, text in zip(centres, names.texts, strict=True):
        fig.text(
            (frame.left + frame.width + GAP) / chart.width,
            centre / frame.height,
            text,
            ha="left",
            va="center",
            fontsize=FONT_SIZE,
            color=INK,
        )
    return True


def _spread(
    wanted: list[float], heights: list[float], low: float, high: float
) -> list[float] | None:
    """Centres for labels as near to `wanted` as keeps them apart, in their order, within
    `low` and `high`; None if they cannot all fit."""
    order = sorted(range(len(wanted)), key=lambda i: -wanted[i])
    centres = list(wanted)
    ceiling = high
    for i in order:  # from the top down, each below the one above
        centres[i] = min(centres[i], ceiling - heights[i] / 2)
        ceiling = centres[i] - heights[i] / 2 - 2 * GAP
    floor = low
    for i in reversed(order):  # then from the bottom up, each above the one below
        centres[i] = max(centres[i], floor + heights[i] / 2)
        floor = centres[i] + heights[i] / 2 + 2 * GAP
    if floor - 2 * GAP > high + 0.01:
        return None
    return centres


def _slots(chart: ChartSpec) -> list[float]:
    """Where each series' bar stands in its period's slot, from its centre."""
    count = len(chart.groups)
    width = GROUP_SHARE / count
    return [(k - (count - 1) / 2) * width for k in range(count)]


def _limits(chart: ChartSpec, m: chartfit.Measure, plot: float, lift: float) -> tuple[float, float]:
    """The value axis' limits, leaving room above the highest value and below the lowest
    negative one for its label, `lift` points off its bar or point."""
    values = [b.value for g in chart.groups for b in g.bars]
    low, high = min([*values, 0.0]), max([*values, 0.0])
    room = m.height(FONT_SIZE - 1) + lift + 1
    above, below = (room if high > 0 else 0.0), (room if low < 0 else 0.0)
    per = ((high - low) or 1.0) / max(plot - above - below, 0.5 * plot)
    return low - below * per, high + above * per


def _bars(ax: Any, chart: ChartSpec, m: chartfit.Measure, colours: list[str]) -> None:
    """Each series a bar in every period, in the legend's order, with its value where it fits
    (all values are in the alternative text and the figures table)."""
    width = GROUP_SHARE / len(chart.groups)
    shapes, labels = [], []
    for k, (group, offset) in enumerate(zip(chart.groups, _slots(chart), strict=True)):
        for i, bar in enumerate(group.bars):
            colour = _mix(colours[k], "#FFFFFF", 0.6) if bar.estimated else colours[k]
            (shape,) = ax.bar(
                i + offset,
                bar.value,
                width=width * 0.92,
                color=colour,
                edgecolor=INK,
                linewidth=0.3,
                zorder=2,
            )
            shapes.append(shape)
            labels.append((i + offset, bar))
    _values(ax, m, labels, [m.box(s) for s in shapes], GAP)


def _values(
    ax: Any, m: chartfit.Measure, labels: list[tuple[float, Any]], obstacles: list[Any], lift: float
) -> None:
    """Each value by its bar or point, `lift` points off it: in full, else compact, each kept
    where it lies in the plot clear of the others and of the obstacles (all values are in
    the alternative text and the figures table)."""
    area = m.box(ax)
    order = sorted(range(len(labels)), key=lambda j: -abs(labels[j][1].value))
    for texts in ("text", "short"):
        drawn = [_bar_value(ax, x, b, getattr(b, texts) or b.text, lift) for x, b in labels]
        keep = chartfit.kept([m.box(t) for t in drawn], order, obstacles, area)
        if len(keep) == len(drawn) or texts == "short":
            for j, text in enumerate(drawn):
                if j not in keep:
                    text.remove()
            return
        for text in drawn:
            text.remove()


def _bar_value(ax: Any, x: float, bar: Any, text: str, lift: float) -> Any:
    """A bar's (or point's) value, above it (below a negative one)."""
    up = bar.value >= 0
    return ax.annotate(
        text,
        (x, bar.value),
        textcoords="offset points",
        xytext=(0, lift if up else -lift),
        ha="center",
        va="bottom" if up else "top",
        fontsize=FONT_SIZE - 1,
        color=INK,
        zorder=4,
        annotation_clip=False,
    )


def _reference(ax: Any, chart: ChartSpec) -> None:
    """The reference line across the plot, its label above it at the left."""
    assert chart.reference is not None
    value, label = chart.reference
    ax.axhline(value, color=chart.accent, linewidth=1.2, linestyle=(0, (3, 2)), zorder=1)
    ax.annotate(
        label,
        (0, value),
        xycoords=("axes fraction", "data"),
        xytext=(GAP, GAP),
        textcoords="offset points",
        color=chart.accent,
        fontweight="bold",
        zorder=4,
    )


def _legend_layout(
    chart: ChartSpec, m: chartfit.Measure, names: _Names, left: float
) -> tuple[list[tuple[float, float]], float]:
    """Where each legend entry goes, in rows from the top left of the plot: its left and
    its top's distance below the figure's top, in points; and the band's height."""
    swatch = SWATCH if chart.kind == "line" else 8.0
    x, row_top, row_height = left, 0.0, 0.0
    places: list[tuple[float, float]] = []
    for text, lines in zip(names.texts, names.lines, strict=True):
        width = swatch + 3 + max(m.width(t, FONT_SIZE) for t in text.split("\n"))
        height = m.height(FONT_SIZE, lines)
        if x > left and x + width > chart.width:  # the next row
            x, row_top, row_height = left, row_top + row_height + GAP, 0.0
        places.append((x, row_top))
        x += width + 4 * GAP
        row_height = max(row_height, height)
    band = row_top + row_height + 2 * GAP
    return places, band


def _legend(
    fig: Any,
    chart: ChartSpec,
    m: chartfit.Measure,
    names: _Names,
    places: list[tuple[float, float]],
    colours: list[str],
) -> None:
    """The legend above the plot: each series' sample (its line and marker, or its bar's
    colour) and its name."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    width, height = chart.width, fig.get_figheight() * 72
    for k, ((x, top), text) in enumerate(zip(places, names.texts, strict=True)):
        first = height - GAP - top - m.height(FONT_SIZE) / 2  # the middle of its first line
        fx, fy = x / width, first / height
        if chart.kind == "line":
            sample = Line2D(
                [fx, fx + SWATCH / width / 2, fx + SWATCH / width],
                [fy, fy, fy],
                transform=fig.transFigure,
                color=colours[k],
                linestyle=DASHES[k % len(DASHES)],
                linewidth=1.8,
                marker=MARKERS[k % len(MARKERS)],
                markevery=[1],
                markersize=5,
            )
            fig.add_artist(sample)
            after = SWATCH
        else:
            square = Rectangle(
                (fx, fy - 4 / height),
                8 / width,
                8 / height,
                transform=fig.transFigure,
                facecolor=colours[k],
                edgecolor=INK,
                linewidth=0.3,
            )
            fig.add_artist(square)
            after = 8.0
        fig.text(
            (x + after + 3) / width,
            (height - GAP - top) / height,
            text,
            ha="left",
            va="top",
            fontsize=FONT_SIZE,
            color=INK,
        )

"""Stage 4, chart: draw each chart with matplotlib as SVG, then turn it into a vector drawing.

Titles, source lines and alt text are set by the layout stage around the chart; matplotlib draws
the plot area only: bars or lines, axes, labels and values, with real (not outlined) text in the
brief's own fonts. Margins are fixed (no tight_layout) so that drawing is cheap and repeatable.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from . import format as fmt
from .fonts import FontFiles, SvgFontMap
from .model import Chart, Statistic
from .project import Project

INK = "#2B2B2B"
MUTED = "#6B6B6B"
GRID = "#D9D9D9"
FONT_SIZE = 8.0


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as printed on the bar, qualifier included
    estimated: bool = False  # drawn lighter: not stated by the source as such


def _stated(stat: Statistic) -> str:
    """A statistic's value as printed on its bar, with its qualifier."""
    text = fmt.axis_value(stat.value, stat.unit)
    return f"{stat.qualifier} {text}" if stat.qualifier else text


def bars(project: Project, chart: Chart, lang: str) -> list[Bar]:
    """What a chart draws: one bar (or point) per statistic or per point of a series."""
    if chart.series:
        stat = project.statistics[chart.series]
        out = []
        for point in stat.series or []:
            if point.value is None:  # the statistic's own value, typed once
                out.append(Bar(point.period, stat.value, _stated(stat)))
            else:
                # a point the source does not state as such (its note says how it was
                # obtained) is drawn lighter and marked as approximate
                text = ("about " if point.note else "") + fmt.axis_value(point.value, stat.unit)
                out.append(Bar(point.period, point.value, text, point.note is not None))
        return out
    out = []
    for i, stat_id in enumerate(chart.statistics or []):
        stat = project.statistics[stat_id]
        label = chart.labels[i] if chart.labels else stat.label
        out.append(Bar(label.get(lang) or "", stat.value, _stated(stat)))
    return out


def _unit(project: Project, chart: Chart) -> str:
    first = chart.series or (chart.statistics or [""])[0]
    return project.statistics[first].unit


def _setup(fonts: FontFiles) -> str:
    """Make matplotlib use the brief's fonts and write text as text; return the family name."""
    import matplotlib
    from matplotlib import font_manager

    for path in (fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic):
        font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(fonts.regular)).get_name()
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",  # real text, set by svglib in the registered fonts
            "svg.hashsalt": "briefgen",  # stable ids: identical charts give identical SVG
            "font.family": [family],
            "font.size": FONT_SIZE,
            "text.color": INK,
            "axes.edgecolor": GRID,
            "axes.labelcolor": MUTED,
            "xtick.color": MUTED,
            "ytick.color": MUTED,
        }
    )
    return family


def render_svg(
    project: Project, chart_id: str, lang: str, fonts: FontFiles, width_pt: float, height_pt: float
) -> str:
    """Draw one chart's plot area as an SVG document."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    _setup(fonts)
    chart = project.charts[chart_id]
    branding = project.config.branding
    data = bars(project, chart, lang)
    unit = _unit(project, chart)
    fig = Figure(figsize=(width_pt / 72, height_pt / 72))
    horizontal = chart.kind == "hbar"
    longest = max((len(b.label) for b in data), default=4)
    left = min(0.4, 0.04 + longest * FONT_SIZE * 0.55 / width_pt) if horizontal else 0.1
    bottom, top = (0.28, 0.9) if horizontal else (0.16, 0.95)
    ax = fig.add_axes((left, bottom, 0.97 - left, top - bottom))
    colours = ["#9DB0C4" if b.estimated else branding.primary for b in data]
    positions = list(range(len(data)))
    values = [b.value for b in data]
    peak = max([*values, chart.reference.value if chart.reference else 0])
    label_fmt = FuncFormatter(lambda v, _pos: fmt.axis_value(v, unit))
    if chart.kind == "line":
        ax.plot(positions, values, color=branding.primary, linewidth=2, marker="o")
        for x, b in zip(positions, data, strict=True):
            ax.annotate(
                b.text,
                (x, b.value),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontweight="bold",
                color=INK,
            )
    elif horizontal:
        ax.barh(positions, values, color=colours, height=0.55)
        for y, b in zip(positions, data, strict=True):
            ax.text(b.value + peak * 0.015, y, b.text, va="center", fontweight="bold")
        ax.invert_yaxis()
    else:
        ax.bar(positions, values, color=colours, width=0.55)
        for x, b in zip(positions, data, strict=True):
            ax.text(x, b.value + peak * 0.02, b.text, ha="center", va="bottom", fontweight="bold")
    ticks = [b.label for b in data]
    if horizontal:
        ax.set_yticks(positions, ticks)
        ax.set_xlim(0, peak * 1.3)
        ax.xaxis.set_major_formatter(label_fmt)
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        ax.tick_params(axis="y", length=0, labelsize=FONT_SIZE + 0.5, labelcolor=INK)
    else:
        ax.set_xticks(positions, ticks)
        ax.set_ylim(0, peak * 1.18)
        ax.yaxis.set_major_formatter(label_fmt)
        ax.grid(axis="y", color=GRID, linewidth=0.6)
        ax.tick_params(axis="x", length=0, labelsize=FONT_SIZE + 0.5, labelcolor=INK)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left" if not horizontal else "bottom"):
        ax.spines[side].set_visible(False)
    if chart.axis_label:
        (ax.set_xlabel if horizontal else ax.set_ylabel)(chart.axis_label.get(lang) or "")
    if chart.reference:
        _reference(ax, chart, lang, horizontal, branding.accent)
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


def _reference(ax: Any, chart: Chart, lang: str, horizontal: bool, colour: str) -> None:
    assert chart.reference is not None
    value, label = chart.reference.value, chart.reference.label.get(lang) or ""
    if horizontal:
        ax.axvline(value, color=colour, linewidth=1.2, linestyle=(0, (3, 2)))
        ax.annotate(
            label,
            (value, 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, 2),
            textcoords="offset points",
            color=colour,
            fontweight="bold",
            va="bottom",
        )
    else:
        ax.axhline(value, color=colour, linewidth=1.2, linestyle=(0, (3, 2)))
        ax.annotate(
            label,
            (1, value),
            xycoords=("axes fraction", "data"),
            xytext=(-2, 3),
            textcoords="offset points",
            color=colour,
            fontweight="bold",
            ha="right",
        )


def to_drawing(svg: str) -> Any:
    """Convert a chart's SVG into a ReportLab drawing whose text uses the brief's fonts."""
    from svglib.svglib import svg2rlg

    return svg2rlg(io.BytesIO(svg.encode("utf-8")), font_map=SvgFontMap())

"""Stage 4, chart: draw each chart with matplotlib as SVG, then turn it into a vector drawing.

Titles, source lines and alt text are set by the layout stage around the chart; matplotlib draws
the plot area only: bars or lines, axes, labels and values, with real (not outlined) text in the
brief's own fonts. Margins are fixed (no tight_layout) so that drawing is cheap and repeatable.
"""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import format as fmt
from .fonts import FontFiles, SvgFontMap, font_files, script_font_files

if TYPE_CHECKING:  # not at run time: a chart worker process draws without loading pydantic
    from .model import Chart, Statistic
    from .project import Project

INK = "#2B2B2B"
MUTED = "#6B6B6B"
GRID = "#D9D9D9"
FONT_SIZE = 8.0


@dataclass(frozen=True)
class Bar:
    """One bar (or point) of a chart: its label, value and value as printed."""

    label: str
    value: float
    text: str  # the value as printed on the bar, qualifier included
    estimated: bool = False  # drawn lighter: not stated by the source as such


@dataclass(frozen=True)
class ChartSpec:
    """A chart resolved to plain data: all that drawing it needs, and its cache key's basis.

    Plain data, so that it can be drawn in another process without loading the project.
    """

    kind: str
    bars: tuple[Bar, ...]
    unit: str
    axis_label: str
    reference: tuple[float, str] | None
    primary: str
    accent: str
    fonts: FontFiles
    script_fonts: tuple[Path, ...]  # the language's own, for text the project's fonts lack
    width: float
    height: float
    style: fmt.Style


def cache_key(chart: ChartSpec, font_hashes: dict[str, str]) -> str:
    """The key a drawn chart is cached under: its data, style, size, fonts and the code."""
    from dataclasses import asdict
    from importlib.metadata import version

    from . import __version__
    from .state import digest

    fields = asdict(chart)
    fields["fonts"] = font_hashes  # the fonts' content, not where they are
    fields["script_fonts"] = [path.name for path in chart.script_fonts]
    return digest([fields, __version__, version("matplotlib")])


def stated(stat: Statistic, style: fmt.Style = fmt.ENGLISH) -> str:
    """A statistic's value as printed on its bar, with its qualifier."""
    text = fmt.axis_value(stat.value, stat.unit, style)
    return f"{style.qualifier(stat.qualifier)} {text}" if stat.qualifier else text


def bars(project: Project, chart: Chart, style: fmt.Style) -> list[Bar]:
    """What a chart draws: one bar (or point) per statistic or per point of a series."""
    if chart.series:
        stat = project.statistics[chart.series]
        out = []
        for point in stat.series or []:
            period = point.period.get(style.locale) or ""
            if point.value is None:  # the statistic's own value, typed once
                out.append(Bar(period, stat.value, stated(stat, style)))
            else:
                # a point the source does not state as such (its note says how it was
                # obtained) is drawn lighter and marked as approximate
                about = f"{style.qualifier('about')} " if point.note else ""
                text = about + fmt.axis_value(point.value, stat.unit, style)
                out.append(Bar(period, point.value, text, point.note is not None))
        return out
    out = []
    for i, stat_id in enumerate(chart.statistics or []):
        stat = project.statistics[stat_id]
        label = chart.labels[i] if chart.labels else stat.label
        out.append(Bar(label.get(style.locale) or "", stat.value, stated(stat, style)))
    return out


def spec(
    project: Project, chart_id: str, style: fmt.Style, width: float, height: float
) -> ChartSpec:
    """Resolve a chart of the project for a brief of `style`, drawn `width` x `height` points."""
    lang = style.locale
    chart = project.charts[chart_id]
    branding = project.config.branding
    first = chart.series or (chart.statistics or [""])[0]
    reference = None
    if chart.reference:
        reference = (chart.reference.value, chart.reference.label.get(lang) or "")
    return ChartSpec(
        kind=chart.kind,
        bars=tuple(bars(project, chart, style)),
        unit=project.statistics[first].unit,
        axis_label=chart.axis_label.get(lang) or "" if chart.axis_label else "",
        reference=reference,
        primary=branding.primary,
        accent=branding.accent,
        fonts=font_files(project),
        script_fonts=tuple(dict.fromkeys(script_font_files(project, lang).values())),
        width=width,
        height=height,
        style=style,
    )


def _setup(fonts: FontFiles, script_fonts: tuple[Path, ...] = ()) -> str:
    """Make matplotlib use the brief's fonts and write text as text; return the family name.
    A language's own fonts come after, so that text in its script is measured in them (it
    is set by ReportLab: see layout.ChartFigure)."""
    import matplotlib
    from matplotlib import font_manager

    for path in (fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic, *script_fonts):
        font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(fonts.regular)).get_name()
    fallback = [font_manager.FontProperties(fname=str(p)).get_name() for p in script_fonts]
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",  # real text, set by svglib in the registered fonts
            "svg.hashsalt": "briefgen",  # stable ids: identical charts give identical SVG
            "font.family": [family, *dict.fromkeys(fallback)],
            "font.size": FONT_SIZE,
            "text.color": INK,
            "axes.edgecolor": GRID,
            "axes.labelcolor": MUTED,
            "xtick.color": MUTED,
            "ytick.color": MUTED,
        }
    )
    return family


def render_svg(chart: ChartSpec) -> str:
    """Draw one chart's plot area as an SVG document (imports matplotlib)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    _setup(chart.fonts, chart.script_fonts)
    data = chart.bars
    fig = Figure(figsize=(chart.width / 72, chart.height / 72))
    horizontal = chart.kind == "hbar"
    longest = max((len(b.label) for b in data), default=4)
    left = min(0.4, 0.04 + longest * FONT_SIZE * 0.55 / chart.width) if horizontal else 0.1
    bottom, top = (0.28, 0.9) if horizontal else (0.16, 0.95)
    ax = fig.add_axes((left, bottom, 0.97 - left, top - bottom))
    colours = ["#9DB0C4" if b.estimated else chart.primary for b in data]
    positions = list(range(len(data)))
    values = [b.value for b in data]
    peak = max([*values, chart.reference[0] if chart.reference else 0])
    label_fmt = FuncFormatter(lambda v, _pos: fmt.axis_value(v, chart.unit, chart.style))
    if chart.kind == "line":
        ax.plot(positions, values, color=chart.primary, linewidth=2, marker="o")
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
        (ax.set_xlabel if horizontal else ax.set_ylabel)(chart.axis_label)
    if chart.reference:
        _reference(ax, *chart.reference, horizontal, chart.accent)
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


def _reference(ax: Any, value: float, label: str, horizontal: bool, colour: str) -> None:
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


def svg_file_drawing(path: Path) -> Any:
    """An SVG file (the logo) as a ReportLab drawing, its text in the brief's fonts."""
    return to_drawing(path.read_text(encoding="utf-8"))


class Drawer:
    """A process that imports matplotlib as soon as it starts and then draws the charts it is
    sent. Started before the project is loaded and validated, it takes matplotlib's import
    off a build's critical path when there is a second core to run it on."""

    def __init__(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True)
        self._process.start()
        child.close()

    @classmethod
    def start(cls) -> Drawer | None:
        """A drawer, or None where drawing here is as quick: matplotlib is imported already
        (a long-running process, such as --watch), or there is no second core or no fork."""
        if "matplotlib.figure" in sys.modules or (os.cpu_count() or 1) < 2 or os.name != "posix":
            return None
        return cls()

    def draw(self, charts: list[ChartSpec]) -> list[str]:
        """The SVG of each chart, drawn in the drawer process."""
        if not charts:
            return []
        self._conn.send(charts)
        result = self._conn.recv()
        if isinstance(result, BaseException):
            raise result
        return result

    def close(self) -> None:
        """Stop the process, even if it is still importing matplotlib."""
        self._conn.close()
        self._process.kill()
        self._process.join()


def _serve(conn: Any) -> None:
    import matplotlib.backends.backend_svg
    import matplotlib.figure  # noqa: F401

    while True:
        try:
            charts = conn.recv()
        except EOFError:
            return
        try:
            conn.send([render_svg(c) for c in charts])
        except Exception as exc:  # sent back, and raised in the build
            conn.send(exc)

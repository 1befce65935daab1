"""Stage 4, chart: draw each chart with matplotlib as SVG, then turn it into a vector drawing.

Titles, source lines and alt text are set by the layout stage around the chart; matplotlib draws
the plot area only: bars or lines, axes, labels and values, with real (not outlined) text in the
brief's own fonts (chartplot: where everything goes, measured rather than tight_layout's
search, so that drawing stays cheap and repeatable). A build draws them in a process of its
own (drawer.py).
"""

from __future__ import annotations

import functools
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import format as fmt
from .fonts import BOLD, REGULAR, FontFiles, SvgFontMap, font_files, script_font_files

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
    short: str = ""  # the value in compact form ("over 1.2M"), where the full one does not fit


@dataclass(frozen=True)
class Group:
    """One series of a chart that draws several: its name and its points, period by period."""

    name: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class ChartSpec:
    """A chart resolved to plain data: all that drawing it needs, and its cache key's basis.

    Plain data, so that it can be drawn in another process without loading the project.
    """

    kind: str
    bars: tuple[Bar, ...]  # of a chart of one series or of statistics
    unit: str
    axis_label: str
    reference: tuple[float, str] | None
    primary: str
    accent: str
    fonts: FontFiles
    script_fonts: tuple[Path, ...]  # the language's own, for text the project's fonts lack
    width: float
    height: float
    notation: fmt.Notation
    currency: str | None = None  # of the amounts drawn, with unit currency
    groups: tuple[Group, ...] = ()  # of a chart of several series (chartseries draws it)


def cache_key(chart: ChartSpec, font_hashes: dict[str, str]) -> str:
    """The key a drawn chart is cached under: its data, notation, size, fonts and the code."""
    from dataclasses import asdict

    from . import __version__
    from .state import digest

    fields = asdict(chart)
    fields["fonts"] = font_hashes  # the fonts' content, not where they are
    fields["script_fonts"] = [path.name for path in chart.script_fonts]
    return digest([fields, __version__, drawing_libraries()])


@functools.cache
def drawing_libraries() -> tuple[str, ...]:
    """The versions of the libraries a cached drawing comes from (matplotlib draws it, svglib
    reads it, ReportLab's classes are pickled in it), read from their metadata once per
    process without importing them: a lookup scans the installed packages."""
    from importlib.metadata import version

    return tuple(version(name) for name in ("matplotlib", "svglib", "reportlab"))


def stated(stat: Statistic, notation: fmt.Notation = fmt.ENGLISH) -> str:
    """A statistic's value as printed on its bar, with its qualifier."""
    qualifier = notation.qualifier(stat.qualifier) if stat.qualifier else ""
    value = fmt.axis_value(stat.value, stat.unit, notation, currency=stat.currency)
    return fmt.qualified(qualifier, value)


def _bar(label: str, value: float, stat: Statistic, prefix: str, notation: fmt.Notation) -> Bar:
    """A bar of `value` in `stat`'s unit, printed after `prefix` (a qualifier, or nothing) in
    full and compact."""
    unit, currency = stat.unit, stat.currency
    return Bar(
        label,
        value,
        fmt.qualified(prefix, fmt.axis_value(value, unit, notation, currency=currency)),
        short=fmt.qualified(prefix, fmt.compact_value(value, unit, notation, currency=currency)),
    )


def _points(stat: Statistic, notation: fmt.Notation) -> list[Bar]:
    """A statistic's series, point by point."""
    from dataclasses import replace

    qualifier = notation.qualifier(stat.qualifier) if stat.qualifier else ""
    out = []
    for point in stat.series or []:
        period = point.period.get(notation.locale) or ""
        if point.value is None:  # the statistic's own value, typed once
            out.append(_bar(period, stat.bounds[0], stat, qualifier, notation))
        else:
            # a point the source does not state as such (its note says how it was
            # obtained) is drawn lighter and marked as approximate
            about = notation.qualifier("about") if point.note else ""
            bar = _bar(period, point.value, stat, about, notation)
            out.append(replace(bar, estimated=point.note is not None))
    return out


def _name(project: Project, chart: Chart, i: int, notation: fmt.Notation) -> str:
    """What the `i`th statistic a chart draws is called on it: its label there, or its own."""
    label = chart.labels[i] if chart.labels else project.statistics[chart.drawn[i]].label
    return label.get(notation.locale) or ""


def bars(project: Project, chart: Chart, notation: fmt.Notation) -> list[Bar]:
    """What a chart of one series or of statistics draws: one bar (or point) per statistic
    or per point of the series."""
    if chart.series_ids:
        return _points(project.statistics[chart.series_ids[0]], notation)
    out = []
    for i, stat_id in enumerate(chart.statistics or []):
        stat = project.statistics[stat_id]
        qualifier = notation.qualifier(stat.qualifier) if stat.qualifier else ""
        out.append(
            _bar(_name(project, chart, i, notation), stat.bounds[0], stat, qualifier, notation)
        )
    return out


def figures(project: Project, chart: Chart, notation: fmt.Notation) -> list[tuple[Statistic, str]]:
    """The figures a chart draws, for the brief's table of figures, each with its value as
    the chart prints it: each statistic's own value where it is drawn; on a chart of several
    series, every point of each (ID@PERIOD, or the statistic at its own value)."""
    from .model import variants

    stats = [project.statistics[i] for i in chart.drawn]
    if len(stats) < 2 or chart.statistics:
        return [
            (stat, stated(stat, notation))
            for stat in stats
            if chart.statistics or any(p.value is None for p in stat.series or [])
        ]
    return [
        (stat if point.value is None else stat.at(variants(point.period)[0]), bar.text)
        for stat in stats
        for point, bar in zip(stat.series or [], _points(stat, notation), strict=True)
    ]


def groups(project: Project, chart: Chart, notation: fmt.Notation) -> list[Group]:
    """What a chart of several series draws: each series, named, point by point; and a bar
    or line chart of one series or of statistics with a value below zero, which chartplot's
    axis (from 0) cannot show: one unnamed group."""
    ids = chart.series_ids
    if len(ids) > 1:
        return [
            Group(
                _name(project, chart, i, notation), tuple(_points(project.statistics[s], notation))
            )
            for i, s in enumerate(ids)
        ]
    one = bars(project, chart, notation)
    if chart.kind != "hbar" and any(b.value < 0 for b in one):
        return [Group("", tuple(one))]
    return []


def _drawable(notation: fmt.Notation) -> fmt.Notation:
    """`notation`, with the hyphen for the minus sign where the chart's fonts (the brief's
    regular and bold, registered by then) lack it (a glyph a font lacks is dropped: "−12%"
    would read "12%"), as the brief's text does."""
    from dataclasses import replace

    from .rl.fonts import covered

    if all(ord(fmt.MINUS) in covered(name) for name in (REGULAR, BOLD)):
        return notation
    return replace(notation, minus="-")


def spec(
    project: Project, chart_id: str, notation: fmt.Notation, width: float, height: float
) -> ChartSpec:
    """Resolve a chart of the project for a brief of `notation`, drawn `width` x `height` points."""
    lang = notation.locale
    chart = project.charts[chart_id]
    branding = project.config.branding
    first = project.statistics[chart.drawn[0]]
    fonts = font_files(project)
    notation = _drawable(notation)
    drawn_groups = tuple(groups(project, chart, notation))
    reference = None
    if chart.reference:
        reference = (chart.reference.value, chart.reference.label.get(lang) or "")
    return ChartSpec(
        kind=chart.kind,
        bars=() if drawn_groups else tuple(bars(project, chart, notation)),
        unit=first.unit,
        axis_label=chart.axis_label.get(lang) or "" if chart.axis_label else "",
        reference=reference,
        primary=branding.primary,
        accent=branding.accent,
        fonts=fonts,
        script_fonts=tuple(dict.fromkeys(script_font_files(project, lang).values())),
        width=width,
        height=height,
        notation=notation,
        currency=first.currency if first.unit == "currency" else None,
        groups=drawn_groups,
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
    ours = {
        "svg.fonttype": "none",  # real text, set by svglib in the registered fonts
        "svg.hashsalt": "briefgen",  # stable ids: identical charts give identical SVG
        "font.family": [family, *dict.fromkeys(fallback)],
        "font.size": FONT_SIZE,
        "text.parse_math": False,  # a label's "$" is a dollar, not mathematics
        "text.color": INK,
        "axes.edgecolor": GRID,
        "axes.labelcolor": MUTED,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
    }
    # matplotlib's own defaults, whatever a matplotlibrc in the current folder or the user's
    # settings say (or the folder the build server started in): one chart, one drawing
    now = _settings(matplotlib.rcParams)
    if not (
        _same_but(ours, now, _settings(matplotlib.rcParamsDefault)) or _same_but(ours, now, _left)
    ):
        matplotlib.rcdefaults()
    matplotlib.rcParams.update(ours)
    _left.clear()
    _left.update(_settings(matplotlib.rcParams))
    return family


# matplotlib's settings as the last chart's setup left them: unchanged since, they need no
# `rcdefaults` (some it does not restore, such as `interactive` in a notebook, stay as set).
_left: dict[str, Any] = {}


def _settings(params: Any) -> dict[str, Any]:
    """matplotlib's settings `params` (rcParams, or its defaults) as a dictionary, read with
    the API-stable `_get`, which resolves no backend."""
    return {key: params._get(key) for key in params}


def _same_but(ours: dict[str, Any], now: dict[str, Any], then: dict[str, Any]) -> bool:
    """Whether every setting `now` but `ours` (and the backend, which drawing to SVG does not
    use) is as `then`: then there is nothing to restore, and drawing needs no `rcdefaults`,
    which reads matplotlib's style library (16 ms, at a process's first chart)."""
    return bool(then) and all(
        value == then.get(key) for key, value in now.items() if key not in ours and key != "backend"
    )


def load_matplotlib() -> None:
    """Import what drawing a chart needs, with numpy's linear algebra kept to one thread: a
    chart needs none in parallel, and the threads OpenBLAS starts at its import take a third
    of the import's CPU time (0.1 s) from the build on the other core. The environment is
    the caller's again after: the libraries read it as they load."""
    unset = [name for name in _THREADS if name not in os.environ]
    os.environ.update(dict.fromkeys(unset, "1"))
    try:
        import matplotlib.backends.backend_svg
        import matplotlib.figure  # noqa: F401
    finally:
        for name in unset:
            os.environ.pop(name, None)


# How many threads numpy's linear algebra starts: OpenBLAS's, OpenMP's and MKL's settings.
_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def render_svg(chart: ChartSpec) -> str:
    """Draw one chart's plot area as an SVG document (imports matplotlib)."""
    from . import chartplot

    load_matplotlib()
    _setup(chart.fonts, chart.script_fonts)
    out = io.StringIO()
    chartplot.figure(chart).savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


def to_drawing(svg: str) -> Any:
    """Convert a chart's SVG into a ReportLab drawing whose text uses the brief's fonts."""
    from svglib.svglib import svg2rlg

    from .svgpaths import detach

    drawing = svg2rlg(io.BytesIO(svg.encode("utf-8")), font_map=SvgFontMap())
    if drawing is not None:
        detach(drawing)  # cached, it is read back without svglib
    return drawing


def svg_file_drawing(path: Path) -> Any:
    """An SVG file (the logo) as a ReportLab drawing, its text in the brief's fonts."""
    return to_drawing(path.read_text(encoding="utf-8"))

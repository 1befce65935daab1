"""Charts of several series: line charts with a line per statistic and grouped bar charts,
built into PDFs and checked as a reader would (names, alt text, figures, sources), and the
errors a campaign's data can make in them, each at its line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefgen import api, chart, fonts
from briefgen import format as fmt
from briefgen.cli import main

from .conftest import built, copy_case, copy_shipped, structure
from .test_chart import ACCENT, PRIMARY, drawn

PERIODS = ("2019", "2020", "2021", "2022")


def write_series(
    root: Path,
    stats: list[tuple[str, str, list[float]]],
    kind: str = "line",
    extra: str = "",
    unit: str = "count",
) -> Path:
    """The minimal project with statistics (id, label, one value per period), each from a
    source of its own, and a chart `held` of `kind` drawing them all."""
    sources = "sources:\n" + "".join(
        f"  - id: src{i}\n    publisher: Publisher {i}\n    title: Report {i}\n"
        f"    date: 2021-03-0{i % 9 + 1}\n    kind: report\n"
        for i in range(max(2, len(stats)))  # src1: the minimal project quotes it
    )
    lines = [  # the one the minimal project's prose refers to
        "statistics:",
        "  - {id: people, label: People, value: 1200, unit: count, as_of: '2021', source: src0}",
    ]
    for i, (stat_id, label, values) in enumerate(stats):
        lines += [
            f"  - id: {stat_id}",
            f"    label: {label}",
            f"    value: {values[-1]}",
            f"    unit: {unit}",
            *(["    currency: USD"] if unit == "currency" else []),
            f"    as_of: '{PERIODS[len(values) - 1]}'",
            f"    source: src{i}",
            "    series:",
            *(
                f"      - {{period: '{p}', value: {v}}}"
                for p, v in zip(PERIODS, values, strict=False)
            ),
        ]
    (root / "data" / "sources.yaml").write_text(sources)
    (root / "data" / "statistics.yaml").write_text("\n".join(lines) + "\n")
    ids = ", ".join(s[0] for s in stats)
    (root / "data" / "charts.yaml").write_text(
        f"charts:\n  - id: held\n    kind: {kind}\n    title: People held, by region\n"
        f"    series: [{ids}]\n    alt: 'People held in {stats[0][1]}, "
        f"{{stat:{stats[0][0]}@2019}} in 2019.'\n{extra}"
    )
    return root


def figure_text(reader: PdfReader) -> list[str]:
    """The text drawn inside the first page's Figure marked content."""
    tags: list[str] = []
    found: list[str] = []

    def before(op: bytes, args: list, cm: object, tm: object) -> None:
        if op in (b"BDC", b"BMC"):
            tags.append(str(args[0]))
        elif op == b"EMC" and tags:
            tags.pop()

    def text(t: str, cm: object, tm: object, font: object, size: float) -> None:
        if t.strip() and "/Figure" in tags:
            found.append(t.strip())

    reader.pages[0].extract_text(visitor_operand_before=before, visitor_text=text)
    return found


TWO = [("north", "North", [800, 950, 1200]), ("south", "South", [400, 380, 520])]


@pytest.mark.parametrize("kind", ["line", "grouped_bar"])
def test_built_chart_names_every_series(tmp_path: Path, kind: str) -> None:
    root = write_series(copy_case("minimal", tmp_path / "p"), TWO, kind)
    [written] = built(api.build(root))
    reader = PdfReader(written.path)
    text = reader.pages[0].extract_text()
    assert "People held, by region" in text
    drawn_text = figure_text(reader)  # the chart's own text, inside its Figure
    for label in ("North", "South", "2019", "2020", "2021"):
        assert label in drawn_text
    if kind == "grouped_bar":
        assert {"800", "1,200", "380"} <= set(drawn_text)
    alts = [e["/Alt"] for _depth, role, e in structure(reader) if role == "/Figure"]
    assert alts == ["People held in North, 800 in 2019."]
    # both sources, each cited
    assert "Source: Publisher 0, 1 March 2021; Publisher 1, 2 March 2021[1, 2]" in " ".join(
        text.split()
    )
    rows = json.loads(reader.attachments["figures.json"][0])["figures"]
    drawn = {(row["statistic"], row["printed"], row["source"]) for row in rows}
    assert {("north@2019", "800", "src0"), ("south@2021", "520", "src1")} <= drawn


def check(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--project", str(root)])
    return result.exit_code, result.output


def line_of(root: Path, file: str, text: str) -> int:
    lines = (root / file).read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        (
            lambda s: s.replace("series: [north, south]", "series: [north, sooth]"),
            "series:",
            "charts.held.series: unknown statistic 'sooth'; did you mean 'south'?",
        ),
        (
            lambda s: s.replace("kind: line", "kind: bar"),
            "kind:",
            "charts.held.kind: a bar chart draws one series; draw several as kind line",
        ),
        (
            lambda s: s.replace("series: [north, south]", "series: [north]").replace(
                "kind: line", "kind: grouped_bar"
            ),
            "series:",
            "charts.held.series: a grouped_bar chart compares two series or more",
        ),
    ],
)
def test_chart_errors_at_their_line(tmp_path: Path, change, key: str, message: str) -> None:
    root = write_series(copy_case("minimal", tmp_path / "p"), TWO)
    charts = root / "data" / "charts.yaml"
    charts.write_text(change(charts.read_text()))
    code, output = check(root)
    assert code == 1
    assert f"data/charts.yaml:{line_of(root, 'data/charts.yaml', key)}: error: {message}" in output


def test_missing_period_is_named_with_its_series(tmp_path: Path) -> None:
    stats = [TWO[0], ("south", "South", [400, 380])]
    root = write_series(copy_case("minimal", tmp_path / "p"), stats)
    code, output = check(root)
    assert code == 1
    line = line_of(root, "data/charts.yaml", "series:")
    assert (
        f"data/charts.yaml:{line}: error: charts.held.series: statistic 'south' has no point "
        "for 2021 (which 'north' has): series drawn together need the same periods" in output
    )


def test_mixed_units_are_refused(tmp_path: Path) -> None:
    root = write_series(copy_case("minimal", tmp_path / "p"), TWO)
    stats = root / "data" / "statistics.yaml"
    text = stats.read_text()
    at = text.index("id: south")
    stats.write_text(text[:at] + text[at:].replace("unit: count", "unit: percent", 1))
    code, output = check(root)
    assert code == 1
    line = line_of(root, "data/charts.yaml", "series:")
    assert (
        f"data/charts.yaml:{line}: error: charts.held.series: the statistics of one chart must "
        "share a unit (found north: count, south: percent)" in output
    )


def test_a_range_in_a_series_chart_is_refused(tmp_path: Path) -> None:
    root = write_series(copy_case("minimal", tmp_path / "p"), TWO)
    stats = root / "data" / "statistics.yaml"
    stats.write_text(stats.read_text().replace("value: 520\n", "value: [500, 520]\n", 1))
    code, output = check(root)
    assert code == 1
    assert "charts.held: statistic 'south' is a range, which a chart cannot draw" in output
    assert f"data/charts.yaml:{line_of(root, 'data/charts.yaml', 'id: held')}:" in output


def test_changing_any_drawn_series_rebuilds_the_brief(tmp_path: Path) -> None:
    root = write_series(copy_case("minimal", tmp_path / "p"), TWO, "grouped_bar")
    built(api.build(root))
    assert [o.status for o in api.build(root).outcomes] == ["up to date"]
    stats = root / "data" / "statistics.yaml"
    stats.write_text(
        stats.read_text().replace("{period: '2020', value: 380}", "{period: '2020', value: 390}")
    )
    [written] = built(api.build(root))
    text = PdfReader(written.path).pages[0].extract_text()
    assert "390" in text and "380" not in text


# Charts of any series: drawn from plain specs and measured in the drawing svglib makes.

EXAMPLES = int(os.environ.get("BRIEFGEN_EXAMPLES", "12"))
NAMES = [
    "North",
    "Phnom Penh",
    "Coastal provinces along the gulf",
    "People held in pre-trial detention awaiting a hearing in provincial courts",
    "Supercalifragilisticexpialidociousnesses",
]


@pytest.fixture(scope="module")
def chart_fonts(tmp_path_factory: pytest.TempPathFactory) -> fonts.FontFiles:
    """The shipped fonts, registered as a brief's."""
    project, _ = api.load(copy_shipped(tmp_path_factory.mktemp("series")))
    fonts.register(project)
    return fonts.font_files(project)


def spec(
    project_fonts: fonts.FontFiles,
    kind: str,
    series: list[tuple[str, list[float]]],
    width: float = 481.9,
    unit: str = "count",
    currency: str | None = None,
) -> chart.ChartSpec:
    from briefgen.paper import CHART_HEIGHT

    def bar(period: str, value: float) -> chart.Bar:
        full = fmt.axis_value(value, unit, HYPHEN, currency=currency)
        return chart.Bar(
            period, value, full, short=fmt.compact_value(value, unit, HYPHEN, currency=currency)
        )

    groups = tuple(
        chart.Group(name, tuple(bar(p, v) for p, v in zip(PERIODS, values, strict=False)))
        for name, values in series
    )
    return chart.ChartSpec(
        kind, (), unit, "", None, PRIMARY, ACCENT, project_fonts, (), width, CHART_HEIGHT,
        HYPHEN, currency, groups,
    )  # fmt: skip


NO_SHRINKING = [Phase.explicit, Phase.generate]  # a failing chart is slow to shrink: shown whole
HYPHEN = fmt.Notation(minus="-")  # the shipped fonts lack the minus sign (U+2212)


def texts_of(spec: chart.ChartSpec) -> list[str]:
    """Draw a chart and assert that every text lies inside the drawing, clear of every other."""
    out = drawn(chart.to_drawing(chart.render_svg(spec)))
    for i, box in enumerate(out.texts):
        assert box.x0 >= -0.5 and box.x1 <= out.width + 0.5, box
        assert box.y0 >= -0.5 and box.y1 <= out.height + 0.5, box
        for other in out.texts[i + 1 :]:
            assert not box.overlaps(other), (box, other)
    return [t.text for t in out.texts]


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, phases=NO_SHRINKING)
@given(
    kind=st.sampled_from(["line", "grouped_bar"]),
    count=st.integers(2, 6),
    periods=st.integers(2, 4),
    names=st.lists(st.sampled_from(NAMES), min_size=6, max_size=6),
    values=st.lists(st.floats(-5e6, 5e6, allow_nan=False), min_size=24, max_size=24),
    letter=st.booleans(),
    money=st.booleans(),
)
def test_any_series_chart_keeps_its_text_apart(
    chart_fonts: fonts.FontFiles,
    kind: str,
    count: int,
    periods: int,
    names: list[str],
    values: list[float],
    letter: bool,
    money: bool,
) -> None:
    series = [(names[k], values[k * 4 : k * 4 + periods]) for k in range(count)]
    unit, currency = ("currency", "USD") if money else ("change", None)
    shown = texts_of(spec(chart_fonts, kind, series, 468.0 if letter else 481.9, unit, currency))
    for period in PERIODS[:periods]:
        assert period in shown
    joined = " ".join(shown)
    for name, _values in series:  # each name, or its beginning where it had to stop short
        assert name.split()[0][:10] in joined, name


@pytest.mark.parametrize("kind", ["line", "grouped_bar"])
def test_names_by_the_lines_or_in_a_legend(chart_fonts: fonts.FontFiles, kind: str) -> None:
    short = texts_of(spec(chart_fonts, kind, [("North", [1, 2, 3]), ("South", [3, 2, 1])]))
    assert {"North", "South", "2019", "2021"} <= set(short)
    long = texts_of(spec(chart_fonts, kind, [(NAMES[3], [1, 2, 3]), (NAMES[2], [3, 2, 1])]))
    assert "Coastal provinces along the gulf" in long  # in the legend's room, in full
    money = texts_of(
        spec(
            chart_fonts,
            kind,
            [("A", [-2e6, 1e6]), ("B", [3e6, 4e6])],
            unit="currency",
            currency="USD",
        )
    )
    assert {"US$0", "US$2M"} <= set(money) and any(t.startswith("-US$") for t in money)


def test_values_below_zero_are_drawn_but_not_in_horizontal_bars(tmp_path: Path) -> None:
    fall = [("north", "North", [-80, 9.5, 12])]
    root = write_series(copy_case("minimal", tmp_path / "p"), fall, "line", unit="change")
    charts = root / "data" / "charts.yaml"
    charts.write_text(charts.read_text().replace("series: [north]", "series: north"))
    [written] = built(api.build(root))
    shown = figure_text(PdfReader(written.path))
    assert {"-80%", "+12%"} <= set(shown), shown  # ticks and values
    charts.write_text(
        charts.read_text()
        .replace("kind: line", "kind: hbar")
        .replace("series: north", "statistics: [north]")
        .replace("@2019", "")
    )
    stats = root / "data" / "statistics.yaml"
    stats.write_text(stats.read_text().replace("value: 12\n", "value: -12\n", 1))
    code, output = check(root)
    assert code == 1
    assert (
        f"data/charts.yaml:{line_of(root, 'data/charts.yaml', 'kind:')}: error: charts.held.kind: "
        "statistic 'north' is below zero, which a horizontal bar chart cannot draw yet"
    ) in output
    charts.write_text(charts.read_text().replace("kind: hbar", "kind: bar"))
    [written] = built(api.build(root))
    assert "-12%" in figure_text(PdfReader(written.path))  # a bar below zero, with its value

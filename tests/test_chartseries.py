"""Charts of several series: line charts with a line per statistic and grouped bar charts,
built into PDFs and checked as a reader would (names, alt text, figures, sources), and the
errors a campaign's data can make in them, each at its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefgen import api
from briefgen.cli import main

from .conftest import built, copy_case, structure

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
        for i in range(len(stats))
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


TWO = [("north", "North", [800, 950, 1200]), ("south", "South", [400, 380, 520])]


@pytest.mark.parametrize("kind", ["line", "grouped_bar"])
def test_built_chart_names_every_series(tmp_path: Path, kind: str) -> None:
    root = write_series(copy_case("minimal", tmp_path / "p"), TWO, kind)
    [written] = built(api.build(root))
    reader = PdfReader(written.path)
    text = reader.pages[0].extract_text()
    for label in ("North", "South", "2019", "2020", "2021", "People held, by region"):
        assert label in text
    alts = [e["/Alt"] for _depth, role, e in structure(reader) if role == "/Figure"]
    assert alts == ["People held in North, 800 in 2019."]
    # both sources, each cited
    assert "Source: Publisher 0, 1 March 2021; Publisher 1, 2 March 2021 [1, 2]" in " ".join(
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

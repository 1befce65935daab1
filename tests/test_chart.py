"""Charts: drawn by matplotlib as SVG with real text, converted to vector drawings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Group, String

from briefgen import api, chart, fonts
from briefgen.format import ENGLISH
from briefgen.layout import CHART_HEIGHT

from .conftest import built, copy_case, structure


def strings(node: object) -> list[String]:
    if isinstance(node, String):
        return [node]
    if isinstance(node, Group):
        return [s for child in node.contents for s in strings(child)]
    return []


@pytest.fixture(scope="module")
def shipped_project(tmp_path_factory: pytest.TempPathFactory):
    from .conftest import copy_shipped

    project, _ = api.load(copy_shipped(tmp_path_factory.mktemp("charts")))
    fonts.register(project)
    return project


@pytest.mark.parametrize("chart_id", ["prison_growth", "cc1_occupancy"])
def test_svg_text_is_text_not_outlines(shipped_project, chart_id: str) -> None:
    project = shipped_project
    svg = chart.render_svg(chart.spec(project, chart_id, ENGLISH, 480, CHART_HEIGHT))
    assert "<text" in svg
    assert "font-family: 'Noto Sans'" in svg
    assert not re.search(r'<path id="[^"]*-[0-9a-f]+"', svg), "glyphs drawn as paths"
    assert "tight" not in svg


def test_drawing_uses_only_the_briefs_fonts(shipped_project) -> None:
    project = shipped_project
    svg = chart.render_svg(chart.spec(project, "cc1_occupancy", ENGLISH, 480, CHART_HEIGHT))
    drawing = chart.to_drawing(svg)
    texts = strings(drawing)
    assert {s.text for s in texts} >= {"AFP", "Radio Free Asia", "more than 4×", "about 5×"}
    assert {s.fontName for s in texts} <= {fonts.REGULAR, fonts.BOLD}
    assert fonts.BOLD in {s.fontName for s in texts}  # values are set in bold


def test_same_chart_gives_same_svg(shipped_project) -> None:
    project = shipped_project
    first = chart.render_svg(chart.spec(project, "prison_growth", ENGLISH, 480, CHART_HEIGHT))
    assert first == chart.render_svg(
        chart.spec(project, "prison_growth", ENGLISH, 480, CHART_HEIGHT)
    )


def test_estimated_points_are_marked(shipped_project) -> None:
    project = shipped_project
    bars = chart.bars(project, project.charts["prison_growth"], ENGLISH)
    assert [(b.label, b.text, b.estimated) for b in bars] == [
        ("Jan 2017", "about 21,350", True),
        ("May 2020", "over 38,000", False),
    ]


def test_line_chart_and_alt_text_in_the_pdf(tmp_path: Path) -> None:
    root = copy_case("minimal", tmp_path / "p")
    (root / "data" / "statistics.yaml").write_text(
        "statistics:\n  - id: people\n    label: People held\n    value: 1200\n"
        "    unit: count\n    as_of: '2021'\n    source: src1\n    series:\n"
        "      - {period: '2019', value: 800}\n      - {period: '2020', value: 1000}\n"
        "      - {period: '2021', value: 1200}\n"
    )
    (root / "data" / "charts.yaml").write_text(
        "charts:\n  - id: held\n    kind: line\n    title: People held, 2019–2021\n"
        "    series: people\n    alt: A line rising to {stat:people} in 2021.\n"
    )
    [written] = built(api.build(root))
    reader = PdfReader(written.path)
    text = reader.pages[0].extract_text()
    for label in ("2019", "2020", "2021", "800", "1,000", "1,200", "People held, 2019–2021"):
        assert label in text
    alts = [e["/Alt"] for _depth, role, e in structure(reader) if role == "/Figure"]
    assert alts == ["A line rising to 1,200 in 2021."]
    assert "Source: Test Publisher, 4 March 2021 [1]" in " ".join(text.split())

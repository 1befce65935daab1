"""A brief's story: the title block, each block in its section, the sources list laid out
last and put back in place; and what the pages around the story use of the layout."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepInFrame

from briefgen import api, fonts
from briefgen.fonts import REGULAR
from briefgen.layout import BriefLayout, Theme
from briefgen.project import Project

from .conftest import copy_case
from .layout_project import layout_project, outline, text_of


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return layout_project(tmp_path_factory.mktemp("story") / "project")


def brief(project: Project, brief_id: str) -> BriefLayout:
    return BriefLayout(project, brief_id, Theme.of(project), lambda _id: Drawing(200, 80))


def test_story_is_the_title_block_then_each_block_in_its_section(project: Project) -> None:
    layout = brief(project, "late")
    story = layout.story((400, 150))
    assert isinstance(story[0], KeepInFrame)  # shrunk into the band, then a frame break
    assert outline(layout.root) == "Document[P H1 P P Sect[P] Sect[H2 Note Note] Sect[P]]"
    assert text_of(story) == (
        "LATE Sources first A brief whose sources come before a citation. Test Org · 1 May 2021 "
        "Held: about 1,200[1]. Sources [1] Test Publisher, “A report”, 4 March 2021. [2] "
        "Second Publisher, A. Writer, “Another report”, February 2021. https://example.org/r "
        "Later[2]."
    )


def test_figures_printed_are_recorded_once_each(project: Project) -> None:
    layout = brief(project, "blocks")
    layout.story((400, 150))
    assert ("people", "about 1,200") in layout.figures
    row = layout.figures[("share", "60%")]
    assert row["source_publisher"] == "Second Publisher" and row["value"] == 60


def test_links_are_described_for_screen_readers(project: Project) -> None:
    layout = brief(project, "late")
    layout.story((400, 150))
    assert layout.describe_link("#source-2") == "Source 2: Second Publisher"
    assert layout.describe_link("mailto:press@example.org") == "press@example.org"


def test_a_line_of_running_text_is_placed_by_its_anchor(project: Project) -> None:
    layout = brief(project, "late")
    canv = Canvas(io.BytesIO())
    width = canv.stringWidth("Running head", REGULAR, 8)
    assert layout.draw_line(canv, "Running head", 300, 20, 8, colors.black) == width
    assert layout.draw_line(canv, "Running head", 300, 20, 8, colors.black, anchor="end") == width


def test_chart_text_is_set_by_the_line_drawer_in_a_language_s_own_fonts(tmp_path: Path) -> None:
    latin = brief(layout_project(tmp_path / "latin"), "blocks")
    assert latin.context.chart_line is None  # matplotlib's own text
    project, _ = api.load(copy_case("khmer", tmp_path / "khmer"))
    fonts.register(project)
    theme = Theme.of(project, fonts.names(project, "km"))
    khmer = BriefLayout(project, "short", theme, lambda _id: Drawing(200, 80))
    assert khmer.context.chart_line == khmer.draw_line

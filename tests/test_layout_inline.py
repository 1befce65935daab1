"""Inline text: citations numbered in order, references printed in the brief's style,
paragraphs opening with a figure capitalised, and fallback fonts for what a font lacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen import api, fonts
from briefgen.fonts import LATIN
from briefgen.layout import InlineText, fallback_runs
from briefgen.layout.inline import Citations
from briefgen.project import Project

from .conftest import copy_case
from .layout_project import context, layout_project

KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return layout_project(tmp_path_factory.mktemp("inline") / "project")


@pytest.fixture
def prose(project: Project) -> InlineText:
    return context(project).prose


def test_citations_are_numbered_in_the_order_first_cited() -> None:
    citations = Citations()
    assert [citations.number(s) for s in ["b", "a", "b", "c"]] == [1, 2, 1, 3]
    assert citations.order == ["b", "a", "c"]


def test_a_citation_mark_links_each_source_once_in_number_order_brackets_inside() -> None:
    citations = Citations(lambda n: n.translate(KHMER_DIGITS))
    citations.mark(["x"])
    assert citations.mark(["y", "x", "y"]) == (
        '<super size="6.5" rise="3.5">'
        '<a href="#source-1">[១</a>,\u00a0<a href="#source-2">២]</a></super>'
    )


def test_a_paragraph_opening_with_a_statistic_starts_with_a_capital(prose: InlineText) -> None:
    assert prose.inline("{stat:people} held").startswith("About 1,200<super")
    assert prose.inline("Held: {stat:people}").startswith("Held: about 1,200<super")


def test_references_cite_their_sources_unless_told_not_to(prose: InlineText) -> None:
    assert prose.inline("{stat:share} of them", cite=False) == "60% of them"
    assert prose.citations.order == []
    assert list(prose.figures) == [("share", "60%")]  # printed all the same
    assert prose.inline("Said{cite:src1}.") == (
        'Said<super size="6.5" rise="3.5"><a href="#source-1">[1]</a></super>.'
    )


def test_emphasis_and_links_become_reportlab_markup(prose: InlineText) -> None:
    colour = prose.theme.primary.hexval()[2:]
    assert prose.inline("**bold** *it* [site](https://e.org)") == (
        f'<b>bold</b> <i>it</i> <a href="https://e.org" color="#{colour}"><u>site</u></a>'
    )


def test_plain_text_prints_figures_and_drops_markup_and_citations(project: Project) -> None:
    prose = context(project).prose
    text = project.briefs["blocks"].blocks[0].text  # two paragraphs
    assert prose.plain(text) == "60% of them are held without trial. A second paragraph."
    assert prose.citations.order == []


def test_a_prose_field_in_the_briefs_language(project: Project) -> None:
    prose = context(project, "note").prose
    label = project.statistics["people"].label
    assert (prose.text(label), prose.text(None)) == ("Personnes détenues", "")
    assert prose.inline("{stat:people}", cite=False) == "Environ 1\u202f200"


def test_latin_text_is_set_in_the_project_fonts_in_a_khmer_brief(tmp_path: Path) -> None:
    project, _ = api.load(copy_case("khmer", tmp_path / "p"))
    fonts.register(project)
    prose = context(project, "short").prose
    assert prose.runs("<b>ក CC1</b>") == f'<b>ក <font face="{LATIN.bold}">CC1</font></b>'


def test_text_in_the_project_fonts_is_left_as_it_is(project: Project, prose: InlineText) -> None:
    fonts.register(project)
    assert prose.runs("<b>ក CC1</b>") == "<b>ក CC1</b>"


def test_fallback_runs_close_before_tags_and_cover_entities() -> None:
    khmer = frozenset(range(0x1780, 0x1800)) | {ord(" ")}
    out = fallback_runs(
        'ក A&amp;B <a href="#source-1">1</a> ក', [(khmer, None), (frozenset(), LATIN)]
    )
    face = f'<font face="{LATIN.regular}">'
    assert out == f'ក {face}A&amp;B </font><a href="#source-1">{face}1</font></a> ក'

"""The house style: every paragraph style from the table of overrides of the body style, in
the brief's fonts and the project's colours."""

from __future__ import annotations

import pytest
from reportlab.lib import colors

from briefgen.fonts import LATIN, FontNames
from briefgen.layout.theme import INK, STYLES, Theme
from briefgen.paper import MARGIN_X, PAGE_SIZES, text_width
from briefgen.project import Project

from .layout_project import layout_project

KHMER = FontNames("K-Regular", "K-Bold", "K-Regular", "K-Bold", "K-Heading")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return layout_project(tmp_path_factory.mktemp("theme") / "project")


def test_every_style_overrides_the_body_style(project: Project) -> None:
    theme = Theme.of(project)
    assert list(theme.styles) == list(STYLES)
    body = theme.styles["body"]
    assert (body.fontName, body.fontSize, body.leading, body.textColor) == (
        LATIN.regular,
        9.6,
        14,
        INK,
    )
    assert theme.styles["lead"].fontName == LATIN.regular  # inherited
    assert (theme.styles["lead"].fontSize, theme.styles["lead"].leading) == (11.5, 16.5)


def test_styles_are_set_in_the_fonts_of_their_role(project: Project) -> None:
    theme = Theme.of(project, KHMER)
    roles = {name: theme.styles[name].fontName for name in ("h2", "h3", "quote", "source")}
    assert roles == {"h2": "K-Heading", "h3": "K-Bold", "quote": "K-Regular", "source": "K-Regular"}
    assert {s.shaping for s in theme.styles.values()} == {1}  # HarfBuzz sets them
    assert {s.shaping for s in Theme.of(project).styles.values()} == {0}


def test_styles_take_the_project_s_colours(project: Project) -> None:
    theme = Theme.of(project)
    branding = project.config.branding
    assert theme.primary == colors.HexColor(branding.primary)
    assert theme.styles["h2"].textColor == theme.primary
    assert theme.styles["label"].textColor == theme.accent
    assert theme.styles["title"].textColor == colors.white


def test_text_width_is_the_page_s_between_the_margins() -> None:
    assert text_width("Letter") == PAGE_SIZES["Letter"][0] - 2 * MARGIN_X

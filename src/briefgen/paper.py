"""Page geometry: the paper sizes, the margins, and the size a chart is drawn at. Planning
and the charts' specs need it before a build has loaded the layout (ReportLab's platypus),
which is imported while the charts are drawn."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm

if TYPE_CHECKING:
    from .project import Project

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
MARGIN_X = 20 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
BAND_HEIGHT = 63 * mm
CHART_HEIGHT = 44 * mm  # on A4; on other paper, in proportion to the text's height


def page_size(project: Project, brief_id: str) -> str:
    """The paper size of a brief (A4, Letter): its own, or the project's."""
    return project.briefs[brief_id].page_size or project.config.page_size


def text_width(page_size: str) -> float:
    """The width of the text on a page of `page_size` (A4, Letter), between the margins."""
    return PAGE_SIZES[page_size][0] - 2 * MARGIN_X


def chart_size(page_size: str) -> tuple[float, float]:
    """The size a chart is drawn at on a page of `page_size`: the text's width, and a height
    in proportion to the text's (a chart as tall on shorter Letter paper would not fit where
    it does on A4, leaving a third of a page empty)."""
    text_height = PAGE_SIZES[page_size][1] - MARGIN_TOP - MARGIN_BOTTOM
    a4_height = A4[1] - MARGIN_TOP - MARGIN_BOTTOM
    return text_width(page_size), CHART_HEIGHT * text_height / a4_height

"""The layout stage's entry point: one brief laid out, with the design of its pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable

from ..fonts import names
from ..paper import PAGE_SIZES, page_size
from ..project import Artwork, Project
from .story import BriefLayout
from .theme import Theme


@dataclass(frozen=True)
class About:
    """What the PDF says about itself (document information and XMP)."""

    title: str
    author: str
    subject: str
    keywords: str
    lang: str


@dataclass
class LaidOut:
    """A brief laid out: its story, the layout that made it (the figures printed, the
    structure tree), the design of the pages around it and what the PDF says about itself."""

    brief_id: str
    layout: BriefLayout
    story: list[Flowable]
    design: Any  # pages.PageDesign
    about: About


def lay_out(
    project: Project,
    brief_id: str,
    art: Artwork,
    history: dict[str, dict[str, Any]] | None = None,
) -> LaidOut:
    """Stage 5, lay out: a brief's blocks as flowables, every figure it prints and its
    structure tree known, with its charts' drawings from `art`."""
    from ..pages import PageDesign, RunningText  # the pages import the layout's geometry

    brief = project.briefs[brief_id]
    notation = project.notation(brief_id)
    theme = Theme.of(project, names(project, brief.language))
    size = page_size(project, brief_id)
    layout = BriefLayout(
        project, brief_id, theme, lambda chart_id: art.charts[(chart_id, notation, size)], history
    )
    text = RunningText.of(project, brief_id, layout.prose.plain)
    design = PageDesign(PAGE_SIZES[size], theme, art.logo, text, layout.draw_line)
    about = About(
        layout.prose.plain(brief.title),
        text.organisation,
        f"{text.label}: {text.campaign}",
        ", ".join(brief.keywords),
        brief.language,
    )
    return LaidOut(brief_id, layout, layout.story(design.band_size), design, about)

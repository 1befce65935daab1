"""A brief's story: its title block and blocks as flowables, in reading order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, FrameBreak, KeepInFrame

from .. import figures
from .. import format as fmt
from ..fonts import BOLD, REGULAR
from ..markup import escape
from ..model import Block
from ..project import Project
from ..rl.paragraph import BriefParagraph
from ..tagging import Marked, Tag
from .blocks import RENDERERS, Renderer
from .context import Context
from .inline import InlineText
from .theme import Theme

LINE_WIDTH = 2000.0  # wider than any line of running text: draw_line never wraps


class BriefLayout:
    """Lays out one brief: the story of its blocks, the structure tree they make and the
    figures they print; and its running text (draw_line), for the pages around the story."""

    def __init__(
        self,
        project: Project,
        brief_id: str,
        theme: Theme,
        drawing: Callable[[str], Flowable],
        history: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        self.theme = theme
        chart_line = self.draw_line if theme.fonts.shaped else None  # matplotlib does not shape
        self.context = Context(project, brief_id, theme, drawing, history, chart_line)

    @property
    def prose(self) -> InlineText:
        """The brief's prose as markup or plain text (titles, labels for the metadata)."""
        return self.context.prose

    @property
    def root(self) -> Tag:
        """The structure tree's root (Document), its elements in reading order."""
        return self.context.root

    @property
    def figures(self) -> dict[tuple[str, str], dict[str, Any]]:
        """Every figure printed, by (statistic, as printed), for the PDF's figures table."""
        return self.context.prose.figures

    def quotes(self) -> list[dict[str, Any]]:
        """Every quote printed, for the PDF's figures table: with the pages it is printed on,
        once drawn (read from its structure element's marked content)."""
        rows = []
        for quote_id, speaker, element in self.context.quotes:
            quote = self.context.project.quotes[quote_id]
            pages = {m.page + 1 for t in element.walk() for m in t.kids if isinstance(m, Marked)}
            reference = quote.consent.reference if quote.consent else None
            rows.append(figures.quote_row(quote_id, quote.kind, speaker, reference, sorted(pages)))
        return rows

    def story(self, band: tuple[float, float]) -> list[Flowable]:
        """All flowables of the brief: the title block shrunk into the band (width, height),
        then each block in its section. A deferred block (the sources list) is laid out
        last, once every citation is numbered, and put back in its place."""
        ctx = self.context
        story: list[Flowable] = [
            KeepInFrame(band[0], band[1], self.title_block(), mode="shrink"),
            FrameBreak(),
        ]
        deferred: list[tuple[int, int, Renderer, Block, Tag]] = []
        for n, block in enumerate(ctx.brief.blocks):
            section = ctx.root.child("Sect")
            renderer = RENDERERS[type(block)]
            if renderer.deferred:
                deferred.append((len(story), n, renderer, block, section))
                continue
            with ctx.inside(section):
                story += _of_block(renderer.render(block, ctx), n)
        for index, n, renderer, block, section in reversed(deferred):
            with ctx.inside(section):
                story[index:index] = _of_block(renderer.render(block, ctx), n)
        return story

    def title_block(self) -> list[Flowable]:
        """The brief's label, title (H1), subtitle and the organisation with the date."""
        ctx = self.context
        brief, config = ctx.brief, ctx.project.config
        meta = " · ".join(
            [
                ctx.spanned(escape(config.organisation.name), ctx.shared),
                escape(fmt.date(brief.date, ctx.notation)),
            ]
        )
        parts: list[Flowable] = [
            ctx.para(escape(ctx.prose.text(brief.label).upper()), "label"),
            ctx.para(ctx.prose.inline(ctx.prose.text(brief.title), cite=False), "title", "H1"),
        ]
        parts += ctx.paragraphs(brief.subtitle, "subtitle")
        parts.append(ctx.para(meta, "meta"))
        return parts

    def describe_link(self, target: str) -> str:
        """A link's alternate description, for screen readers: 'Source 3: Publisher'."""
        ctx = self.context
        if target.startswith("#source-"):
            n = int(target.removeprefix("#source-"))
            publisher = ctx.project.sources[ctx.citations.order[n - 1]].publisher
            return f"{ctx.phrases.source} {ctx.notation.digits(str(n))}: {publisher}"
        return target.removeprefix("mailto:")

    def draw_line(
        self,
        canv: Any,
        text: str,
        x: float,
        y: float,
        size: float,
        colour: Any,
        bold: bool = False,
        anchor: str = "start",
    ) -> float:
        """Draw one line of plain text with its baseline at y, its start, middle or end at x;
        return its width. A language's own fonts are shaped, so their text goes through a
        paragraph, as does text with a character they lack; otherwise the caller has set the
        colour."""
        shift = {"start": 0.0, "middle": 0.5, "end": 1.0}[anchor]
        if not self.theme.fonts.shaped and not self.prose.lacks(text):
            font = BOLD if bold else REGULAR
            used = canv.stringWidth(text, font, size)
            canv.setFont(font, size)
            canv.drawString(x - used * shift, y, text)
            return used
        fonts = self.theme.fonts
        para = BriefParagraph(
            self.prose.runs(escape(text)),
            ParagraphStyle(
                "line",
                fontName=fonts.bold if bold else fonts.regular,
                fontSize=size,
                leading=size * 1.2,
                textColor=colour,
                shaping=1,
            ),
        )
        para.wrap(LINE_WIDTH, size * 3)
        used = max(para.getActualLineWidths0() or [0])
        para.drawOn(canv, x - used * shift, y - size * 0.2 - (para.height - size))
        return used


def _of_block(flowables: list[Flowable], n: int) -> list[Flowable]:
    """`flowables`, each marked as laid out for the brief's block `n` (0-based), so that a
    block that cannot fit on a page is named where it was written (write.TooLarge)."""
    for flowable in flowables:
        flowable.block_index = n
    return flowables

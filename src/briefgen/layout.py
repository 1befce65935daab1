"""Stage 5, layout: turn a brief's blocks into ReportLab flowables in the house style."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from reportlab.graphics.renderbase import renderScaledDrawing
from reportlab.graphics.renderPDF import _PDFRenderer
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    FrameBreak,
    KeepInFrame,
    KeepTogether,
    ListFlowable,
    ListItem,
    Spacer,
    Table,
    TableStyle,
)

from . import diff, markup, typography
from . import format as fmt
from .chart import stated
from .fonts import BOLD, BOLD_ITALIC, LATIN, REGULAR, FontNames
from .model import (
    Brief,
    CallToActionBlock,
    ChangesBlock,
    ChartBlock,
    ContactBlock,
    FactsBlock,
    FiguresTableBlock,
    KeyFiguresBlock,
    QuotesBlock,
    Recommendation,
    RecommendationsBlock,
    SourcesBlock,
    Statistic,
    SummaryBlock,
    Text,
    TextBlock,
)
from .plan import recommendation_ids
from .project import Project
from .rl.fonts import covered
from .rl.paragraph import BriefParagraph
from .tagging import Tag, marked, tagger_of

INK = colors.HexColor("#222222")
MUTED = colors.HexColor("#5E6670")
RULE = colors.HexColor("#D5DAE0")
WHITE = colors.white

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
MARGIN_X = 20 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
BAND_HEIGHT = 63 * mm
CHART_HEIGHT = 44 * mm
CITATION_SIZE = 6.5
CITATION_RISE = 3.5
LINE_WIDTH = 2000.0  # wider than any line of running text: draw_line never wraps


def tint(colour: colors.Color, amount: float) -> colors.Color:
    """`colour` mixed with white: amount 0 is white, 1 the colour itself."""
    return colors.Color(*(1 - amount * (1 - c) for c in colour.rgb()))


@dataclass
class Theme:
    """Colours and paragraph styles of one project's briefs."""

    primary: colors.Color
    accent: colors.Color
    fonts: FontNames = LATIN
    styles: dict[str, ParagraphStyle] = field(default_factory=dict)

    @classmethod
    def of(cls, project: Project, fonts: FontNames = LATIN) -> Theme:
        branding = project.config.branding
        theme = cls(colors.HexColor(branding.primary), colors.HexColor(branding.accent), fonts)
        body = ParagraphStyle(
            "body",
            fontName=fonts.regular,
            fontSize=9.6,
            leading=14,
            textColor=INK,
            alignment=TA_LEFT,
            spaceAfter=6,
            shaping=1 if fonts.shaped else 0,  # HarfBuzz sets a language's own fonts
        )

        def style(name: str, **kw: Any) -> None:
            theme.styles[name] = ParagraphStyle(name, parent=body, **kw)

        style("body")
        style("lead", fontSize=11.5, leading=16.5, spaceAfter=8)
        style(
            "label",
            fontName=fonts.bold,
            fontSize=8.5,
            leading=11,
            textColor=theme.accent,
            spaceAfter=6,
        )
        style(
            "title", fontName=fonts.heading, fontSize=25, leading=30, textColor=WHITE, spaceAfter=8
        )
        style("subtitle", fontSize=11, leading=15.5, textColor=tint(WHITE, 1), spaceAfter=8)
        style("meta", fontSize=8.5, leading=11, textColor=colors.HexColor("#C9D3DD"))
        style(
            "h2",
            fontName=fonts.heading,
            fontSize=14.5,
            leading=18,
            textColor=theme.primary,
            spaceBefore=8,
            spaceAfter=5,
            keepWithNext=1,
        )
        style(
            "h3",
            fontName=fonts.bold,
            fontSize=10.5,
            leading=13.5,
            textColor=INK,
            spaceAfter=3,
            keepWithNext=1,
        )
        style(
            "chart_title",
            fontName=fonts.bold,
            fontSize=10,
            leading=13,
            textColor=INK,
            spaceBefore=4,
            spaceAfter=2,
            keepWithNext=1,
        )
        style("small", fontSize=7.6, leading=10, textColor=MUTED, spaceAfter=2)
        style(
            "figure",
            fontName=fonts.heading,
            fontSize=21,
            leading=24,
            textColor=theme.primary,
            spaceAfter=1,
        )
        style(
            "figure_qualifier",
            fontName=fonts.bold,
            fontSize=7.2,
            leading=9,
            textColor=theme.accent,
            spaceAfter=0,
        )
        style("figure_label", fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=0)
        style(
            "quote", fontName=fonts.italic, fontSize=10.5, leading=15, textColor=INK, spaceAfter=3
        )
        style("attribution", fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=0)
        style("number", fontName=fonts.heading, fontSize=22, leading=24, textColor=theme.accent)
        style(
            "ask_label",
            fontName=fonts.bold,
            fontSize=8.5,
            leading=11,
            textColor=theme.accent,
            spaceAfter=1,
        )
        style("source", fontSize=8, leading=11, textColor=INK, spaceAfter=3)
        style("table", fontSize=8.5, leading=11.5, spaceAfter=0)
        style("table_head", fontName=fonts.bold, fontSize=8.5, leading=11.5, spaceAfter=0)
        style("cta", fontName=fonts.bold, fontSize=10.5, leading=15, textColor=WHITE, spaceAfter=0)
        return theme


_MARKUP = re.compile(r"<[^>]*>|&[#\w]+;|[^<&]", re.DOTALL)


def fallback_runs(markup: str, covered: frozenset[int], fallback: FontNames) -> str:
    """`markup` with every run of characters outside `covered` wrapped in <font face=...>,
    the face of `fallback` that is bold or italic as the text around it (a face resets
    ReportLab's <b> and <i>), closed before each tag so that the nesting stays valid."""
    out: list[str] = []
    inside = False
    bold = italic = 0
    for token in _MARKUP.findall(markup):
        if token.startswith("<"):
            if inside:
                out.append("</font>")
                inside = False
            tag = token.strip("</>").split()[0].lower() if token.strip("</>") else ""
            step = -1 if token.startswith("</") else 1
            if tag in ("b", "strong"):
                bold += step
            elif tag in ("i", "em"):
                italic += step
            out.append(token)
            continue
        foreign = token.startswith("&") or (not token.isspace() and ord(token) not in covered)
        if foreign and not inside:
            out.append(f'<font face="{fallback.face(bold > 0, italic > 0)}">')
            inside = True
        elif not foreign and inside and not token.isspace():
            out.append("</font>")
            inside = False
        out.append(token)
    if inside:
        out.append("</font>")
    return "".join(out)


class Citations:
    """Numbers sources in the order a brief first cites them."""

    def __init__(self, digits: Callable[[str], str] = str) -> None:
        self.order: list[str] = []
        self.digits = digits  # the numbers as printed: the brief's digits

    def number(self, source_id: str) -> int:
        if source_id not in self.order:
            self.order.append(source_id)
        return self.order.index(source_id) + 1

    def mark(self, source_ids: list[str]) -> str:
        """Superscript citation marks linking to the sources list, e.g. [1, 2]."""
        numbers = sorted({self.number(s) for s in source_ids})
        links = ", ".join(f'<a href="#source-{n}">{self.digits(str(n))}</a>' for n in numbers)
        return f'<super size="{CITATION_SIZE}" rise="{CITATION_RISE}">[{links}]</super>'


class Heading(BriefParagraph):
    """A section heading that becomes a PDF bookmark (at outline `level`) where it is drawn.

    The bookmark is made when drawing, not in the document's afterFlowable hook, so headings
    nested in tables (the recommendations) are bookmarked too.
    """

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle,
        outline: str = "",
        level: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(text, style, **kwargs)  # Paragraph.split calls this with frags=...
        self.outline = outline
        self.level = level

    def draw(self) -> None:
        super().draw()
        if self.outline:
            canv = self.canv
            canv.headings = getattr(canv, "headings", 0) + 1
            key = f"section-{canv.headings}"
            canv.bookmarkHorizontal(key, 0, self.height)
            canv.addOutlineEntry(self.outline, key, level=self.level, closed=False)
            self.outline = ""  # a heading split across pages is bookmarked once


class HeadingRoom(CondPageBreak):
    """A page break unless a heading and the first item of its list fit: ReportLab keeps a
    heading with the next flowable (keepWithNext), but not when that is a list."""

    def __init__(self, parts: list[Flowable], indent: float) -> None:
        super().__init__(0)
        self.parts = parts
        self.indent = indent

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.height = 0.0
        for i, part in enumerate(self.parts):
            width = avail_width - (self.indent if i == len(self.parts) - 1 else 0)
            self.height += part.wrap(width, avail_height)[1] + part.getSpaceBefore()
            self.height += part.getSpaceAfter()
        return super().wrap(avail_width, avail_height)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        """Nothing to draw: not even an empty graphics state."""


LineDrawer = Callable[..., float]  # Writer.draw_line


class ChartFigure(Flowable):
    """A chart's vector drawing, carrying the chart's alternative text. Given a line drawer,
    its text is set by that (a language's own fonts are shaped; matplotlib does not shape)."""

    def __init__(self, drawing: Any, tag: Tag, line: LineDrawer | None = None) -> None:
        super().__init__()
        self.drawing = drawing
        self.tag = tag  # a Figure, with the chart's alternative text
        self.line = line

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.drawing.width, self.drawing.height

    def draw(self) -> None:
        with marked(self.canv, self.tag):
            if self.line is None:
                self.drawing.drawOn(self.canv, 0, 0)
            else:
                self.canv.saveState()
                renderer = _ShapingRenderer(self.line)
                renderer.draw(renderScaledDrawing(self.drawing), self.canv, 0, 0)
                self.canv.restoreState()


class TaggedList(ListFlowable):
    """A list whose bullets or numbers are drawn as the Lbl element of their item."""

    def _getContent(self) -> list[Any]:
        content = super()._getContent()
        for indenter in content:
            tag = getattr(getattr(indenter, "_flowable", None), "tag", None)
            if getattr(indenter, "_bullet", None) is not None and tag is not None:
                item = tag.parent.parent  # P < LBody < LI
                indenter._bullet = _Label(indenter._bullet, item.kids[0])
        return content


class _Label:
    """A list item's bullet, drawn as its Lbl element."""

    def __init__(self, bullet: Any, tag: Tag) -> None:
        self._bullet, self._tag = bullet, tag

    def drawOn(self, indenter: Any, canv: Any, x: float, y: float, _sW: float = 0) -> None:
        with marked(canv, self._tag):
            self._bullet.drawOn(indenter, canv, x, y, _sW)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._bullet, name)


class DataTable(Table):
    """A table of data whose header rows are repeated on each page it continues on."""

    continued = False  # a part after a page break: its repeated header rows are artifacts

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        parts = super().split(avail_width, avail_height)
        for i, part in enumerate(parts):
            part.continued = self.continued or i > 0
        return parts


def decorations(table: Any, event: str, *args: Any) -> None:
    """A table's backgrounds and rules are artifacts, and so are header rows repeated where
    it continues (ReportLab's table render callback); what its cells hold is tagged by
    itself."""
    tagger = tagger_of(table.canv)
    if tagger is None:
        return
    repeated = event == "startRow" and getattr(table, "continued", False)
    if event in ("startBG", "startLines") or (repeated and args[0] < table.repeatRows):
        table.decorating = tagger.open_artifact(table.canv)
    elif event in ("endBG", "endLines", "endRow") and getattr(table, "decorating", False):
        table.decorating = False
        tagger.close_artifact(table.canv)


_ANCHORS = {"middle": "middle", "end": "end", "numeric": "end"}  # drawing's -> draw_line's


class _ShapingRenderer(_PDFRenderer):
    """ReportLab's PDF renderer, with a drawing's text set by a line drawer."""

    def __init__(self, line: LineDrawer) -> None:
        super().__init__()
        self._line = line

    def drawString(self, node: Any) -> None:
        state = self._tracker.getState()
        self._line(
            self._canvas,
            node.text,
            node.x,
            node.y,
            state["fontSize"],
            state["fillColor"],
            bold=state["fontName"] in (BOLD, BOLD_ITALIC),
            anchor=_ANCHORS.get(state["textAnchor"], "start"),
        )


class Writer:
    """Lays out one brief: prose with its references, blocks, citations."""

    def __init__(
        self,
        project: Project,
        brief_id: str,
        theme: Theme,
        drawing: Callable[[str], Flowable],
        history: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        self.project = project
        self.brief_id = brief_id
        self.brief: Brief = project.briefs[brief_id]
        self.lang = self.brief.language
        self.theme = theme
        self.styles = theme.styles
        self.drawing = drawing
        self.history = history or {}  # statistics changed since earlier builds (see state)
        self.style = project.style(brief_id)  # how figures and dates are printed
        self.citations = Citations(self.style.digits)
        self.phrases = project.language(self.lang).phrases  # the words briefgen prints
        self.figures: dict[tuple[str, str], dict[str, Any]] = {}  # (statistic, as printed)
        self.root = Tag("Document")  # the structure tree, in reading order
        self._parent = self.root  # where the next structure elements go

    # --- prose -----------------------------------------------------------------------------

    def para(
        self, markup: str, style: ParagraphStyle, role: str = "P", **attrs: str
    ) -> BriefParagraph:
        """A paragraph of (safe) markup, a structure element of `role` where it is."""
        return BriefParagraph(self.runs(markup), style, tag=self._parent.child(role, **attrs))

    @contextmanager
    def inside(self, tag: Tag) -> Iterator[Tag]:
        """Structure elements made meanwhile go inside `tag`."""
        outer, self._parent = self._parent, tag
        try:
            yield tag
        finally:
            self._parent = outer

    def items(self) -> Iterator[tuple[Tag, Tag]]:
        """A list element's items, as (Lbl, LBody) pairs, one per iteration."""
        listing = self._parent.child("L")
        while True:
            item = listing.child("LI")
            yield item.child("Lbl"), item.child("LBody")

    def table(self, rows: list[list[Any]], kind: type[Table] = Table, **kwargs: Any) -> Table:
        """A table whose backgrounds and rules are artifacts."""
        return kind(rows, renderCB=decorations, **kwargs)

    def describe_link(self, target: str) -> str:
        """A link's alternate description, for screen readers: 'Source 3: Publisher'."""
        if target.startswith("#source-"):
            n = int(target.removeprefix("#source-"))
            publisher = self.project.sources[self.citations.order[n - 1]].publisher
            return f"{self.phrases.source} {self.style.digits(str(n))}: {publisher}"
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
        paragraph; for the project's fonts, the caller has set the colour."""
        shift = {"start": 0.0, "middle": 0.5, "end": 1.0}[anchor]
        if not self.theme.fonts.shaped:
            font = BOLD if bold else REGULAR
            used = canv.stringWidth(text, font, size)
            canv.setFont(font, size)
            canv.drawString(x - used * shift, y, text)
            return used
        fonts = self.theme.fonts
        para = BriefParagraph(
            self.runs(escape(text)),
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

    def runs(self, markup: str) -> str:
        """Markup whose characters the brief's fonts lack are set in the project's fonts."""
        if not self.theme.fonts.shaped:
            return markup
        return fallback_runs(markup, covered(self.theme.fonts.regular), LATIN)

    def text(self, value: Text | None) -> str:
        """The brief's language variant of a prose field (validation guarantees one)."""
        return (value.get(self.lang) or "") if value is not None else ""

    def inline(self, paragraph: str, cite: bool = True) -> str:
        """One paragraph of user prose as safe ReportLab markup, references resolved.

        A paragraph that opens with a statistic starts with a capital ('About 60%').
        """
        nodes = markup.parse(paragraph)
        text = self._nodes(nodes, cite)
        if nodes and isinstance(nodes[0], markup.Ref):
            text = text[:1].upper() + text[1:]
        return text

    def _nodes(self, nodes: tuple[markup.Node, ...], cite: bool) -> str:
        out = []
        for node in nodes:
            if isinstance(node, markup.Literal):
                out.append(escape(typography.quotes(node.text)))
            elif isinstance(node, markup.Ref):
                out.append(self._ref(node, cite))
            elif node.style == "link":
                colour = self.theme.primary.hexval()[2:]
                out.append(
                    f'<a href={quoteattr(node.url)} color="#{colour}"><u>'
                    f"{self._nodes(node.children, cite)}</u></a>"
                )
            else:
                tag = "b" if node.style == "strong" else "i"
                out.append(f"<{tag}>{self._nodes(node.children, cite)}</{tag}>")
        return "".join(out)

    def _ref(self, ref: markup.Ref, cite: bool) -> str:
        if ref.kind == "cite":
            return self.citations.mark(list(ref.ids)) if cite else ""
        stats = [self.project.statistics[i] for i in ref.ids]
        printed = fmt.prose(stats, self.style)
        self.record(stats, printed)
        mark = self.citations.mark([s.source for s in stats]) if cite else ""
        return escape(printed) + mark

    def record(self, stats: list[Statistic], printed: str) -> None:
        """Note a figure as printed, for the machine-readable table the PDF carries."""
        for stat in stats:
            source = self.project.sources[stat.source]
            self.figures.setdefault(
                (stat.id, printed),
                {
                    "statistic": stat.id,
                    "printed": printed,
                    "value": stat.value,
                    "unit": stat.unit,
                    "qualifier": stat.qualifier or "",
                    "source": stat.source,
                    "source_publisher": source.publisher,
                    "source_url": source.url or "",
                    "source_date": source.date,
                },
            )

    def paragraphs(self, value: Text | None, style: str = "body") -> list[Flowable]:
        return [
            self.para(self.inline(p), self.styles[style])
            for p in markup.paragraphs(self.text(value))
        ]

    def plain(self, value: Text | None) -> str:
        """Prose as plain text: references printed, no citations (alt text, bookmarks)."""
        parts = []
        for paragraph in markup.paragraphs(self.text(value)):
            parts.append(self._plain(markup.parse(paragraph)))
        return " ".join(parts)

    def _plain(self, nodes: tuple[markup.Node, ...]) -> str:
        out = []
        for node in nodes:
            if isinstance(node, markup.Literal):
                out.append(typography.quotes(node.text))
            elif isinstance(node, markup.Ref):
                if node.kind == "stat":
                    stats = [self.project.statistics[i] for i in node.ids]
                    out.append(fmt.prose(stats, self.style))
            else:
                out.append(self._plain(node.children))
        return "".join(out)

    def heading(self, value: Text | None, level: int = 2) -> list[Flowable]:
        if value is None:
            return []
        text = self.plain(value)
        return [
            Heading(
                self.runs(self.inline(self.text(value), cite=False)),
                self.styles[f"h{level}"],
                text,
                level - 2,
                tag=self._parent.child(f"H{level}"),
            )
        ]

    def headed(
        self, heading: list[Flowable], items: list[ListItem], listing: ListFlowable
    ) -> list[Flowable]:
        """A list with its heading, never left alone at the foot of a page."""
        if not heading or not items:
            return [*heading, listing]
        first = items[0]._flowables[0]
        return [HeadingRoom([*heading, first], indent=listing._leftIndent), *heading, listing]

    # --- the brief -------------------------------------------------------------------------

    def title_block(self) -> list[Flowable]:
        brief, config = self.brief, self.project.config
        meta = " · ".join(
            [escape(config.organisation.name), escape(fmt.date(brief.date, self.style))]
        )
        parts: list[Flowable] = [
            self.para(escape(self.text(brief.label).upper()), self.styles["label"]),
            self.para(self.inline(self.text(brief.title), cite=False), self.styles["title"], "H1"),
        ]
        parts += self.paragraphs(brief.subtitle, "subtitle")
        parts.append(self.para(meta, self.styles["meta"]))
        return parts

    def story(self, band: tuple[float, float]) -> list[Flowable]:
        """All flowables of the brief; the sources list is laid out last, once every
        citation is numbered, and put back in its place."""
        story: list[Flowable] = [
            KeepInFrame(band[0], band[1], self.title_block(), mode="shrink"),
            FrameBreak(),
        ]
        sources_at: list[tuple[int, SourcesBlock, Tag]] = []
        for block in self.brief.blocks:
            section = self.root.child("Sect")
            if isinstance(block, SourcesBlock):
                sources_at.append((len(story), block, section))
                continue
            with self.inside(section):
                story += self.block(block)
        for index, block, section in reversed(sources_at):
            with self.inside(section):
                story[index:index] = self.sources(block)
        return story

    def block(self, block: Any) -> list[Flowable]:
        handler = {
            SummaryBlock: self.summary,
            TextBlock: self.prose_block,
            KeyFiguresBlock: self.key_figures,
            FiguresTableBlock: self.figures_table,
            FactsBlock: self.facts,
            ChartBlock: self.chart,
            RecommendationsBlock: self.recommendations,
            QuotesBlock: self.quotes,
            CallToActionBlock: self.call_to_action,
            ContactBlock: self.contact,
            ChangesBlock: self.changes,
        }[type(block)]
        return handler(block)

    def summary(self, block: SummaryBlock) -> list[Flowable]:
        if block.heading is None:
            return self.paragraphs(block.text, "lead")
        return self.heading(block.heading) + self.paragraphs(block.text, "lead")

    def prose_block(self, block: TextBlock) -> list[Flowable]:
        return self.heading(block.heading) + self.paragraphs(block.text)

    def key_figures(self, block: KeyFiguresBlock) -> list[Flowable]:
        heading = self.heading(block.heading)
        cells: list[Any] = []
        items = self.items()
        for item in block.items:
            _label, body = next(items)
            ids = item.ids
            stats = [self.project.statistics[i] for i in ids]
            figure = fmt.figure(stats, self.style)
            self.record(stats, f"{figure.qualifier} {figure.number}".strip())
            label = self.plain(item.label or stats[0].label)
            with self.inside(body):
                cell = self._figure_cell(figure, stats, label)
            cells.append(cell)
        columns = min(4, len(cells))
        rows = [cells[i : i + columns] for i in range(0, len(cells), columns)]
        if len(rows[-1]) < columns:
            rows[-1] += [[]] * (columns - len(rows[-1]))  # empty: nothing drawn
        width = self._width / columns
        table = self.table(rows, colWidths=[width] * columns, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), REGULAR),
                    ("BACKGROUND", (0, 0), (-1, -1), tint(self.theme.primary, 0.07)),
                    ("LINEABOVE", (0, 0), (-1, 0), 2, self.theme.accent),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 9),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                    ("TOPPADDING", (0, 0), (-1, -1), 7),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                    ("LINEAFTER", (0, 0), (-2, -1), 0.5, WHITE),
                ]
            )
        )
        return [*heading, table, Spacer(1, 8)]

    def figures_table(self, block: FiguresTableBlock) -> list[Flowable]:
        """Statistics as a table: what, the figure with its citation, its sources; a header
        row (repeated on each page), and each row headed by what it counts."""
        heading = self.heading(block.heading)
        table = self._parent.child("Table")
        header = table.child("TR")
        rows = [
            [
                BriefParagraph(
                    self.runs(escape(self.text(c))),
                    self.styles["table_head"],
                    tag=header.child("TH", Scope="Column"),
                )
                for c in block.columns
            ]
        ]
        for item in block.items:
            ids = item.ids
            stats = [self.project.statistics[i] for i in ids]
            figure = fmt.figure(stats, self.style)
            printed = f"{figure.qualifier} {figure.number}".strip()
            self.record(stats, printed)
            sources = list(dict.fromkeys(s.source for s in stats))
            where = "; ".join(
                escape(fmt.attribution(self.project.sources[s], self.style)) for s in sources
            )
            row = table.child("TR")
            cells = [
                (self.plain(item.label or stats[0].label), "TH", "Row"),
                (escape(printed) + self.citations.mark(sources), "TD", ""),
                (where, "TD", ""),
            ]
            rows.append(
                [
                    BriefParagraph(
                        self.runs(text), self.styles["table"], tag=row.child(role, Scope=scope)
                    )
                    for text, role, scope in cells
                ]
            )
        widths = [0.5, 0.2, 0.3]
        grid = self.table(
            rows, DataTable, colWidths=[w * self._width for w in widths], repeatRows=1
        )
        grid.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), REGULAR),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), tint(self.theme.primary, 0.1)),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 5),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        if not heading:
            return [grid, Spacer(1, 8)]
        # a long table starts under its heading and continues on the next pages; the heading
        # stays with its first rows only (keepWithNext would move the whole table)
        heading[0].keepWithNext = 0
        return [HeadingRoom([*heading, *rows[1]], indent=0), *heading, grid, Spacer(1, 8)]

    def _figure_cell(self, figure: Any, stats: list[Statistic], label: str) -> list[Flowable]:
        return [
            self.para(
                escape(figure.qualifier.upper()) or "&nbsp;", self.styles["figure_qualifier"]
            ),
            self.para(
                escape(figure.number) + self.citations.mark([s.source for s in stats]),
                self.styles["figure"],
            ),
            self.para(escape(label), self.styles["figure_label"]),
        ]

    def facts(self, block: FactsBlock) -> list[Flowable]:
        heading = self.heading(block.heading)
        items = []
        slots = self.items()
        for text in block.items:
            _label, body = next(slots)
            with self.inside(body):
                para = self.para(self.inline(self.text(text)), self.styles["body"])
            items.append(ListItem(para, leftIndent=12))
        bullets = TaggedList(
            items,
            bulletType="bullet",
            start="•",
            bulletColor=self.theme.accent,
            bulletFontName=REGULAR,
            bulletFontSize=10,
            bulletOffsetY=0,
            leftIndent=12,
        )
        return [*self.headed(heading, items, bullets), Spacer(1, 4)]

    def chart(self, block: ChartBlock) -> list[Flowable]:
        chart = self.project.charts[block.chart]
        from .plan import chart_statistics

        stats = [self.project.statistics[i] for i in chart_statistics(self.project, chart.id)]
        for stat in stats:
            if chart.statistics or any(p.value is None for p in stat.series or []):
                self.record([stat], stated(stat, self.style))  # the value printed on its bar
        sources = list(dict.fromkeys(s.source for s in stats))
        names = "; ".join(
            escape(fmt.attribution(self.project.sources[s], self.style)) for s in sources
        )
        parts = [
            *self.heading(block.heading),
            self.para(self.inline(self.text(chart.title), cite=False), self.styles["chart_title"]),
            ChartFigure(
                self.drawing(chart.id),
                self._parent.child("Figure", Alt=self.plain(chart.alt)),
                self.draw_line if self.theme.fonts.shaped else None,
            ),
        ]
        if chart.note:
            parts += [
                self.para(self.inline(p, cite=False), self.styles["small"])
                for p in markup.paragraphs(self.text(chart.note))
            ]
        parts.append(
            self.para(
                f"<b>{escape(self.phrases.source)}:</b> {names} {self.citations.mark(sources)}",
                self.styles["small"],
            )
        )
        return [KeepTogether([*parts, Spacer(1, 8)])]

    def recommendations(self, block: RecommendationsBlock) -> list[Flowable]:
        ask = block.ask or self.brief.audience
        out = self.heading(block.heading)
        ids = recommendation_ids(self.project, block)
        slots = self.items()
        if block.style == "short":
            items = []
            for rec_id in ids:
                rec = self.project.recommendations[rec_id]
                end = escape(self.phrases.full_stop)
                text = f"<b>{self._title(rec)}{end}</b> {self.inline(self.text(rec.asks[ask]))}"
                _label, body = next(slots)
                with self.inside(body):
                    items.append(ListItem(self.para(text, self.styles["body"]), leftIndent=16))
            listing = TaggedList(
                items,
                bulletType="1",
                bulletFormat=self.style.digits,  # the brief's digits, in its own font
                bulletFontName=self.theme.fonts.bold,
                bulletColor=self.theme.accent,
                bulletFontSize=9.6,
                leftIndent=16,
            )
            return self.headed(out, items, listing)
        label = escape(self.phrases.asks.get(ask, ask))
        level = 1 if block.heading else 0  # bookmarked under the section heading, if any
        for n, rec_id in enumerate(ids, start=1):
            rec = self.project.recommendations[rec_id]
            title = self._title(rec)
            label_tag, body_tag = next(slots)
            number = BriefParagraph(self.style.digits(str(n)), self.styles["number"], tag=label_tag)
            with self.inside(body_tag):
                body: list[Flowable] = [
                    Heading(
                        self.runs(title),
                        self.styles["h3"],
                        self.plain(rec.title),
                        level,
                        tag=self._parent.child("H3" if block.heading else "H2"),
                    ),
                    *self.paragraphs(rec.summary),
                    *self.paragraphs(rec.rationale),
                    self.para(label, self.styles["ask_label"]),
                    *self.paragraphs(rec.asks[ask]),
                ]
            table = self.table([[number, body]], colWidths=[12 * mm, self._width - 12 * mm])
            table.setStyle(
                TableStyle(
                    [
                        ("FONT", (0, 0), (-1, -1), REGULAR),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 2),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                    ]
                )
            )
            out += [table, Spacer(1, 6)]
        return out

    def _title(self, rec: Recommendation) -> str:
        """A recommendation's title, citing the sources that make the call."""
        title = self.inline(self.text(rec.title), cite=False)
        return title + self.citations.mark(rec.sources) if rec.sources else title

    def quotes(self, block: QuotesBlock) -> list[Flowable]:
        out = self.heading(block.heading)
        for quote_id in block.items:
            quote = self.project.quotes[quote_id]
            who = escape(quote.speaker)
            if quote.pseudonym:
                who += f" ({escape(self.phrases.pseudonym)})"
            attribution = (
                f"<b>{who}</b>, {self.inline(self.text(quote.role), cite=False)}"
                f"{self.citations.mark([quote.source])}"
            )
            with self.inside(self._parent.child("BlockQuote")):
                cell = [
                    self.para(
                        f"“{self.inline(self.text(quote.text), cite=False)}”",
                        self.styles["quote"],
                    ),
                    self.para(attribution, self.styles["attribution"]),
                ]
            table = self.table([[cell]], colWidths=[self._width])
            table.setStyle(
                TableStyle(
                    [
                        ("FONT", (0, 0), (-1, -1), REGULAR),
                        ("LINEBEFORE", (0, 0), (0, -1), 2.5, self.theme.accent),
                        ("LEFTPADDING", (0, 0), (-1, -1), 12),
                        ("TOPPADDING", (0, 0), (-1, -1), 1),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ]
                )
            )
            out += [KeepTogether([table]), Spacer(1, 9)]
        return out

    def call_to_action(self, block: CallToActionBlock) -> list[Flowable]:
        heading = self.heading(block.heading)
        cell = [
            self.para(self.inline(p), self.styles["cta"])
            for p in markup.paragraphs(self.text(block.text))
        ]
        table = self.table([[cell]], colWidths=[self._width])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), REGULAR),
                    ("BACKGROUND", (0, 0), (-1, -1), self.theme.primary),
                    ("LINEBEFORE", (0, 0), (0, -1), 4, self.theme.accent),
                    ("LEFTPADDING", (0, 0), (-1, -1), 14),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 14),
                    ("TOPPADDING", (0, 0), (-1, -1), 11),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 13),
                ]
            )
        )
        return [CondPageBreak(40 * mm), *heading, table, Spacer(1, 8)]

    def contact(self, block: ContactBlock) -> list[Flowable]:
        org = self.project.config.organisation
        contact = block.contact or org.contact
        lines = [f"<b>{escape(org.name)}</b>"]
        if contact.name:
            lines.append(escape(contact.name))
        if contact.email:
            lines.append(
                f"<a href={quoteattr('mailto:' + contact.email)}>{escape(contact.email)}</a>"
            )
        if contact.phone:
            lines.append(escape(contact.phone))
        if org.website:
            lines.append(f"<a href={quoteattr(org.website)}>{escape(org.website)}</a>")
        return [
            *self.heading(block.heading),
            *self.paragraphs(block.text),
            self.para("<br/>".join(lines), self.styles["body"]),
        ]

    def changes(self, block: ChangesBlock) -> list[Flowable]:
        """'Updated on DATE: X now 41,200, was 38,000' for each changed statistic it prints."""
        from .plan import uses

        lines = []
        for stat_id in sorted(uses(self.project, self.brief_id).statistics):
            stat = self.project.statistics[stat_id]
            entry = self.history.get(stat_id)
            now = fmt.prose([stat], self.style)
            if entry is None or diff.printed(entry["new"], self.style) != now:
                continue
            self.record([stat], now)
            was = diff.printed(entry["old"], self.style)
            lines.append(
                escape(self.phrases.now_was).format(
                    label=escape(self.plain(stat.label)),
                    now=f"<b>{escape(now)}</b>{self.citations.mark([stat.source])}",
                    was=escape(was),
                )
            )
        if not lines:
            return []
        when = escape(fmt.date(block.date or self.brief.date, self.style))
        updated = escape(self.phrases.updated).format(date=when)
        heading = self.heading(block.heading)
        end = escape(self.phrases.full_stop)
        cell = [self.para(f"<b>{updated}:</b> " + "; ".join(lines) + end, self.styles["body"])]
        table = self.table([[cell]], colWidths=[self._width])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), REGULAR),
                    ("BACKGROUND", (0, 0), (-1, -1), tint(self.theme.accent, 0.12)),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, self.theme.accent),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return [*heading, table, Spacer(1, 8)]

    def sources(self, block: SourcesBlock) -> list[Flowable]:
        out = self.heading(block.heading)
        for n, source_id in enumerate(self.citations.order, start=1):
            src = self.project.sources[source_id]
            parts = [escape(src.publisher)]
            if src.author:
                parts.append(escape(src.author))
            parts.append(f"“{escape(typography.quotes(self.text(src.title)))}”")
            parts.append(escape(fmt.date(src.date, self.style)))
            text = ", ".join(parts) + escape(self.phrases.full_stop)
            if src.url:
                text += f" <a href={quoteattr(src.url)}>{escape(src.url)}</a>"
            # the note a citation refers to; a title printed as published may be in the
            # project's language rather than the brief's
            written_in = self.project.config.language
            lang = written_in if isinstance(src.title.root, str) and written_in != self.lang else ""
            out.append(
                self.para(
                    f'<a name="source-{n}"/><b>[{self.style.digits(str(n))}]</b> {text}',
                    self.styles["source"],
                    "Note",
                    Lang=lang,
                )
            )
        return out

    @property
    def _width(self) -> float:
        return PAGE_SIZES[self.project.config.page_size][0] - 2 * MARGIN_X

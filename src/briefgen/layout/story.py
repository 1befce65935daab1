"""Lays out one brief: its blocks as ReportLab flowables, in reading order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    FrameBreak,
    KeepInFrame,
    KeepTogether,
    Spacer,
)

from .. import diff, markup, typography
from .. import format as fmt
from ..chart import stated
from ..fonts import BOLD, REGULAR
from ..model import (
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
from ..plan import recommendation_ids
from ..project import Project
from ..shaping import BriefParagraph
from ..tagging import Tag
from .flowables import (
    ALL,
    ChartFigure,
    Heading,
    HeadingRoom,
    Padding,
    data_table,
    figure_panel,
    listed,
    panel,
    table,
)
from .inline import Citations, InlineText
from .theme import (
    MARGIN_X,
    PAGE_SIZES,
    RULE,
    Theme,
    tint,
)

LINE_WIDTH = 2000.0  # wider than any line of running text: draw_line never wraps


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
        self.prose = InlineText(project, self.lang, self.style, theme, self.citations)
        self.phrases = project.language(self.lang).phrases  # the words briefgen prints
        self.root = Tag("Document")  # the structure tree, in reading order
        self._parent = self.root  # where the next structure elements go

    @property
    def figures(self) -> dict[tuple[str, str], dict[str, Any]]:
        """Every figure printed, by (statistic, as printed), for the PDF's figures table."""
        return self.prose.figures

    # --- prose -----------------------------------------------------------------------------

    def para(
        self, markup: str, style: ParagraphStyle, role: str = "P", **attrs: str
    ) -> BriefParagraph:
        """A paragraph of (safe) markup, a structure element of `role` where it is."""
        return BriefParagraph(self.prose.runs(markup), style, tag=self._parent.child(role, **attrs))

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

    def paragraphs(self, value: Text | None, style: str = "body") -> list[Flowable]:
        return [
            self.para(self.prose.inline(p), self.styles[style])
            for p in markup.paragraphs(self.prose.text(value))
        ]

    def heading(self, value: Text | None, level: int = 2) -> list[Flowable]:
        if value is None:
            return []
        text = self.prose.plain(value)
        return [
            Heading(
                self.prose.runs(self.prose.inline(self.prose.text(value), cite=False)),
                self.styles[f"h{level}"],
                text,
                level - 2,
                tag=self._parent.child(f"H{level}"),
            )
        ]

    # --- the brief -------------------------------------------------------------------------

    def title_block(self) -> list[Flowable]:
        brief, config = self.brief, self.project.config
        meta = " · ".join(
            [escape(config.organisation.name), escape(fmt.date(brief.date, self.style))]
        )
        parts: list[Flowable] = [
            self.para(escape(self.prose.text(brief.label).upper()), self.styles["label"]),
            self.para(
                self.prose.inline(self.prose.text(brief.title), cite=False),
                self.styles["title"],
                "H1",
            ),
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
            self.prose.record(stats, f"{figure.qualifier} {figure.number}".strip())
            label = self.prose.plain(item.label or stats[0].label)
            with self.inside(body):
                cell = self._figure_cell(figure, stats, label)
            cells.append(cell)
        table = figure_panel(cells, self._width, self.theme)
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
                    self.prose.runs(escape(self.prose.text(c))),
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
            self.prose.record(stats, printed)
            sources = list(dict.fromkeys(s.source for s in stats))
            where = "; ".join(
                escape(fmt.attribution(self.project.sources[s], self.style)) for s in sources
            )
            row = table.child("TR")
            cells = [
                (self.prose.plain(item.label or stats[0].label), "TH", "Row"),
                (escape(printed) + self.citations.mark(sources), "TD", ""),
                (where, "TD", ""),
            ]
            rows.append(
                [
                    BriefParagraph(
                        self.prose.runs(text),
                        self.styles["table"],
                        tag=row.child(role, Scope=scope),
                    )
                    for text, role, scope in cells
                ]
            )
        widths = [0.5, 0.2, 0.3]
        grid = data_table(rows, [w * self._width for w in widths], self.theme)
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
        bodies = []
        slots = self.items()
        for text in block.items:
            _label, body = next(slots)
            with self.inside(body):
                bodies.append(
                    self.para(self.prose.inline(self.prose.text(text)), self.styles["body"])
                )
        bullets = listed(
            heading,
            bodies,
            12,
            bulletType="bullet",
            start="•",
            bulletColor=self.theme.accent,
            bulletFontName=REGULAR,
            bulletFontSize=10,
            bulletOffsetY=0,
        )
        return [*bullets, Spacer(1, 4)]

    def chart(self, block: ChartBlock) -> list[Flowable]:
        chart = self.project.charts[block.chart]
        from ..plan import chart_statistics

        stats = [self.project.statistics[i] for i in chart_statistics(self.project, chart.id)]
        for stat in stats:
            if chart.statistics or any(p.value is None for p in stat.series or []):
                # the value printed on its bar
                self.prose.record([stat], stated(stat, self.style))
        sources = list(dict.fromkeys(s.source for s in stats))
        names = "; ".join(
            escape(fmt.attribution(self.project.sources[s], self.style)) for s in sources
        )
        parts = [
            *self.heading(block.heading),
            self.para(
                self.prose.inline(self.prose.text(chart.title), cite=False),
                self.styles["chart_title"],
            ),
            ChartFigure(
                self.drawing(chart.id),
                self._parent.child("Figure", Alt=self.prose.plain(chart.alt)),
                self.draw_line if self.theme.fonts.shaped else None,
            ),
        ]
        if chart.note:
            parts += [
                self.para(self.prose.inline(p, cite=False), self.styles["small"])
                for p in markup.paragraphs(self.prose.text(chart.note))
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
            bodies = []
            for rec_id in ids:
                rec = self.project.recommendations[rec_id]
                end = escape(self.phrases.full_stop)
                asks = self.prose.inline(self.prose.text(rec.asks[ask]))
                text = f"<b>{self._title(rec)}{end}</b> {asks}"
                _label, body = next(slots)
                with self.inside(body):
                    bodies.append(self.para(text, self.styles["body"]))
            return listed(
                out,
                bodies,
                16,
                bulletType="1",
                bulletFormat=self.style.digits,  # the brief's digits, in its own font
                bulletFontName=self.theme.fonts.bold,
                bulletColor=self.theme.accent,
                bulletFontSize=9.6,
            )
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
                        self.prose.runs(title),
                        self.styles["h3"],
                        self.prose.plain(rec.title),
                        level,
                        tag=self._parent.child("H3" if block.heading else "H2"),
                    ),
                    *self.paragraphs(rec.summary),
                    *self.paragraphs(rec.rationale),
                    self.para(label, self.styles["ask_label"]),
                    *self.paragraphs(rec.asks[ask]),
                ]
            entry = table(
                [[number, body]],
                Padding(0, 0, 2, 6),
                ("LINEBELOW", *ALL, 0.5, RULE),
                top=True,
                colWidths=[12 * mm, self._width - 12 * mm],
            )
            out += [entry, Spacer(1, 6)]
        return out

    def _title(self, rec: Recommendation) -> str:
        """A recommendation's title, citing the sources that make the call."""
        title = self.prose.inline(self.prose.text(rec.title), cite=False)
        return title + self.citations.mark(rec.sources) if rec.sources else title

    def quotes(self, block: QuotesBlock) -> list[Flowable]:
        out = self.heading(block.heading)
        for quote_id in block.items:
            quote = self.project.quotes[quote_id]
            who = escape(quote.speaker)
            if quote.pseudonym:
                who += f" ({escape(self.phrases.pseudonym)})"
            attribution = (
                f"<b>{who}</b>, {self.prose.inline(self.prose.text(quote.role), cite=False)}"
                f"{self.citations.mark([quote.source])}"
            )
            with self.inside(self._parent.child("BlockQuote")):
                cell = [
                    self.para(
                        f"“{self.prose.inline(self.prose.text(quote.text), cite=False)}”",
                        self.styles["quote"],
                    ),
                    self.para(attribution, self.styles["attribution"]),
                ]
            table = panel(cell, self._width, (2.5, self.theme.accent), Padding(12, 6, 1, 2))
            out += [KeepTogether([table]), Spacer(1, 9)]
        return out

    def call_to_action(self, block: CallToActionBlock) -> list[Flowable]:
        heading = self.heading(block.heading)
        cell = [
            self.para(self.prose.inline(p), self.styles["cta"])
            for p in markup.paragraphs(self.prose.text(block.text))
        ]
        table = panel(
            cell,
            self._width,
            (4, self.theme.accent),
            Padding(14, 14, 11, 13),
            self.theme.primary,
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
        from ..plan import uses

        lines = []
        for stat_id in sorted(uses(self.project, self.brief_id).statistics):
            stat = self.project.statistics[stat_id]
            entry = self.history.get(stat_id)
            now = fmt.prose([stat], self.style)
            if entry is None or diff.printed(entry["new"], self.style) != now:
                continue
            self.prose.record([stat], now)
            was = diff.printed(entry["old"], self.style)
            lines.append(
                escape(self.phrases.now_was).format(
                    label=escape(self.prose.plain(stat.label)),
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
        table = panel(
            cell,
            self._width,
            (3, self.theme.accent),
            Padding(10, 6, 6, 2),
            tint(self.theme.accent, 0.12),
        )
        return [*heading, table, Spacer(1, 8)]

    def sources(self, block: SourcesBlock) -> list[Flowable]:
        out = self.heading(block.heading)
        for n, source_id in enumerate(self.citations.order, start=1):
            src = self.project.sources[source_id]
            parts = [escape(src.publisher)]
            if src.author:
                parts.append(escape(src.author))
            parts.append(f"“{escape(typography.quotes(self.prose.text(src.title)))}”")
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

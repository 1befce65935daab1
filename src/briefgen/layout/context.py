"""The brief being laid out, as a block renderer sees it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.platypus import Flowable

from .. import format as fmt
from .. import markup
from ..markup import escape
from ..model import Brief, KeyFigure, Statistic, Text
from ..paper import page_size, text_width
from ..project import Project
from ..rl.drawing import LineDrawer
from ..rl.paragraph import BriefParagraph
from ..tagging import Tag, in_language
from .flowables import Heading
from .inline import Citations, InlineText
from .theme import Theme


class Context:
    """One brief being laid out: its project, brief and theme, its prose (inline text with
    citations and the figures printed), the structure tree and where its next elements go,
    and the charts' drawings."""

    def __init__(
        self,
        project: Project,
        brief_id: str,
        theme: Theme,
        drawing: Callable[[str], Flowable],
        history: dict[str, dict[str, Any]] | None = None,
        chart_line: LineDrawer | None = None,
    ) -> None:
        self.project = project
        self.brief_id = brief_id
        self.brief: Brief = project.briefs[brief_id]
        self.lang = self.brief.language
        self.theme = theme
        self.notation = project.notation(brief_id)  # how figures and dates are printed
        self.phrases = project.language(self.lang).phrases  # the words briefgen prints
        self.citations = Citations(self.notation.digits)
        self.prose = InlineText(project, self.lang, self.notation, theme, self.citations)
        self.drawing = drawing  # a chart's drawing, by chart id
        self.chart_line = chart_line  # sets a chart's text, if matplotlib's would not do
        self.history = history or {}  # statistics changed since earlier builds (see state)
        self.width = text_width(page_size(project, brief_id))
        self.root = Tag("Document")  # the structure tree, in reading order
        # each quote printed: its id, speaker as printed and its element (its pages, once drawn)
        self.quotes: list[tuple[str, str, Tag]] = []
        self._parent = self.root  # where the next structure elements go

    @property
    def shared(self) -> str:
        """The language of text written once in the shared data and printed as written
        (publishers, the organisation, sources' titles), when it is not the brief's; ''
        when it is."""
        lang = self.project.config.language
        return lang if lang != self.lang else ""

    def spanned(self, markup: str, lang: str) -> str:
        """`markup` marked as written in `lang` (a Span with its /Lang), unless `lang` is ''."""
        return in_language(markup, lang) if lang else markup

    def attribution(self, source_id: str) -> str:
        """Who published a source, and when, as markup ('Radio Free Asia, May 2020'): the
        publisher in the language it is written in, the date in the brief's."""
        source = self.project.sources[source_id]
        publisher = self.spanned(escape(source.publisher), self.shared)
        return f"{publisher}, {escape(fmt.date(source.date, self.notation))}"

    def element(self, role: str, **attrs: str) -> Tag:
        """A new structure element of `role`, where the next ones go."""
        return self._parent.child(role, **attrs)

    @contextmanager
    def inside(self, tag: Tag) -> Iterator[Tag]:
        """Structure elements made meanwhile go inside `tag`."""
        outer, self._parent = self._parent, tag
        try:
            yield tag
        finally:
            self._parent = outer

    def list_items(self, count: int) -> list[tuple[Tag, Tag]]:
        """A list element (L) with `count` items: each item's label and body (Lbl, LBody)."""
        listing = self.element("L")
        items = []
        for _ in range(count):
            item = listing.child("LI")
            items.append((item.child("Lbl"), item.child("LBody")))
        return items

    def para(self, markup: str, style: str, role: str = "P", **attrs: str) -> BriefParagraph:
        """A paragraph of (safe) markup in the theme's `style`, a structure element of `role`
        where the next ones go."""
        return BriefParagraph(
            self.prose.runs(markup), self.theme.styles[style], tag=self.element(role, **attrs)
        )

    def paragraphs(self, value: Text | None, style: str = "body") -> list[Flowable]:
        """A prose field's paragraphs, references resolved and cited."""
        return [
            self.para(self.prose.inline(p), style)
            for p in markup.paragraphs(self.prose.text(value))
        ]

    def caption(self, item: KeyFigure) -> str:
        """A figure's caption as plain text: its label, else its statistic's, with the
        period for a point of its series ('People detained (2016)')."""
        if item.label is not None or item.period is None:
            return self.prose.plain(item.label or self.project.statistics[item.ids[0]].label)
        stat = self.project.statistics[item.ids[0]]
        point = stat.point(item.period)
        period = self.prose.text(point.period) if point else item.period
        return f"{self.prose.plain(stat.label)} ({self.notation.digits(period)})"

    def printed_notes(self, stats: list[Statistic]) -> list[str]:
        """The `printed_note:` of each of `stats` that has one, once each, as markup: a
        paragraph each."""
        notes = [self.prose.text(s.printed_note) for s in stats if s.printed_note is not None]
        return [
            self.prose.inline(p, cite=False)
            for note in dict.fromkeys(notes)
            for p in markup.paragraphs(note)
        ]

    def heading(self, value: Text | None) -> list[Flowable]:
        """A block's section heading (H2, bookmarked at the outline's top level), if any."""
        if value is None:
            return []
        text = self.prose.plain(value)
        return [
            Heading(
                self.prose.runs(self.prose.inline(self.prose.text(value), cite=False)),
                self.theme.styles["h2"],
                text,
                0,
                tag=self.element("H2"),
            )
        ]

"""Inline text: a brief's prose as ReportLab paragraph markup, with its references resolved.

User prose (markup.py's small language) becomes safe ReportLab markup: literal text escaped,
emphasis and links as ReportLab's tags, a statistic printed in the brief's style with its
citation. Citations are numbered in the order a brief first cites them, every figure printed
is recorded for the table the PDF carries, and characters the brief's fonts lack are set in
the project's. Block elements (paragraphs, lists, tables) are made elsewhere from this text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import unescape
from typing import Any

from .. import figures, fonts, markup, typography
from .. import format as fmt
from ..fonts import LATIN, SYMBOLS, FontNames
from ..links import href
from ..markup import escape
from ..model import Statistic, Text
from ..project import Project
from ..rl.fonts import covered
from .theme import CITATION_RISE, CITATION_SIZE, Theme

_MARKUP = re.compile(r"<[^>]*>|&[#\w]+;|[^<&]", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def fallback_runs(markup: str, chain: Sequence[tuple[frozenset[int], FontNames | None]]) -> str:
    """`markup` with each run of characters set in the first font of `chain` that covers them
    (None: the paragraph's own font; a character none covers goes to the last), wrapped in
    <font face=...> of the face as bold or italic as the text around it (a face resets
    ReportLab's <b> and <i>), closed before each tag so that the nesting stays valid."""
    out: list[str] = []
    inside: FontNames | None = None
    bold = italic = 0
    for token in _MARKUP.findall(markup):
        if token.startswith("<"):
            if inside:
                out.append("</font>")
                inside = None
            tag = token.strip("</>").split()[0].lower() if token.strip("</>") else ""
            step = -1 if token.startswith("</") else 1
            if tag in ("b", "strong"):
                bold += step
            elif tag in ("i", "em"):
                italic += step
            out.append(token)
            continue
        char = ord(unescape(token)[0])
        if not token.isspace():  # a space goes with the text around it
            face = next((f for cover, f in chain if char in cover), chain[-1][1])
            if face != inside:
                if inside:
                    out.append("</font>")
                if face:
                    out.append(f'<font face="{face.face(bold > 0, italic > 0)}">')
                inside = face
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
        """The number of a source: the next one if it is cited for the first time."""
        if source_id not in self.order:
            self.order.append(source_id)
        return self.order.index(source_id) + 1

    def mark(self, source_ids: list[str]) -> str:
        """Superscript citation marks linking to the sources list, e.g. [1, 2]: joined by
        no-break spaces, so that a line never breaks inside one; the brackets are part of
        the first and last links, so that each link holds its whole visible text."""
        numbers = sorted({self.number(s) for s in source_ids})
        texts = [self.digits(str(n)) for n in numbers]
        texts[0] = "[" + texts[0]
        texts[-1] += "]"
        links = ",\u00a0".join(
            f'<a href="#source-{n}">{text}</a>' for n, text in zip(numbers, texts, strict=True)
        )
        return f'<super size="{CITATION_SIZE}" rise="{CITATION_RISE}">{links}</super>'


class InlineText:
    """One brief's prose as paragraph markup: its language's variant of each text, references
    resolved and cited, the figures it prints recorded, fallback fonts where needed."""

    def __init__(
        self,
        project: Project,
        lang: str,
        notation: fmt.Notation,
        theme: Theme,
        citations: Citations,
    ) -> None:
        self.project = project
        self.lang = lang
        self.notation = notation  # how figures and dates are printed
        self.theme = theme
        self.citations = citations
        self.figures: dict[tuple[str, str], dict[str, Any]] = {}  # (statistic, as printed)
        self._coverage: dict[str, frozenset[int]] = {}  # characters of each font used

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
                    f'<a href={href(node.url)} color="#{colour}"><u>'
                    f"{self._nodes(node.children, cite)}</u></a>"
                )
            else:
                tag = "b" if node.style == "strong" else "i"
                out.append(f"<{tag}>{self._nodes(node.children, cite)}</{tag}>")
        return "".join(out)

    def _ref(self, ref: markup.Ref, cite: bool) -> str:
        if ref.kind == "cite":
            return self.citations.mark(list(ref.ids)) if cite else ""
        parts = []
        for stats, printed in self.stated(ref):
            mark = self.citations.mark([s.source for s in stats]) if cite else ""
            parts.append(escape(printed) + mark)
        return fmt.listed(parts, self.notation)

    def stated(self, ref: markup.Ref, record: bool = True) -> list[tuple[list[Statistic], str]]:
        """What a {stat:} reference prints: its claims as one figure or range, or with `|by`
        each claim with its publisher (then listed); recorded in the figures table unless
        printed as plain text (alt text, bookmarks), whose figures the page prints too."""
        remember = self.record if record else lambda _stats, _printed: None
        stats = [self.project.statistics[i] for i in ref.ids]
        if ref.period is not None:
            stats = [stats[0].at(ref.period)]
        if ref.form != "by":
            printed = fmt.prose(stats, self.notation)
            remember(stats, printed)
            return [(stats, printed)]
        out = []
        for stat in stats:
            printed = fmt.prose([stat], self.notation)
            remember([stat], printed)
            publisher = self.project.sources[stat.source].publisher
            out.append(([stat], fmt.attributed(printed, publisher, self.notation)))
        return out

    def record(self, stats: list[Statistic], printed: str) -> None:
        """Note a figure as printed, for the machine-readable table the PDF carries."""
        for stat in stats:
            label = self.plain(stat.label) or stat.label.get(self.project.config.language) or ""
            row = figures.figure_row(stat, printed, label, self.project.sources[stat.source])
            self.figures.setdefault((stat.id, printed), row)

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
                    parts = [printed for _stats, printed in self.stated(node, record=False)]
                    out.append(fmt.listed(parts, self.notation))
            else:
                out.append(self._plain(node.children))
        return "".join(out)

    def runs(self, markup: str) -> str:
        """Markup whose characters the brief's fonts lack are set in fonts that have them: a
        language's own fonts fall back on the project's, and both on the symbols font."""
        chain = self._fonts(unescape(_TAG.sub("", markup)))
        return fallback_runs(markup, chain) if len(chain) > 1 else markup

    def lacks(self, text: str) -> bool:
        """Whether the brief's own font lacks a character of plain `text`."""
        own = self._covered(self.theme.fonts.regular)
        return any(ord(c) not in own for c in text if not c.isspace())

    def _fonts(self, text: str) -> list[tuple[frozenset[int], FontNames | None]]:
        """The fonts plain `text` is set in: the brief's own, the project's for a language's
        own fonts, and the symbols font if it has a character of `text` they lack."""
        own = self.theme.fonts
        out: list[tuple[frozenset[int], FontNames | None]] = [(self._covered(own.regular), None)]
        if own.shaped:
            out.append((self._covered(LATIN.regular), LATIN))
        lacking = {c for c in text if not c.isspace()}
        for cover, _ in out:
            lacking = {c for c in lacking if ord(c) not in cover}
        if lacking:
            symbols = fonts.register_symbols(self.project)
            if any(ord(c) in self._covered(SYMBOLS) for c in lacking):
                out.append((self._covered(SYMBOLS), symbols))
        return out

    def _covered(self, name: str) -> frozenset[int]:
        """The characters a registered font has, read once per brief."""
        if name not in self._coverage:
            self._coverage[name] = covered(name)
        return self._coverage[name]

"""The small inline markup allowed in prose, parsed into a tree; everything else is literal.

    **bold**   *italic*   [link text](https://example.org)
    {stat:ID}  a statistic, formatted with its qualifier and cited
    {stat:ID1,ID2}  several claims about one quantity: the lowest to the highest, each cited
    {stat:ID1,ID2|by}  the same claims each with its publisher ("6,252 according to ...")
    {stat:ID@2016}  the point of a statistic's series at that period
    {cite:SOURCE_ID}  a citation of a source
    \\*  a literal asterisk (likewise \\[ \\{ \\\\)

Blank lines separate paragraphs. Nothing in user text is ever passed to ReportLab as markup:
the layout stage escapes every literal run.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""\\(?P<esc>[\\*\[\]{}])
      | \{(?P<ref>stat|cite):(?P<ids>[^{}]*)\}
      | \*\*(?P<strong>(?:\\.|[^\\])+?)\*\*
      | \*(?P<em>(?:\\.|[^\\*])+?)\*
      | \[(?P<label>(?:\\.|[^\\\]])+)\]\((?P<url>(?i:https?://|mailto:)[^)\s]+)\)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Literal:
    text: str


@dataclass(frozen=True)
class Ref:
    kind: str  # "stat" or "cite"
    ids: tuple[str, ...]
    form: str = ""  # what follows '|': "by" prints each claim with its publisher
    periods: tuple[str | None, ...] = ()  # per id, the series point after '@', if any

    @property
    def period(self) -> str | None:
        """The series point a single-statistic reference names ({stat:ID@2016}), if any."""
        return self.periods[0] if len(self.periods) == 1 else None


@dataclass(frozen=True)
class Span:
    style: str  # "strong", "em" or "link"
    children: tuple[Node, ...]
    url: str = ""


Node = Literal | Ref | Span


def parse(text: str) -> tuple[Node, ...]:
    """Parse one paragraph of prose into nodes."""
    nodes: list[Node] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            nodes.append(Literal(text[pos : m.start()]))
        pos = m.end()
        if m["esc"]:
            nodes.append(Literal(m["esc"]))
        elif m["ref"]:
            nodes.append(_ref(m["ref"], m["ids"]))
        elif m["strong"]:
            nodes.append(Span("strong", parse(m["strong"])))
        elif m["em"]:
            nodes.append(Span("em", parse(m["em"])))
        else:
            nodes.append(Span("link", parse(m["label"]), m["url"]))
    if pos < len(text):
        nodes.append(Literal(text[pos:]))
    return _merge(nodes)


def _ref(kind: str, body: str) -> Ref:
    """A reference from what is written between '{kind:' and '}'."""
    body, _, form = body.partition("|")
    parts = [p.strip() for p in body.split(",") if p.strip()]
    ids = tuple(p.partition("@")[0].strip() for p in parts)
    periods = tuple(p.partition("@")[2].strip() if "@" in p else None for p in parts)
    return Ref(kind, ids, form.strip(), periods if any(p is not None for p in periods) else ())


def _merge(nodes: list[Node]) -> tuple[Node, ...]:
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Literal) and out and isinstance(out[-1], Literal):
            out[-1] = Literal(out[-1].text + node.text)
        else:
            out.append(node)
    return tuple(out)


def paragraphs(text: str) -> list[str]:
    """Split prose at blank lines; single line breaks become spaces."""
    parts = re.split(r"\n\s*\n", text.strip())
    return [" ".join(p.split()) for p in parts if p.strip()]


def flat(nodes: tuple[Node, ...]) -> Iterator[Literal | Ref]:
    """The literals and references of a parsed paragraph in reading order, spans flattened."""
    for node in nodes:
        if isinstance(node, Span):
            yield from flat(node.children)
        else:
            yield node


def refs(nodes: tuple[Node, ...]) -> Iterator[Ref]:
    """Every reference in a parsed paragraph, in reading order."""
    return (node for node in flat(nodes) if isinstance(node, Ref))


def link_targets(nodes: tuple[Node, ...]) -> Iterator[str]:
    """The address of every link in a parsed paragraph ([label](https://...)), in reading
    order."""
    for node in nodes:
        if isinstance(node, Span):
            if node.style == "link":
                yield node.url
            yield from link_targets(node.children)


def references(text: str) -> Iterator[Ref]:
    """Every reference in a prose text, paragraph by paragraph, in reading order."""
    for paragraph in paragraphs(text):
        yield from refs(parse(paragraph))


def escape(text: str) -> str:
    """`text` as literal text in ReportLab's paragraph markup or in XML: &, < and > escaped,
    as xml.sax.saxutils.escape does (whose import brings urllib's and http's, 9 ms)."""
    return html.escape(text, quote=False)


def quoteattr(value: str) -> str:
    """`value` as a quoted attribute value in ReportLab's paragraph markup."""
    return f'"{html.escape(value)}"'

"""Tagged PDF (PDF/UA-1): the structure tree of a brief, and its content marked as drawn.

The layout stage gives each flowable that draws content a `Tag`, a node of the brief's logical
structure (Document > H1, P, L > LI > Lbl/LBody, Figure...), built in reading order. Where a
flowable is actually drawn, its content becomes a marked-content sequence with an MCID that
the tag records; decoration (running heads, rules, backgrounds) becomes an artifact. A
flowable split across pages keeps its tag, so one element's content spans pages. At save,
rl.document writes the structure tree into ReportLab's document; this module imports nothing
from ReportLab (it draws through the canvas's public methods).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Marked:
    """A marked-content sequence: its page (0-based) and its MCID there."""

    page: int
    mcid: int


@dataclass(frozen=True)
class Annotated:
    """An annotation (a link) that belongs to a structure element."""

    page: int
    annotation: Any


@dataclass(eq=False)
class Tag:
    """A structure element: its standard role, attributes (Alt, Lang, ...) and kids, which are
    tags (made by the layout, in reading order) and content (recorded as it is drawn)."""

    role: str
    parent: Tag | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    kids: list[Tag | Marked | Annotated] = field(default_factory=list)

    def child(self, role: str, **attrs: str) -> Tag:
        tag = Tag(role, self, {k: v for k, v in attrs.items() if v})
        self.kids.append(tag)
        return tag

    def has_content(self) -> bool:
        return any(not isinstance(k, Tag) or k.has_content() for k in self.kids)

    def walk(self) -> Iterator[Tag]:
        """This tag and every tag under it, in reading order."""
        yield self
        for kid in self.kids:
            if isinstance(kid, Tag):
                yield from kid.walk()


def text_string(text: str) -> bytes:
    """A PDF text string: UTF-16BE with its byte-order mark, in hex."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


class Tagger:
    """Marks content as it is drawn on one canvas, building the structure tree that
    rl.document writes at save."""

    def __init__(self, root: Tag, describe: Callable[[str], str]) -> None:
        self.root = root
        self.describe = describe  # a link's alternate description, e.g. "Source 3"
        self._next: dict[int, int] = {}  # page -> next MCID
        self._suspended = 0  # inside a sequence already: nested content is part of it
        self.links: dict[str, list[Tag]] = {}  # target -> Link elements awaiting annotations

    @property
    def active(self) -> bool:
        return not self._suspended

    def begin(self, canv: Any, tag: Tag) -> str:
        """The operator opening a new marked-content sequence of `tag` on this page."""
        page = canv.getPageNumber() - 1
        mcid = self._next.get(page, 0)
        self._next[page] = mcid + 1
        tag.kids.append(Marked(page, mcid))
        return f"/{tag.role} <</MCID {mcid}>> BDC"

    @contextmanager
    def marked(self, canv: Any, tag: Tag | None) -> Iterator[None]:
        """Everything drawn inside is content of `tag` (nothing nested is marked again)."""
        if tag is None or not self.active:
            yield
            return
        canv.addLiteral(self.begin(canv, tag))
        self._suspended += 1
        try:
            yield
        finally:
            self._suspended -= 1
            canv.addLiteral("EMC")

    @contextmanager
    def artifact(self, canv: Any, kind: str = "") -> Iterator[None]:
        """Everything drawn inside is decoration (kind: Pagination, Layout...)."""
        opened = self.open_artifact(canv, kind)
        try:
            yield
        finally:
            if opened:
                self.close_artifact(canv)

    def open_artifact(self, canv: Any, kind: str = "") -> bool:
        if not self.active:
            return False
        canv.addLiteral(f"/Artifact <</Type /{kind}>> BDC" if kind else "/Artifact BMC")
        self._suspended += 1
        return True

    def close_artifact(self, canv: Any) -> None:
        self._suspended -= 1
        canv.addLiteral("EMC")

    def annotation(self, canv: Any, target: str, annotation: Any) -> None:
        """A link annotation just made for `target`: it joins the first Link element drawn
        for that target and not annotated yet (ReportLab annotates each line's links in the
        order they start)."""
        waiting = self.links.get(target)
        tag = waiting.pop(0) if waiting else None
        if tag is not None:
            tag.kids.append(Annotated(canv.getPageNumber() - 1, annotation))


def tagger_of(canv: Any) -> Tagger | None:
    """The tagger of a canvas, if the brief is being tagged."""
    return getattr(canv, "tagger", None)


def marked(canv: Any, tag: Tag | None) -> AbstractContextManager[None]:
    """What is drawn inside is content of `tag`, on a tagged canvas."""
    tagger = tagger_of(canv)
    return tagger.marked(canv, tag) if tagger is not None else nullcontext()


def artifact(canv: Any, kind: str = "") -> AbstractContextManager[None]:
    """What is drawn inside is decoration, on a tagged canvas."""
    tagger = tagger_of(canv)
    return tagger.artifact(canv, kind) if tagger is not None else nullcontext()


# Where a line cuts a word (an address too long for a line), its text goes on with no space:
# the line ends with a soft hyphen as replacement text, drawn as nothing, as ISO 32000-1
# (14.8.2.2.3) marks a hyphen a line break added, so the word's parts are read as one.
CUT = "\u00ad"
CUT_MARK = f"/Span <</ActualText {text_string(CUT).decode('ascii')}>> BDC EMC"

LANGUAGE = "briefgen-lang:"  # a paragraph "link" to this scheme marks a run in a language


def in_language(markup: str, lang: str) -> str:
    """Paragraph markup whose text is in `lang`: a Span with its /Lang in a tagged brief
    (carried through ReportLab's paragraph as a link to the LANGUAGE scheme, which makes no
    annotation)."""
    return f'<a href="{LANGUAGE}{lang}">{markup}</a>'


class Switch(str):
    """In a text object's code: the content drawn from here on belongs to `tag`. An empty
    string, so that ReportLab's text object can look at its code as it always does."""

    tag: Tag

    def __new__(cls, tag: Tag) -> Switch:
        switch = super().__new__(cls, "")
        switch.tag = tag
        return switch


class TextMarks:
    """The marked content of one paragraph's text object: its tag's content, switched to a
    Link element (inside a Reference, for a link within the document) for link text and to a
    Span for a run in another language. Switches are placed in the text object's code as it
    is written and become marked-content operators only when the code is complete, so that
    a sequence that would hold nothing is never opened."""

    def __init__(self, tagger: Tagger, canv: Any, tag: Tag) -> None:
        self.tagger, self.canv, self.tag = tagger, canv, tag
        self._open: list[tuple[int, str]] = []  # ReportLab's links open, outermost first
        self._elements: dict[tuple[int, str], Tag] = {}

    def current(self) -> Tag:
        """The element the text drawn now belongs to: the innermost link or span open."""
        parent = self.tag
        for link in self._open:
            element = self._elements.get(link)
            if element is None:
                target = link[1]
                # made apart, and put in the tree once its content is (resolve): in order
                if target.startswith(LANGUAGE):
                    element = Tag("Span", parent, {"Lang": target.removeprefix(LANGUAGE)})
                else:
                    holder = Tag("Reference", parent) if target.startswith("#") else parent
                    element = Tag("Link", holder)
                self._elements[link] = element
            parent = element
        return parent

    def link_start(self, link: tuple[int, str]) -> Tag:
        """`link` (ReportLab's (number, target) pair) opens; the element drawn into now."""
        if link not in self._open:
            self._open = sorted([*self._open, link])  # outer links have lower numbers
        element = self.current()
        if not link[1].startswith(LANGUAGE):  # ReportLab annotates each line's part
            self.tagger.links.setdefault(link[1], []).append(element)
        return element

    def link_end(self, link: tuple[int, str]) -> None:
        if link in self._open:
            self._open.remove(link)

    def resolve(self, code: list[str]) -> list[str]:
        """A text object's code with its switches made marked-content operators: each
        element's content one sequence, none opened where nothing is drawn."""
        out: list[str] = []
        wanted: Tag | None = None  # the element the next text drawn belongs to
        opened: Tag | None = None  # the element whose sequence is open
        for item in code:
            if isinstance(item, Switch):
                wanted = item.tag
                continue
            if wanted is not opened and wanted is not None and _draws_text(item):
                self._place(wanted)
                begin = self.tagger.begin(self.canv, wanted)
                out.append(f"EMC {begin}" if opened is not None else begin)
                opened = wanted
            out.append(item)
        if opened is not None:
            out.append("EMC")
        return out

    def _place(self, element: Tag) -> None:
        """Put `element`, and the elements between it and the paragraph's, in the tree after
        what is already there: in reading order."""
        if element is self.tag or element.parent is None or element in element.parent.kids:
            return
        self._place(element.parent)
        element.parent.kids.append(element)


def _draws_text(code: str) -> bool:
    return "Tj" in code or "TJ" in code

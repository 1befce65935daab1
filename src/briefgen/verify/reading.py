"""Rules a screen reader's user would notice, read from the structure tree with the text of
each element's marked content: empty elements and links, a link's visible text left outside
it, text in a language other than its element's, notes without a unique ID, and words run
together where a line ends."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate

from ..segment import segments, unspaced
from ..tagging import CUT
from .text import NEW_LINE

# The script each language is written in, where it is not the Latin alphabet: a Latin phrase
# in an element of such a language, or such a script in an element of another, is a run in
# a language other than its element's.
_SCRIPTS = {"km": "\u1780-\u17ff\u19e0-\u19ff", "th": "\u0e00-\u0e7f", "lo": "\u0e80-\u0eff"}
_LATIN_PHRASE = re.compile(r"[A-Za-z][a-z]+(?: [A-Za-z][a-z]+)+")
_JOINS = "./@:_-"  # characters that join the parts of an address
_INLINE = {"Link", "Span", "Reference", "Quote", "Code", "Em", "Strong"}  # read within a line
_REPLACED = {"Figure", "Formula"}  # read as their alternative text, not their content
_LINE_END = re.compile(f"(\\S){NEW_LINE}+(\\S)")  # a line's end with no space before it
_SPACES = re.compile(r"[^\S\xa0]")  # between words (a no-break space joins them)


AddFinding = Callable[[str, int | None], None]


@dataclass(eq=False)
class Node:
    """A structure element as read: its role, language, ID, page, and its content in order
    (text of its marked content, and its kids)."""

    role: str
    lang: str
    id: str
    page: int | None
    parts: list[str | Node] = field(default_factory=list)
    _text: str | None = field(default=None, repr=False)  # once read (the tree is complete)

    def walk(self) -> Iterator[Node]:
        """This element and every element under it, in reading order."""
        yield self
        for part in self.parts:
            if isinstance(part, Node):
                yield from part.walk()

    def text(self) -> str:
        """Everything it holds, in reading order, with NEW_LINE where a line starts."""
        if self._text is None:  # each element is read by every rule and by its parents'
            self._text = "".join(p if isinstance(p, str) else p.text() for p in self.parts)
        return self._text


def read(node: Node, lang: str, add: AddFinding, scripts: bool = True) -> None:
    """Check `node` and everything under it; `lang` is the language it inherits. `scripts`:
    also look for text in a script its language is not written in (a guess from the
    script, so not a check of briefgen's own output: a user may type a name in another
    script in any text)."""
    lang = node.lang or lang
    text = node.text()
    if node.role not in _REPLACED:
        if not text.replace(NEW_LINE, "").strip() and node.role not in ("Document", "Reference"):
            what = "a link" if node.role == "Link" else f"a {node.role} element"
            add(f"{what} holds no text (empty or spaces only)", node.page)
        if scripts:
            _language(node, lang, add)
        _line_ends(node, add, scripts)
    for part in node.parts:
        if isinstance(part, Node):
            if part.role == "Link" or (part.role == "Reference" and _only_link(part)):
                _link_edges(node, part, add)
            if part.role == "Figure" and not any(_captions(n) for n in (node, part)):
                add("a Figure has no Caption (in it, or beside it in its group)", part.page)
            if node.role not in _REPLACED:
                read(part, lang, add, scripts)


def _captions(node: Node) -> bool:
    return any(isinstance(p, Node) and p.role == "Caption" for p in node.parts)


def _only_link(node: Node) -> bool:
    return len(node.parts) == 1 and isinstance(node.parts[0], Node) and node.parts[0].role == "Link"


def _link_edges(parent: Node, link: Node, add: AddFinding) -> None:
    """The characters right before and after a link, in its parent: a word or a mark that
    goes on with the link's text lies outside the link."""
    i = parent.parts.index(link)
    before = "".join(p if isinstance(p, str) else p.text() for p in parent.parts[:i])
    after = "".join(p if isinstance(p, str) else p.text() for p in parent.parts[i + 1 :])
    inside = link.text().strip(NEW_LINE)
    if not inside.strip():
        return  # reported as empty
    outside = ""
    if before and _word(inside[0]) and (_goes_on(before[::-1]) or before[-1] == "["):
        outside = before[-12:]
    elif after and _word(inside[-1]) and (_goes_on(after) or after[0] == "]"):
        outside = after[:12]
    if outside:
        add(f"the text of link '{inside.strip()}' goes on outside it ('{outside}')", link.page)


def _word(char: str) -> bool:
    """A character that goes on with a word or an address next to it."""
    return char.isalnum() or char in _JOINS


def _goes_on(text: str) -> bool:
    """Whether `text` (read away from a link) starts with a word, or with a character
    joining the parts of an address and then a word (not a full stop ending a sentence)."""
    return text[0].isalnum() or (text[0] in _JOINS and text[1:2].isalnum())


def _language(node: Node, lang: str, add: AddFinding) -> None:
    """Text of this element itself (not its kids, which may have their own /Lang) in a
    script its language is not written in."""
    own = "".join(p for p in node.parts if isinstance(p, str))
    base = lang.split("-")[0].lower()
    script = _SCRIPTS.get(base)
    if script is not None:
        if match := _LATIN_PHRASE.search(own):
            add(f"'{match.group()}' is not in the language of its {node.role} ({lang})", node.page)
        return
    for other, chars in _SCRIPTS.items():
        if match := re.search(f"[{chars}]+", own):
            found = match.group()[:12]
            add(
                f"'{found}' ({other}) is not in the language of its {node.role} ({lang})", node.page
            )
            return


def _line_ends(node: Node, add: AddFinding, cuts: bool = True) -> None:
    """Where a line of this element's own text ends with no space before the next one. Only
    a word of a script written without spaces may be cut so, where its word boundaries allow
    (`cuts`: those found as the layout finds them; without it any such cut passes, as a
    writer's zero-width space, which is not drawn, may allow one anywhere)."""
    if not any(isinstance(p, str) for p in node.parts):
        return  # a grouping element: its paragraphs are read one by one
    text = "".join(
        p if isinstance(p, str) else p.text()
        for p in node.parts
        if isinstance(p, str) or p.role in _INLINE
    )
    for match in _LINE_END.finditer(text):
        first, then = match.group(1), match.group(2)
        if first == CUT:
            continue  # a word cut over lines, marked so
        if unspaced(first) and unspaced(then) and (not cuts or _cut_between(text, match)):
            continue  # a script written without spaces breaks lines between words
        start = max(0, match.start() - 10)
        words = text[start : match.end() + 10].replace(NEW_LINE, "⏎")
        add(f"words run together where a line ends: '{words}'", node.page)


def _cut_between(text: str, end: re.Match[str]) -> bool:
    """Whether the line end `end` in `text` falls where its word (between spaces, over
    other line ends with no space) may be cut; not, say, in "១៣ ឧសភា", whose space is lost."""
    before = _SPACES.split(text[: end.start() + 1].replace(NEW_LINE, ""))[-1]
    after = _SPACES.split(text[end.end() - 1 :].replace(NEW_LINE, ""))[0]
    return len(before) in set(accumulate(len(p) for p in segments(before + after)))


def unique_ids(notes: list[Node], add: AddFinding) -> None:
    """Every Note has an /ID, none used twice (PDF/UA-1, 7.9)."""
    seen: set[str] = set()
    for note in notes:
        if not note.id:
            add("a Note has no /ID", note.page)
        elif note.id in seen:
            add(f"the /ID '{note.id}' of a Note is used twice", note.page)
        seen.add(note.id)

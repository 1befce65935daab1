"""ReportLab's paragraph, breaking lines between the words of scripts written without spaces,
shaping a word font by font, and drawn through the corrected text object.

ReportLab 5.1 looks up `paragraph._getFragWords` and `paragraph.shapeFragWord` in its module
as it breaks lines, and `paragraph._do_line` as it draws underlines and links: briefgen swaps
them for the length of one call (`swapped`). Words come as ReportLab's frag words (`_HSFrag`
for a word a space follows, plain lists); a line of several styles (`FragLine`) starts at the
word `sFW` of the paragraph's words, which a line break (`_FK_BREAK`, or an `_InjectedFrag`
where ReportLab cut a long word) ends; a line of one style is a list of strings, a cut
word's pieces `_SplitWord`s but its last (`_SplitWordEnd`). Guarded by
tests/test_rl_paragraph.py.
"""

from __future__ import annotations

from functools import partial
from itertools import accumulate, pairwise
from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.platypus import Paragraph, paragraph

from ..segment import ZERO_WIDTH_SPACE, needs_segmenting, segments
from ..tagging import Tag, TextMarks, tagger_of
from . import swapped
from .textobject import Sources, TextObject

# Stands in for a zero-width space while ReportLab splits words: ReportLab takes U+200B for a
# space and would draw one; briefgen makes it a break opportunity with no gap.
_BREAK_MARK = "\u2063"


class BriefParagraph(Paragraph):
    """A paragraph drawn through the corrected text object, which remembers the text each
    shaped word came from (ReportLab shapes word by word while breaking lines)."""

    def __init__(
        self, text: str | None, style: Any, *args: Any, tag: Tag | None = None, **kwargs: Any
    ) -> None:
        super().__init__(text, style, *args, **kwargs)
        self._sources: Sources = {}
        self.tag = tag  # its structure element, in a tagged brief
        self._end_spaced = True  # its text ends, or goes on in the next part after a space

    def beginText(self, x: float, y: float) -> TextObject:
        tagger = tagger_of(self.canv)
        marks = None
        if tagger is not None and tagger.active and self.tag is not None:
            marks = TextMarks(tagger, self.canv, self.tag)
            if self.blPara.kind == 0:  # one style throughout: ReportLab reports no link...
                for link in getattr(self.frags[0], "link", None) or []:
                    for _line in self.blPara.lines:  # ...and annotates each line
                        marks.link_start(tuple(link))
        spaced = [_spaced(line, self._end_spaced) for line in self.blPara.lines]
        return TextObject(self.canv, x, y, self._sources, marks, spaced)

    def drawPara(self, debug: int = 0) -> None:
        tagger = tagger_of(self.canv)
        if tagger is None or not tagger.active:
            return super().drawPara(debug)
        line = paragraph._do_line

        def decoration(tx: Any, *args: Any) -> None:
            """Underlines are drawn outside the text: they are artifacts."""
            with tagger.artifact(tx._canvas):
                line(tx, *args)

        with swapped(paragraph, _do_line=decoration):
            return super().drawPara(debug)

    def breakLines(self, width: Any) -> Any:
        words_of, shape = paragraph._getFragWords, paragraph.shapeFragWord
        with swapped(
            paragraph,
            _getFragWords=partial(_segmented, words_of),
            shapeFragWord=partial(_shaped_by_font, shape, self._sources),
        ):
            broken = super().breakLines(width)
        if broken.kind == 1:
            _mark_spaces(broken.lines, self.frags)
        return broken

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)
        for part in parts:
            if isinstance(part, BriefParagraph):
                part._sources = self._sources
                part.tag = self.tag  # one element, whose content spans pages
                if "keepWithNext" in vars(self):  # set on this paragraph, not by its style
                    part.keepWithNext = self.keepWithNext
        if len(parts) == 2 and all(isinstance(part, BriefParagraph) for part in parts):
            # the first part breaks its lines again: how its last line ended is known now
            lines = parts[0].blPara.lines
            parts[0]._end_spaced = _spaced(lines[-1], True) if lines else True
            parts[1]._end_spaced = self._end_spaced
        return parts


def _mark_spaces(lines: list[Any], words: list[Any]) -> None:
    """Note on each line but the last (`spaced`) whether it ends where the text had a space
    or a forced break: a reader needs a space there, but not where the line cut a word (of a
    script written without spaces, or an address)."""
    for line, after in pairwise(lines):
        end = words[after.sFW]  # what ended the line: the next line's word, or a break
        last = words[after.sFW - 1] if after.sFW else None
        forced = end[1][0]._fkind == paragraph._FK_BREAK and not isinstance(
            end, paragraph._InjectedFrag
        )
        line.spaced = forced or isinstance(last, paragraph._HSFrag)


def _spaced(line: Any, end: bool) -> bool:
    """Whether a broken line ends where the text had a space (`end`: for the paragraph's
    last line, whether the text ends there or goes on after a space)."""
    if isinstance(line, tuple):  # one style: its words, where only a cut word has no space
        last = line[1][-1] if line[1] else ""
        return not isinstance(last, paragraph._SplitWord) or isinstance(
            last, paragraph._SplitWordEnd
        )
    return getattr(line, "spaced", end)


def _segmented(words_of: Any, frags: Any, *args: Any, **kwargs: Any) -> Any:
    """ReportLab's words (found by `words_of`), with those of scripts written without spaces
    cut at their word boundaries into pieces that no space follows (a line may end after
    each)."""
    if not any(needs_segmenting(getattr(f, "text", None) or "") for f in frags):
        return words_of(frags, *args, **kwargs)  # most text: nothing to cut
    frags = [
        f.clone(text=f.text.replace(ZERO_WIDTH_SPACE, _BREAK_MARK))
        if ZERO_WIDTH_SPACE in (getattr(f, "text", None) or "")
        else f
        for f in frags
    ]
    return [cut for word in words_of(frags, *args, **kwargs) for cut in _cut(word)]


def _shaped_by_font(shape: Any, sources: Sources, word: Any, *args: Any, **kwargs: Any) -> Any:
    """`word` shaped by `shape` (ReportLab's shapeFragWord), which shapes a word with its first
    font only: so a word whose text changes font (Khmer digits and a Latin citation,
    "(AFP)។") is shaped font by font. Anchors opening a word are set aside (ReportLab 5.1
    fails to sort them back in). The text of each run of glyphs is noted in `sources`."""
    if isinstance(word, ttfonts.ShapedFragWord):  # shaped before a split
        return word
    lead = 0
    while lead < len(word) - 1 and hasattr(word[1 + lead][0], "cbDefn"):
        lead += 1
    anchors, parts = word[1 : 1 + lead], word[1 + lead :]
    if not parts or any(hasattr(f, "cbDefn") for f, _s in parts):
        return _recorded(sources, word, shape(word, *args, **kwargs))  # an image: ReportLab's
    if len({f.fontName for f, _s in parts}) < 2:
        body = type(word)([word[0], *parts]) if anchors else word  # keeps its space
        shaped = _recorded(sources, body, shape(body, *args, **kwargs))
        if shaped is body:
            return word  # nothing to shape
    else:
        shaped = ttfonts.makeShapedFragWord(word)([0.0])
        for frag, text in parts:
            piece = [pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize), (frag, text)]
            done = _recorded(sources, piece, shape(piece, *args, **kwargs))
            shaped[0] += done[0]
            shaped.extend(done[1:])
    return type(shaped)([shaped[0], *anchors, *shaped[1:]]) if anchors else shaped


def _recorded(sources: Sources, word: Any, shaped: Any) -> Any:
    """`shaped`, once the text each of its runs of glyphs stands for is noted in `sources`
    (for /ActualText)."""
    if shaped is word:
        return shaped
    source = "".join(s for f, s in word[1:] if not hasattr(f, "cbDefn"))
    runs = [getattr(g, "__shapeData__", []) for _f, g in shaped[1:]]
    starts = sorted({d.cluster for run in runs for d in run})
    for run in runs:  # each run of one font: the text its clusters cover
        if not run:
            continue
        last = max(d.cluster for d in run)
        end = next((c for c in starts if c > last), len(source))
        text = source[min(d.cluster for d in run) : end]
        for data in run:
            sources[id(data)] = (data, text)  # keeps `data` alive with its id
    return shaped


def _cut(word: Any) -> list[Any]:
    """A ReportLab frag word ([width, (frag, text), ...]) cut at the word boundaries of its
    text; every piece but the last is a plain list, which ReportLab follows with no space."""
    plain = type(word) in (list, paragraph._HSFrag)  # not yet split, hyphenated or shaped
    if not plain or any(hasattr(f, "cbDefn") or isinstance(s, ShapedStr) for f, s in word[1:]):
        return [word]
    text = "".join(s for _f, s in word[1:]).replace(_BREAK_MARK, ZERO_WIDTH_SPACE)
    pieces = segments(text)
    if len(pieces) == 1 and pieces[0] == text:
        return [word]
    ends = list(accumulate(len(piece) for piece in pieces))
    cuts = iter(ends[:-1])
    cut = next(cuts, None)
    out: list[Any] = [[0.0]]
    at = 0  # offset in the text without its break marks
    for frag, string in word[1:]:
        string = string.replace(_BREAK_MARK, "")
        while string:
            take = string if cut is None else string[: cut - at]
            out[-1].append((frag, take))
            out[-1][0] += pdfmetrics.stringWidth(take, frag.fontName, frag.fontSize)
            at += len(take)
            string = string[len(take) :]
            if at == cut:
                out.append([0.0])
                cut = next(cuts, None)
    out[-1] = type(word)(out[-1])  # the last piece keeps the space that followed the word
    return [piece for piece in out if len(piece) > 1]

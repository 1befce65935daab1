"""Corrections to ReportLab 5.1's text shaping (HarfBuzz through uharfbuzz), made from
subclasses, for scripts such as Khmer whose glyphs HarfBuzz moves up and down.

Two defects are corrected:

- `PDFTextObject.setRise` replaces a previous rise operator without recording the new rise,
  so when two consecutive glyph clusters have different non-zero offsets (a Khmer subscript
  consonant followed by a below-vowel, as in កម្ពុជា) the rest of the line is drawn too low.
- `TTFont` records HarfBuzz's advances in font units as the widths of shaped glyphs that have
  no character of their own, which is wrong for fonts whose units-per-em is not 1000.

And one gap is filled: glyphs that stand for no single character (a subscript consonant, a
ligature) get private-use codes, which text extraction returned as such; their ToUnicode
entries now give the characters the glyph's name spells (uni17D2179A: coeng + ro), the naming
convention of Noto and most fonts.

These rely on ReportLab internals; tests/test_shaping.py fails loudly if they change.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapedStr, TTFont
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph, paragraph

from .segment import ZERO_WIDTH_SPACE, needs_segmenting, segments, unspaced
from .tagging import Tag, TextMarks, tagger_of, text_string

# Stands in for a zero-width space while ReportLab splits words: ReportLab takes U+200B for a
# space and would draw one; briefgen makes it a break opportunity with no gap.
_BREAK_MARK = "\u2063"
_GLYPH_NAME = re.compile(r"uni((?:[0-9A-F]{4})+)(?:\..*)?$")


def _spelled(name: str) -> str:
    """The characters a glyph name spells: 'uni17D2179A.alt' -> '\u17d2\u179a'; else ''."""
    match = _GLYPH_NAME.match(name)
    if not match:
        return ""
    hexes = match.group(1)
    return "".join(chr(int(hexes[i : i + 4], 16)) for i in range(0, len(hexes), 4))


class TextObject(PDFTextObject):
    """A text object whose rise stays in step with the rise operators it writes, and which
    marks each run of shaped glyphs with the text it was shaped from (/ActualText), so that
    copying and searching read the words in their logical order."""

    def __init__(
        self,
        canvas: Any,
        x: float,
        y: float,
        sources: dict[int, tuple[Any, str]] | None = None,
        marks: TextMarks | None = None,
    ) -> None:
        super().__init__(canvas, x, y)
        self._sources = sources or {}
        self._marks = marks
        if marks is not None:  # the text is one marked-content sequence, links apart
            self._code.append(marks.open())
            self._linkRecord = self._link  # ReportLab's paragraph reports links' ends here

    def _link(self, link: Any, event: str) -> None:
        assert self._marks is not None
        if event == "start":
            self._code.append(self._marks.link_start(link))
        else:
            self._marks.link_end()

    def _textOut(self, text: str, TStar: int = 0) -> None:
        if self._marks is None:
            return super()._textOut(text, TStar)
        self._code.append(self._marks.before_text())
        if TStar and text and not text[-1].isspace():
            last = logical_text(text, self._sources)[-1:] or text[-1]
            if not unspaced(last):  # a line that wraps ends with its space (for extraction)
                text = text + " "
        super()._textOut(text, TStar)
        if TStar:
            self._marks.link_end()  # a link continues on the next line as a new sequence

    def getCode(self) -> str:
        if self._marks is not None:
            self._code.append("EMC")
        return super().getCode()

    def setRise(self, rise: float) -> None:
        from reportlab.lib.rl_accel import fp_str

        operator = f"{fp_str(rise)} Ts"
        if self._code and self._code[-1].endswith(" Ts"):
            self._y += self._rise  # undo the rise being replaced...
            self._code[-1] = operator
        else:
            self._code.append(operator)
        self._rise = rise  # ...and record the new one (ReportLab 5.1 forgets this)
        self._y -= rise

    def _formatText(self, text: str) -> str:
        code = super()._formatText(text)
        source = logical_text(text, self._sources)
        if not source:
            return code
        actual = text_string(source).decode("ascii")
        return f"/Span <</ActualText {actual}>> BDC {code} EMC"


def logical_text(text: str, sources: dict[int, tuple[Any, str]]) -> str:
    """The text a run of shaped glyphs was shaped from: its words' text, and its spaces;
    '' for text that was not shaped."""
    if not isinstance(text, ShapedStr) or not sources:
        return ""
    out, last = [], None
    for glyph, data in zip(text, text.__shapeData__, strict=False):
        entry = sources.get(id(data))
        if entry is None:
            out.append(glyph)  # a space or other unshaped character
            last = None
        elif entry[1] is not last:
            out.append(entry[1])  # the word's text, once for all its glyphs
            last = entry[1]
    return "".join(out)


class BriefParagraph(Paragraph):
    """A paragraph drawn through the corrected text object, which remembers the text each
    shaped word came from (ReportLab shapes word by word while breaking lines)."""

    def __init__(
        self, text: str | None, style: Any, *args: Any, tag: Tag | None = None, **kwargs: Any
    ) -> None:
        super().__init__(text, style, *args, **kwargs)
        self._sources: dict[int, tuple[Any, str]] = {}  # id(glyph data) -> (data, word)
        self.tag = tag  # its structure element, in a tagged brief

    def beginText(self, x: float, y: float) -> TextObject:
        tagger = tagger_of(self.canv)
        marks = None
        if tagger is not None and tagger.active and self.tag is not None:
            marks = TextMarks(tagger, self.canv, self.tag)
        return TextObject(self.canv, x, y, self._sources, marks)

    def drawPara(self, debug: int = 0) -> None:
        tagger = tagger_of(self.canv)
        if tagger is None or not tagger.active:
            return super().drawPara(debug)
        line = paragraph._do_line

        def decoration(tx: Any, *args: Any) -> None:
            """Underlines are drawn outside the text: they are artifacts."""
            with tagger.artifact(tx._canvas):
                line(tx, *args)

        paragraph._do_line = decoration  # for this call only: looked up as it draws
        try:
            return super().drawPara(debug)
        finally:
            paragraph._do_line = line

    def breakLines(self, width: Any) -> Any:
        shape, words_of = paragraph.shapeFragWord, paragraph._getFragWords
        sources = self._sources

        def segmented(frags: Any, *args: Any, **kwargs: Any) -> Any:
            """ReportLab's words, with those of scripts written without spaces cut at their
            word boundaries into pieces that no space follows (a line may end after each)."""
            if not any(needs_segmenting(getattr(f, "text", None) or "") for f in frags):
                return words_of(frags, *args, **kwargs)  # most text: nothing to cut
            frags = [
                f.clone(text=f.text.replace(ZERO_WIDTH_SPACE, _BREAK_MARK))
                if ZERO_WIDTH_SPACE in (getattr(f, "text", None) or "")
                else f
                for f in frags
            ]
            return [cut for word in words_of(frags, *args, **kwargs) for cut in _cut(word)]

        def shaped_by_font(word: Any, *args: Any, **kwargs: Any) -> Any:
            """ReportLab shapes a word with its first font only, so a word whose text changes
            font (Khmer digits and a Latin citation, "(AFP)។") is shaped font by font. Anchors
            opening a word are set aside (ReportLab 5.1 fails to sort them back in)."""
            if isinstance(word, ttfonts.ShapedFragWord):  # shaped before a split
                return word
            lead = 0
            while lead < len(word) - 1 and hasattr(word[1 + lead][0], "cbDefn"):
                lead += 1
            anchors, parts = word[1 : 1 + lead], word[1 + lead :]
            if not parts or any(hasattr(f, "cbDefn") for f, _s in parts):
                return recorded(word, shape(word, *args, **kwargs))  # an image: ReportLab's
            if len({f.fontName for f, _s in parts}) < 2:
                body = type(word)([word[0], *parts]) if anchors else word  # keeps its space
                shaped = recorded(body, shape(body, *args, **kwargs))
                if shaped is body:
                    return word  # nothing to shape
            else:
                shaped = ttfonts.makeShapedFragWord(word)([0.0])
                for frag, text in parts:
                    size = pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize)
                    done = recorded(
                        [size, (frag, text)], shape([size, (frag, text)], *args, **kwargs)
                    )
                    shaped[0] += done[0]
                    shaped.extend(done[1:])
            return type(shaped)([shaped[0], *anchors, *shaped[1:]]) if anchors else shaped

        def recorded(word: Any, shaped: Any) -> Any:
            """Note the text each run of shaped glyphs stands for (for /ActualText)."""
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

        # for this call only: both are looked up in ReportLab's module as it breaks lines
        paragraph.shapeFragWord, paragraph._getFragWords = shaped_by_font, segmented
        try:
            return super().breakLines(width)
        finally:
            paragraph.shapeFragWord, paragraph._getFragWords = shape, words_of

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)
        for part in parts:
            if isinstance(part, BriefParagraph):
                part._sources = self._sources
                part.tag = self.tag  # one element, whose content spans pages
        return parts


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


class ShapingFont(TTFont):
    """A TrueType font shaped by HarfBuzz, whose shaped glyphs get widths per 1000 em."""

    def __init__(self, name: str, path: str) -> None:
        super().__init__(name, path)
        self.shapable = True
        self.glyph_text: dict[int, str] = {}  # private-use code -> the characters it shows

    def addObjects(self, doc: Any) -> None:
        """Write the font, its ToUnicode map giving each private-use code its cluster's text."""
        make = ttfonts.makeToUnicodeCMap

        def to_unicode(fontname: str, subset: list[int]) -> str:
            cmap = make(fontname, subset)
            for i, code in enumerate(subset):
                text = self.glyph_text.get(code)
                if text:
                    cmap = cmap.replace(
                        f"<{i:02X}> <{code:04X}>",
                        f"<{i:02X}> <{text.encode('utf-16-be').hex().upper()}>",
                    )
            return cmap

        ttfonts.makeToUnicodeCMap = to_unicode
        try:
            super().addObjects(doc)
        finally:
            ttfonts.makeToUnicodeCMap = make

    def hbFont(self, fontSize: float = 10) -> Any:
        font = super().hbFont(fontSize)
        add = self.hbAddPrivate  # set by TTFont.hbFont: records a glyph with no character

        def add_scaled(name: str, gid: int, advance: float) -> int:
            code = add(name, gid, self.face._pdfScale(advance))  # font units -> 1/1000 em
            if text := _spelled(name):
                self.glyph_text.setdefault(code, text)
            return code

        self.hbAddPrivate = add_scaled
        return font

"""ReportLab's text object, corrected for shaped text and marked for a tagged PDF.

`PDFTextObject.setRise` (ReportLab 5.1) replaces a previous rise operator without recording
the new rise, so when two consecutive glyph clusters have different non-zero offsets (a Khmer
subscript consonant followed by a below-vowel, as in កម្ពុជា) the rest of the line is drawn
too low. The text object here keeps its rise in step with the operators it writes, marks each
run of shaped glyphs with the text it was shaped from (/ActualText), and, in a tagged brief,
makes its text one marked-content sequence with links apart, each line ending as it reads: a
space where the text had one, a soft hyphen where it cuts a word (tagging.CUT_MARK).

Relies on the text object's `_code`, `_textOut`, `_formatText`, `_y`, `_rise` and the
paragraph's `_linkRecord` hook, and on `ShapedStr.__shapeData__`: guarded by
tests/test_rl_textobject.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.textobject import PDFTextObject

from ..segment import unspaced
from ..tagging import CUT_MARK, Switch, TextMarks, text_string

Sources = dict[int, tuple[Any, str]]  # id(glyph data) -> (glyph data, the word's text)


class TextObject(PDFTextObject):
    """A text object whose rise stays in step with the rise operators it writes, and which
    marks each run of shaped glyphs with the text it was shaped from (/ActualText), so that
    copying and searching read the words in their logical order."""

    def __init__(
        self,
        canvas: Any,
        x: float,
        y: float,
        sources: Sources | None = None,
        marks: TextMarks | None = None,
        spaced: Iterable[bool] = (),
    ) -> None:
        super().__init__(canvas, x, y)
        self._sources = sources or {}
        self._marks = marks
        self._spaced = iter(spaced)  # for each line in turn: does it end where a space was?
        self._text_at = 0  # where in the code the text being drawn starts
        self._last = ""  # the last character drawn, as read
        if marks is not None:  # the text is marked content, links and spans apart
            self._code.append(Switch(marks.current()))
            self._linkRecord = self._link  # ReportLab's paragraph reports links here

    def _link(self, link: Any, event: str) -> None:
        """ReportLab reports a link's start once its first piece of text is written: that
        piece moves into the link, as does everything up to the link's end."""
        assert self._marks is not None
        if event == "start":
            self._code.insert(self._text_at, Switch(self._marks.link_start(link)))
        else:
            self._marks.link_end(link)
            self._code.append(Switch(self._marks.current()))

    def _textOut(self, text: str, TStar: int = 0) -> None:
        self._text_at = len(self._code)
        cut = False
        if self._marks is not None and TStar:
            spaced = next(self._spaced, True)
            last = logical_text(text, self._sources)[-1:] or text[-1:] or self._last
            if last and not last.isspace():
                if spaced:
                    text = text + " "  # a line that ends at a space ends with it (for reading)
                else:  # a cut between two Khmer words reads as such; a cut Latin word goes on
                    cut = not unspaced(last)
        if text:
            self._last = logical_text(text, self._sources)[-1:] or text[-1:]
        super()._textOut(text, 0 if cut else TStar)
        if cut:
            self._code.append(f"{CUT_MARK} T*")

    def getCode(self) -> str:
        if self._marks is not None:
            self._code = self._marks.resolve(self._code)
        return super().getCode()

    def setRise(self, rise: float) -> None:
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


def logical_text(text: str, sources: Sources) -> str:
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

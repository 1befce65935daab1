"""Corrections to ReportLab 5.1's text shaping (HarfBuzz through uharfbuzz), made from
subclasses, for scripts such as Khmer whose glyphs HarfBuzz moves up and down.

Two defects are corrected:

- `PDFTextObject.setRise` replaces a previous rise operator without recording the new rise,
  so when two consecutive glyph clusters have different non-zero offsets (a Khmer subscript
  consonant followed by a below-vowel, as in កម្ពុជា) the rest of the line is drawn too low.
- `TTFont` records HarfBuzz's advances in font units as the widths of shaped glyphs that have
  no character of their own, which is wrong for fonts whose units-per-em is not 1000.

These rely on ReportLab internals; tests/test_shaping.py fails loudly if they change.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph


class TextObject(PDFTextObject):
    """A text object whose rise stays in step with the rise operators it writes."""

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


class BriefParagraph(Paragraph):
    """A paragraph drawn through the corrected text object."""

    def beginText(self, x: float, y: float) -> TextObject:
        return TextObject(self.canv, x, y)


class ShapingFont(TTFont):
    """A TrueType font shaped by HarfBuzz, whose shaped glyphs get widths per 1000 em."""

    def __init__(self, name: str, path: str) -> None:
        super().__init__(name, path)
        self.shapable = True

    def hbFont(self, fontSize: float = 10) -> Any:
        font = super().hbFont(fontSize)
        add = self.hbAddPrivate  # set by TTFont.hbFont: records a glyph with no character

        def add_scaled(name: str, gid: int, advance: float) -> int:
            return add(name, gid, self.face._pdfScale(advance))  # font units -> 1/1000 em

        self.hbAddPrivate = add_scaled
        return font

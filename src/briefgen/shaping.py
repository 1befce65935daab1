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
from typing import Any

from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph

_GLYPH_NAME = re.compile(r"uni((?:[0-9A-F]{4})+)(?:\..*)?$")


def _spelled(name: str) -> str:
    """The characters a glyph name spells: 'uni17D2179A.alt' -> '\u17d2\u179a'; else ''."""
    match = _GLYPH_NAME.match(name)
    if not match:
        return ""
    hexes = match.group(1)
    return "".join(chr(int(hexes[i : i + 4], 16)) for i in range(0, len(hexes), 4))


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

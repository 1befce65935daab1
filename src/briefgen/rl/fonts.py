"""ReportLab's TrueType fonts as briefgen needs them: shaped glyphs measured per 1000 em and
mapped back to their characters, glyph coverage, and the font drawings start from.

`TTFont` (ReportLab 5.1) records HarfBuzz's advances in font units as the widths of shaped
glyphs that have no character of their own, which is wrong for fonts whose units-per-em is
not 1000; and those glyphs (a subscript consonant, a ligature) get private-use codes, which
text extraction returned as such. `ShapingFont` scales the widths, and its ToUnicode map
gives each such code the characters the glyph's name spells (uni17D2179A: coeng + ro), the
naming convention of Noto and most fonts.

ReportLab keeps the first font registered under a name, and gives a name registered later
for a face it has (by PostScript name) the font it has: `register` puts the font of a replaced
file in place of the old one.

Relies on `TTFont.hbAddPrivate`, `face._pdfScale`, `face.charToGlyph`,
`ttfonts.makeToUnicodeCMap`, `shapes.STATE_DEFAULTS`, `pdfmetrics._fonts`,
`pdfmetrics._dynFaceNames`, `ttfonts.uharfbuzz` (None when its import failed) and a document
mapping each font by its `fontName`: guarded by tests/test_rl_fonts.py.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from typing import Any

from reportlab.graphics import shapes
from reportlab.pdfbase import pdfmetrics, ttfonts

from ..errors import BuildFailed
from . import swapped

_GLYPH_NAME = re.compile(r"uni((?:[0-9A-F]{4})+)(?:\..*)?$")


def _spelled(name: str) -> str:
    """The characters a glyph name spells: 'uni17D2179A.alt' -> '\u17d2\u179a'; else ''."""
    match = _GLYPH_NAME.match(name)
    if not match:
        return ""
    hexes = match.group(1)
    return "".join(chr(int(hexes[i : i + 4], 16)) for i in range(0, len(hexes), 4))


class ShapingFont(ttfonts.TTFont):
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

        with swapped(ttfonts, makeToUnicodeCMap=to_unicode):
            super().addObjects(doc)

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


def covered(name: str) -> frozenset[int]:
    """The characters a registered font has glyphs for."""
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def register(font: ttfonts.TTFont, also: list[str] | tuple[str, ...] = ()) -> None:
    """Register `font` under its name, and under the names `also` (which had the font of the
    same file before it was replaced), in place of the fonts they had. One font per face: a
    name registered for a face that has one gets it, and an old font another name still has
    is kept for it, under that name (a document maps each font by its name).

    BuildFailed if ReportLab has no HarfBuzz: it imports it in a bare `try`, which a broken
    installation, or a Ctrl+C that lands there, leaves without it, every font then unshaped
    (Khmer's vowel signs misplaced) without a word."""
    if ttfonts.uharfbuzz is None:
        raise BuildFailed(
            "ReportLab cannot load HarfBuzz (the uharfbuzz package), which shapes text: "
            "reinstall it where briefgen is installed (pip install --force-reinstall uharfbuzz)"
        )
    names = [font.fontName, *also]
    for old in {id(f): f for n in names if (f := pdfmetrics._fonts.pop(n, None))}.values():
        holders = [name for name, other in pdfmetrics._fonts.items() if other is old]
        if not holders:
            if pdfmetrics._dynFaceNames.get(old.face.name) is old:
                del pdfmetrics._dynFaceNames[old.face.name]
        elif old.fontName not in holders:
            old.fontName = holders[0]
    pdfmetrics.registerFont(font)
    for name in also:
        pdfmetrics._fonts[name] = pdfmetrics._fonts[font.fontName]


def drawings_default_font(name: str) -> AbstractContextManager[None]:
    """Drawings (charts, logo) drawn inside the block start from the font `name`, not from an
    unembedded Helvetica that ReportLab's renderer would select on every page with a drawing.
    The renderer reads this default as it draws a drawing, not when svglib builds one."""
    return swapped(shapes.STATE_DEFAULTS, fontName=name)

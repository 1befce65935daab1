"""Guards on the ReportLab internals briefgen.rl.fonts relies on: each test exercises one
assumption and names it when it fails."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.graphics import shapes
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from briefgen.rl import swapped
from briefgen.rl.fonts import covered, drawings_default_font, register

from .conftest import REPO

FONTS = REPO / "assets" / "fonts"
LATIN = "Test-RL-Latin"
# Shaped into glyphs that stand for no single character (subscript consonants, ligatures)
KHMER_TEXT = "កម្ពុជា ស្ត្រី ពន្ធនាគារ ព្រះរាជាណាចក្រ ថ្នាំ"


@pytest.fixture(scope="module", autouse=True)
def own_registry() -> Iterator[None]:
    """The fonts registered here, in a registry of their own for this module: ReportLab maps
    a font registered later with the same face to the first one, whatever its class, which
    would give these plain or recording fonts to briefgen's builds, or theirs to these tests."""
    with swapped(pdfmetrics, _fonts={}, _dynFaceNames={}):
        yield


@pytest.fixture(scope="module")
def latin() -> str:
    pdfmetrics.registerFont(TTFont(LATIN, str(FONTS / "NotoSans-Regular.ttf")))
    return LATIN


@pytest.fixture(scope="module")
def khmer_2000(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Khmer font declaring 2000 units per em (its glyphs unchanged), so that font units
    and thousandths of an em differ."""
    from fontTools.ttLib import TTFont as FontFile

    font = FontFile(str(FONTS / "NotoSansKhmer-Regular.ttf"))
    font["head"].unitsPerEm = 2000
    path = tmp_path_factory.mktemp("fonts") / "khmer-2000.ttf"
    font.save(str(path))
    return path


def page_fonts(path: Path) -> set[str]:
    fonts = PdfReader(path).pages[0]["/Resources"].get("/Font") or {}
    return {str(font.get_object()["/BaseFont"]) for font in fonts.values()}


def test_char_to_glyph_maps_a_fonts_characters_to_glyphs(latin: str) -> None:
    glyphs = pdfmetrics.getFont(latin).face.charToGlyph
    assert isinstance(glyphs.get(ord("A")), int) and glyphs[ord("A")] > 0, (
        "ReportLab's TrueType face no longer maps characters to glyph ids in "
        "face.charToGlyph: briefgen.rl.fonts.covered, which decides which characters need a "
        "fallback font, would be wrong"
    )
    assert ord("A") in covered(latin) and ord("ក") not in covered(latin)


def test_face_pdf_scale_converts_font_units_to_thousandths_of_an_em(khmer_2000: Path) -> None:
    face = TTFont("Test-RL-Scale", str(khmer_2000)).face
    assert face._pdfScale(2000) == pytest.approx(1000), (
        "ReportLab's face._pdfScale no longer converts font units to 1/1000 em: ShapingFont "
        "would give shaped glyphs without a character of their own wrong widths"
    )


def test_hb_add_private_is_called_with_advances_in_font_units(khmer_2000: Path) -> None:
    from fontTools.ttLib import TTFont as FontFile

    advances = FontFile(str(khmer_2000))["hmtx"]
    calls: list[tuple[str, int, float]] = []

    class Recording(TTFont):
        def hbFont(self, fontSize: float = 10) -> object:
            font = super().hbFont(fontSize)
            add = self.hbAddPrivate

            def record(name: str, gid: int, advance: float) -> int:
                calls.append((name, gid, advance))
                return add(name, gid, advance)

            self.hbAddPrivate = record
            return font

    pdfmetrics.registerFont(Recording("Test-RL-Private", str(khmer_2000)))
    style = ParagraphStyle("k", fontName="Test-RL-Private", fontSize=20, shaping=1)
    Paragraph(KHMER_TEXT, style).wrap(500, 500)
    assert calls, (
        "ReportLab no longer calls TTFont.hbAddPrivate (set by hbFont) for glyphs HarfBuzz "
        "shapes that stand for no character: ShapingFont would neither scale their widths nor "
        "map them to their characters"
    )
    assert [advance for _n, _g, advance in calls] == [advances[n][0] for n, _g, _a in calls], (
        "ReportLab no longer passes hbAddPrivate a glyph's advance in font units: ShapingFont's "
        "conversion to 1/1000 em would now be applied twice"
    )


def test_make_to_unicode_cmap_is_looked_up_when_a_font_is_written(
    latin: str, tmp_path: Path
) -> None:
    make = ttfonts.makeToUnicodeCMap
    calls: list[tuple[str, list[int]]] = []

    def to_unicode(fontname: str, subset: list[int]) -> str:
        calls.append((fontname, list(subset)))
        return make(fontname, subset).replace("begincmap", "begincmap % briefgen-marker")

    canvas = Canvas(str(tmp_path / "c.pdf"), pageCompression=0, initialFontName=latin)
    canvas.drawString(10, 10, "Hi")
    with swapped(ttfonts, makeToUnicodeCMap=to_unicode):
        canvas.save()
    assert calls and ord("H") in calls[0][1], (
        "ReportLab no longer looks up ttfonts.makeToUnicodeCMap(fontname, subset) when it "
        "writes a TrueType font: ShapingFont's ToUnicode entries for shaped glyphs would be lost"
    )
    assert b"briefgen-marker" in (tmp_path / "c.pdf").read_bytes(), (
        "ReportLab no longer writes what makeToUnicodeCMap returns as the font's ToUnicode map"
    )


def test_state_defaults_font_name_is_a_drawings_font_when_it_is_drawn(
    latin: str, tmp_path: Path
) -> None:
    drawing = Drawing(100, 100)
    drawing.add(Rect(10, 10, 50, 50))  # built outside the scope, as cached charts are

    def drawn(path: Path, scoped: bool) -> set[str]:
        canvas = Canvas(str(path), initialFontName=latin)
        if scoped:
            with drawings_default_font(latin):
                drawing.drawOn(canvas, 0, 0)
        else:
            drawing.drawOn(canvas, 0, 0)
        canvas.save()
        return page_fonts(path)

    assert not any("Helvetica" in font for font in drawn(tmp_path / "in.pdf", True)), (
        "ReportLab's renderer no longer starts a drawing from shapes.STATE_DEFAULTS['fontName'] "
        "read as it draws: drawings_default_font no longer keeps an unembedded Helvetica out "
        "of pages with a chart or a logo"
    )
    assert any("Helvetica" in font for font in drawn(tmp_path / "out.pdf", False)), (
        "ReportLab's renderer no longer selects Helvetica for a drawing by default: "
        "drawings_default_font may no longer be needed"
    )


def test_drawings_default_font_is_restored_even_on_error(latin: str) -> None:
    before = dict.__getitem__(shapes.STATE_DEFAULTS, "fontName")  # a callable, in 5.1
    with pytest.raises(RuntimeError), drawings_default_font(latin):
        assert shapes.STATE_DEFAULTS["fontName"] == latin
        raise RuntimeError
    assert dict.__getitem__(shapes.STATE_DEFAULTS, "fontName") is before


def test_register_puts_a_font_in_place_of_a_names_first_and_keeps_one_font_per_face() -> None:
    """pdfmetrics._fonts and pdfmetrics._dynFaceNames: registerFont ignores a second font
    under a name, and gives a name registered for a face it has that face's first font."""
    sans, serif = str(FONTS / "NotoSans-Bold.ttf"), str(FONTS / "NotoSerif-Bold.ttf")
    pdfmetrics.registerFont(TTFont("Test-RL-Bold", sans))
    pdfmetrics.registerFont(TTFont("Test-RL-Heading", sans))
    first = pdfmetrics.getFont("Test-RL-Bold")
    pdfmetrics.registerFont(TTFont("Test-RL-Heading", serif))
    assert pdfmetrics.getFont("Test-RL-Heading") is first  # kept, and shared by face
    register(TTFont("Test-RL-Heading", serif))  # the heading is now another file
    assert pdfmetrics.getFont("Test-RL-Heading").face.name == b"NotoSerif-Bold"
    assert pdfmetrics.getFont("Test-RL-Bold") is first
    register(TTFont("Test-RL-Italic", sans))  # a third name for the bold face: its one font
    assert pdfmetrics.getFont("Test-RL-Italic") is first
    replaced = TTFont("Test-RL-Bold", sans)  # the file replaced: every name of it moves
    register(replaced, ["Test-RL-Italic"])
    assert pdfmetrics.getFont("Test-RL-Bold") is replaced
    assert pdfmetrics.getFont("Test-RL-Italic") is replaced
    register(TTFont("Test-RL-Other", sans))
    assert pdfmetrics.getFont("Test-RL-Other") is replaced


def test_a_font_kept_for_another_name_is_renamed_for_it(tmp_path: Path) -> None:
    """A document maps each font by its fontName: the old font a name leaves, which another
    name still has, takes that name, so that two fonts never share one."""
    sans, serif = str(FONTS / "NotoSans-BoldItalic.ttf"), str(FONTS / "NotoSerif-Regular.ttf")
    register(TTFont("Test-RL-Text", sans))
    register(TTFont("Test-RL-Aside", sans))  # the same face: the same font
    kept = pdfmetrics.getFont("Test-RL-Aside")
    register(TTFont("Test-RL-Text", serif))
    assert pdfmetrics.getFont("Test-RL-Aside") is kept and kept.fontName == "Test-RL-Aside"
    canvas = Canvas(str(tmp_path / "both.pdf"))
    for y, name in ((700, "Test-RL-Text"), (680, "Test-RL-Aside")):
        canvas.setFont(name, 10)
        canvas.drawString(72, y, name)
    canvas.save()
    embedded = {f.split("+")[1] for f in page_fonts(tmp_path / "both.pdf") if "+" in f}
    assert embedded == {"NotoSans-BoldItalic", "NotoSerif-Regular"}


def test_a_reportlab_without_harfbuzz_is_refused_not_used_unshaped() -> None:
    from briefgen.errors import BuildFailed

    assert ttfonts.uharfbuzz is not None, "ReportLab's ttfonts no longer holds uharfbuzz"
    font = TTFont("Test-RL-No-HarfBuzz", str(FONTS / "NotoSans-Regular.ttf"))
    with swapped(ttfonts, uharfbuzz=None):  # as its bare try leaves it, interrupted
        assert not font.shapable
        with pytest.raises(BuildFailed, match="cannot load HarfBuzz"):
            register(font)
    assert "Test-RL-No-HarfBuzz" not in pdfmetrics.getRegisteredFontNames()

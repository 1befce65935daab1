"""Guards on the ReportLab internals briefgen.rl.textobject relies on: each test exercises one
assumption and names it when it fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph

from briefgen.rl.fonts import ShapingFont

from .conftest import REPO

KHMER = "Test-RL-Khmer"
WORD = "កម្ពុជា"  # a subscript consonant, then a vowel below it: two different rises


@pytest.fixture(scope="module")
def khmer() -> str:
    font = REPO / "assets" / "fonts" / "NotoSansKhmer-Regular.ttf"
    pdfmetrics.registerFont(ShapingFont(KHMER, str(font)))
    return KHMER


def drawn(
    text: str, text_object: type[PDFTextObject], path: Path, width: float = 500, **style: Any
) -> Canvas:
    """Draw a paragraph whose text goes through `text_object`; return its (saved) canvas."""

    class Drawn(Paragraph):
        def beginText(self, x: float, y: float) -> PDFTextObject:
            return text_object(self.canv, x, y)

    canvas = Canvas(str(path), pageCompression=0)
    para = Drawn(text, ParagraphStyle("p", **style))
    para.wrapOn(canvas, width, 500)
    para.drawOn(canvas, 50, 500)
    canvas.save()
    return canvas


def test_code_is_the_list_of_operators_get_code_joins(tmp_path: Path) -> None:
    text = Canvas(str(tmp_path / "c.pdf")).beginText(10, 10)
    text._code.append("/P BMC")
    code = text.getCode()
    assert code.endswith("Tm /P BMC ET") and code == " ".join(text._code), (
        "PDFTextObject.getCode no longer joins the operators listed in _code: TextObject's "
        "marked-content operators (BDC, EMC) and rise corrections would not be written"
    )


def test_paragraphs_write_each_line_through_text_out_with_t_star_at_its_end(
    tmp_path: Path,
) -> None:
    calls: list[tuple[str, int]] = []

    class Recording(PDFTextObject):
        def _textOut(self, text: str, TStar: int = 0) -> None:
            calls.append((text, TStar))
            super()._textOut(text, TStar)

    words = "one two three four five six seven eight nine ten"
    drawn(f"<b>{words}</b> end", Recording, tmp_path / "p.pdf", width=60)
    assert calls and " ".join(t for t, _s in calls).split() == [*words.split(), "end"], (
        "ReportLab's paragraph no longer writes its text through the text object's _textOut: "
        "TextObject would neither mark the text nor keep the space where a line wraps"
    )
    assert sum(1 for _t, t_star in calls if t_star) > 2 and calls[-1][1], (
        "ReportLab's paragraph no longer calls _textOut with TStar for a line's last run: "
        "TextObject would not know where a line wraps"
    )


def test_format_text_output_is_what_the_content_stream_shows(tmp_path: Path) -> None:
    class Marking(PDFTextObject):
        def _formatText(self, text: str) -> str:
            return f"/Span BMC {super()._formatText(text)} EMC"

    drawn("<b>Hello</b> world", Marking, tmp_path / "f.pdf", fontName="Helvetica")
    assert b"/Span BMC (Hello) Tj EMC" in (tmp_path / "f.pdf").read_bytes(), (
        "What PDFTextObject._formatText returns is no longer what the content stream shows: "
        "TextObject's /ActualText spans would be lost"
    )


def test_set_rise_keeps_the_rise_in_rise_and_lowers_y_by_it(tmp_path: Path) -> None:
    text = Canvas(str(tmp_path / "r.pdf")).beginText(10, 100)
    text.setRise(3)
    assert (text._code[-1], text._rise, text._y) == ("3 Ts", 3, 97), (
        "PDFTextObject.setRise no longer keeps the rise in effect in _rise and lowers _y by it: "
        "TextObject.setRise, which follows that convention, would undo rises wrongly"
    )
    text.setRise(-2)  # straight after: ReportLab replaces the operator...
    assert (text._code[-1], text._y) == ("-2 Ts", 100)
    assert text._rise == 3, (  # ...and forgets the new rise
        "PDFTextObject.setRise now records the rise when it replaces a rise operator: "
        "TextObject.setRise's correction may no longer be needed"
    )


def test_shaped_text_is_raised_through_set_rise_compared_with_rise(
    khmer: str, tmp_path: Path
) -> None:
    rises: list[tuple[float, float]] = []  # (the rise in effect, the new one)

    class Recording(PDFTextObject):
        def setRise(self, rise: float) -> None:
            rises.append((self._rise, rise))
            super().setRise(rise)

    drawn(WORD, Recording, tmp_path / "s.pdf", fontName=khmer, fontSize=20, shaping=1)
    assert rises and all(now != new for now, new in rises), (
        "ReportLab no longer raises shaped glyphs through the text object's setRise when a "
        "glyph's rise differs from _rise: TextObject's rise correction would not be applied"
    )


def test_link_record_is_called_at_a_links_start_and_end(tmp_path: Path) -> None:
    events: list[tuple[Any, str]] = []

    class Recording(PDFTextObject):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            self._linkRecord = lambda link, event: events.append((link, event))

    drawn('See <a href="https://example.org">the report</a>.', Recording, tmp_path / "l.pdf")
    assert [event for _l, event in events] == ["start", "end"], (
        "ReportLab's paragraph no longer reports a link's start and end to the text object's "
        "_linkRecord: TextObject could not tag link text as a Link element"
    )
    assert events[0][0][1] == "https://example.org", (
        "ReportLab's paragraph no longer passes _linkRecord the link as (number, target): "
        "TextMarks could not tell which link starts"
    )


def test_shaped_strings_carry_one_shape_data_entry_per_glyph(khmer: str) -> None:
    para = Paragraph(WORD, ParagraphStyle("k", fontName=khmer, fontSize=20, shaping=1))
    para.wrap(500, 500)
    [word] = para.blPara.lines[0].words
    text = word.text
    assert isinstance(text, ShapedStr) and len(text.__shapeData__) == len(text), (
        "ReportLab's shaped text is no longer a ShapedStr whose __shapeData__ has one entry "
        "per glyph: logical_text could not find the words shaped glyphs came from"
    )
    assert {data.cluster for data in text.__shapeData__} <= set(range(len(WORD)))
    joined = text + " "
    assert joined.__shapeData__[: len(text)] == text.__shapeData__, (
        "Adding text to a ShapedStr no longer keeps its __shapeData__ in step"
    )

"""Guards what briefgen.rl.drawing relies on in ReportLab's PDF renderer (renderPDF's private
_PDFRenderer): it calls drawString(node) for each String of a drawing, with the string's font
state in self._tracker.getState() and the canvas in self._canvas. If these fail, a chart's
text in a language's own fonts is no longer set (and shaped) by briefgen's line drawer."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from briefgen import api, fonts
from briefgen.fonts import BOLD, REGULAR
from briefgen.rl.drawing import draw_with_lines

from .conftest import copy_case


@pytest.fixture(scope="module", autouse=True)
def registered(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The brief's fonts, registered: the renderer sets a string's font on the canvas."""
    project, _ = api.load(copy_case("minimal", tmp_path_factory.mktemp("drawing") / "p"))
    fonts.register(project)


def draw(drawing: Drawing) -> tuple[list[tuple[Any, ...]], bytes]:
    """The calls `drawing`'s text makes to a line drawer, and the page's content."""
    calls: list[tuple[Any, ...]] = []

    def line(canv: Any, text: str, x: float, y: float, size: float, colour: Any, **kw: Any):
        calls.append((canv, text, x, y, size, colour, kw["bold"], kw["anchor"]))
        return 0.0

    buffer = io.BytesIO()
    canv = Canvas(buffer, pageCompression=0)
    draw_with_lines(drawing, canv, line)
    canv.showPage()
    canv.save()
    for call in calls:
        assert call[0] is canv, (
            "ReportLab's _PDFRenderer no longer keeps the canvas it draws on in self._canvas: "
            "a chart's text would be drawn elsewhere"
        )
    return [call[1:] for call in calls], buffer.getvalue()


def test_each_string_goes_to_the_line_drawer_with_its_font_state() -> None:
    drawing = Drawing(200, 100)
    drawing.add(String(10, 20, "Held", fontName=BOLD, fontSize=13, fillColor=colors.red))
    drawing.add(
        String(150, 60, "41,200", fontName=REGULAR, fontSize=7, textAnchor="numeric"),
    )
    calls, content = draw(drawing)
    assert calls == [
        ("Held", 10, 20, 13, colors.red, True, "start"),
        ("41,200", 150, 60, 7, colors.black, False, "end"),
    ], (
        "ReportLab's _PDFRenderer no longer calls drawString(node) with the string's font "
        "name, size, fill colour and anchor in self._tracker.getState(): a chart's text in a "
        "language's own fonts would not be set (and shaped) by briefgen's line drawer"
    )
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert not text.strip(), f"ReportLab's renderer drew a chart's strings itself too: {text!r}"

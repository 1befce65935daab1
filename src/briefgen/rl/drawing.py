"""A chart's text set by briefgen's line drawer, not by ReportLab's drawString.

matplotlib does not shape a language's own script, so a chart's strings are set over the
drawing by the same line drawer as the running heads (HarfBuzz through a paragraph). This
subclasses ReportLab's private PDF renderer (`renderPDF._PDFRenderer`) and reads the font
state it keeps in `self._tracker`; tests/test_rl_drawing.py guards both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.graphics.renderbase import renderScaledDrawing
from reportlab.graphics.renderPDF import _PDFRenderer

from ..fonts import BOLD, BOLD_ITALIC

# (canvas, text, x, y, size, colour, bold=..., anchor=...) -> the width drawn
LineDrawer = Callable[..., float]

_ANCHORS = {"middle": "middle", "end": "end", "numeric": "end"}  # drawing's -> line drawer's


class _ShapingRenderer(_PDFRenderer):
    """ReportLab's PDF renderer, with a drawing's text set by a line drawer."""

    def __init__(self, line: LineDrawer) -> None:
        super().__init__()
        self._line = line

    def drawString(self, node: Any) -> None:
        state = self._tracker.getState()
        self._line(
            self._canvas,
            node.text,
            node.x,
            node.y,
            state["fontSize"],
            state["fillColor"],
            bold=state["fontName"] in (BOLD, BOLD_ITALIC),
            anchor=_ANCHORS.get(state["textAnchor"], "start"),
        )


def draw_with_lines(drawing: Any, canv: Any, line: LineDrawer) -> None:
    """Draw `drawing` at the canvas' origin, each of its strings set by `line`."""
    canv.saveState()
    _ShapingRenderer(line).draw(renderScaledDrawing(drawing), canv, 0, 0)
    canv.restoreState()

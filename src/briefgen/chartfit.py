"""Fitting a chart's text: measured in the brief's fonts, wrapped, and kept from colliding.

matplotlib puts text where it is told; these helpers decide what a label says and where it
goes from the text's real extents, measured by the renderer that writes the SVG (so as it will
be drawn). All lengths are points: charts are drawn at 72 dots per inch.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

GAP = 2.0  # the least room between two things that must not touch (points)
ELLIPSIS = "…"


class Measure:
    """Text extents in points, from matplotlib's SVG renderer (imports matplotlib)."""

    def __init__(self, width: float, height: float) -> None:
        from matplotlib.backends.backend_svg import RendererSVG
        from matplotlib.figure import Figure

        self.renderer = RendererSVG(width, height, io.StringIO())
        self._figure = Figure(dpi=72)
        self._heights: dict[tuple[float, int, bool], float] = {}

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """The width of one line of `text` set at `size` points."""
        from matplotlib.font_manager import FontProperties

        prop = FontProperties(size=size, weight="bold" if bold else "normal")
        return self.renderer.get_text_width_height_descent(text, prop, ismath=False)[0]

    def height(self, size: float, lines: int = 1, bold: bool = False) -> float:
        """The height of a text of `lines` lines set at `size` points, as matplotlib boxes it."""
        from matplotlib.text import Text

        key = (size, lines, bold)
        if key not in self._heights:
            text = Text(0, 0, "\n".join(["Ég"] * lines), fontsize=size)
            text.set_fontweight("bold" if bold else "normal")
            text.set_figure(self._figure)
            self._heights[key] = self.box(text).height
        return self._heights[key]

    def line(self, size: float) -> float:
        """The distance between two lines' baselines, as matplotlib sets multi-line text."""
        return self.height(size, 2) - self.height(size)

    def box(self, artist: Any) -> Any:
        """Where an artist (a text, a bar) is drawn: a Bbox in points from the figure's corner."""
        return artist.get_window_extent(self.renderer)


def _cut(word: str, limit: float, width: Callable[[str], float]) -> int:
    """Where to break a word too long for a line: the most characters that fit (at least one),
    never separating a mark from its letter or a Khmer subscript sign from what follows."""
    best = 1
    for i in range(2, len(word)):
        if width(word[:i]) > limit:
            break
        if not unicodedata.category(word[i]).startswith("M") and word[i - 1] != "\u17d2":
            best = i
    return best


def wrap(text: str, limit: float, width: Callable[[str], float], lines: int = 3) -> list[str]:
    """`text` word-wrapped into lines at most `limit` wide, breaking a word longer than a line;
    past `lines` lines the last one ends in an ellipsis."""
    out: list[str] = []
    current = ""
    for word in text.split():
        joined = f"{current} {word}" if current else word
        if width(joined) <= limit:
            current = joined
            continue
        if current:
            out.append(current)
        while len(word) > 1 and width(word) > limit and len(out) <= lines:
            cut = _cut(word, limit, width)
            out.append(word[:cut])
            word = word[cut:]
        current = word
        if len(out) > lines:
            break
    if current:
        out.append(current)
    if len(out) <= lines:
        return out
    last = out[lines - 1]
    while len(last) > 1 and width(last + ELLIPSIS) > limit:
        last = last[:-1]
    return [*out[: lines - 1], last.rstrip() + ELLIPSIS]


def overlaps(a: Any, b: Any, gap: float = GAP / 2) -> bool:
    """Whether two boxes come closer than `gap`."""
    return a.x0 < b.x1 + gap and b.x0 < a.x1 + gap and a.y0 < b.y1 + gap and b.y0 < a.y1 + gap


def inside(box: Any, frame: Any) -> bool:
    """Whether `box` lies within `frame` (a Bbox), edges allowed to touch."""
    return (
        box.x0 >= frame.x0 - 0.01
        and box.x1 <= frame.x1 + 0.01
        and box.y0 >= frame.y0 - 0.01
        and box.y1 <= frame.y1 + 0.01
    )


def clear(box: Any, obstacles: Iterable[Any]) -> bool:
    """Whether `box` keeps clear of every obstacle."""
    return not any(overlaps(box, other) for other in obstacles)


def kept(boxes: list[Any], order: list[int], obstacles: list[Any], frame: Any) -> list[int]:
    """The labels (by index into `boxes`) kept when not all fit: taken in `order`, each kept if
    it lies within `frame` and clear of the obstacles and of the labels kept before it."""
    taken: list[int] = []
    for i in order:
        if inside(boxes[i], frame) and clear(boxes[i], [*obstacles, *(boxes[j] for j in taken)]):
            taken.append(i)
    return sorted(taken)

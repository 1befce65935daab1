"""The two kinds of path svglib draws that ReportLab lacks, as briefgen's own classes.

svglib's NoStrokePath and ClippingPath only change the properties a path is painted with. A
drawing whose paths are of svglib's classes needs svglib imported (50 ms, with lxml) to be read
back from the chart cache; with these, a build that finds every chart cached never imports it.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.shapes import Group, Path


class NoStrokePath(Path):
    """A path filled and never stroked (svglib's, for a filled shape from an open path)."""

    def getProperties(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        props: dict[str, Any] = super().getProperties(*args, **kwargs)
        if "strokeWidth" in props:
            props["strokeWidth"] = 0
        if "strokeColor" in props:
            props["strokeColor"] = None
        return props


class ClippingPath(Path):
    """A path that is neither filled nor stroked, only clips (svglib's, for clip-path)."""

    def getProperties(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        props: dict[str, Any] = super().getProperties(*args, **kwargs)
        if "fillColor" in props:
            props["fillColor"] = None
        if "strokeColor" in props:
            props["strokeColor"] = None
        return props


def detach(node: Any) -> None:
    """Give every path of svglib's own classes in the drawing `node` its twin class here: the
    same state, painted the same way."""
    from svglib import svglib

    twins = {svglib.NoStrokePath: NoStrokePath, svglib.ClippingPath: ClippingPath}
    stack = [node]
    while stack:
        current = stack.pop()
        if type(current) in twins:  # past ReportLab's __setattr__, which would store it
            object.__setattr__(current, "__class__", twins[type(current)])
        if isinstance(current, Group):
            stack.extend(current.contents)

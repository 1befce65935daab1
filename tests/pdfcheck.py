"""Reading a built PDF as a reader checks it: lines of each paragraph, and what lies outside
the page (pypdf's text visitor, with charts' and decorations' text set aside)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader

# A line that ends inside a figure or a citation mark, and the next line going on with it.
_END = re.compile(r"(?:^|[^\w])[\d.,–\[\]]*[\d\[,–%×]$")
_START = re.compile(r"^[\d\[\],–][\d.,–\[\]%×]*(?:[^\w]|$)")


@dataclass
class Body:
    """The text of a PDF's content, the text of figures (charts) and artifacts (running
    heads, page numbers) aside, as it is drawn."""

    text: str = ""  # all of it, in the order drawn
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (a line, the next line)
    outside: list[str] = field(default_factory=list)  # text drawn off the page


def read_body(reader: PdfReader) -> Body:
    """The body of the PDF `reader` reads: its text, each paragraph's pairs of lines (within
    a text object), and the text drawn off the page."""
    body = Body()
    pairs, outside, parts = body.pairs, body.outside, []
    for page in reader.pages:
        state: dict[str, Any] = {
            "tags": [],
            "line": None,
            "y": None,
            "width": float(page.mediabox.width),
            "height": float(page.mediabox.height),
        }

        def before(op: bytes, args: list[Any], cm: Any, tm: Any, state: dict = state) -> None:
            if op in (b"BDC", b"BMC"):
                state["tags"].append(str(args[0]))
            elif op == b"EMC" and state["tags"]:
                state["tags"].pop()
            elif op == b"BT":
                state["line"], state["y"] = None, None

        def text(t: str, cm: Any, tm: Any, font: Any, size: float, state: dict = state) -> None:
            if not t.strip() or "/Figure" in state["tags"] or "/Artifact" in state["tags"]:
                return
            x = tm[4] * cm[0] + cm[4]
            y = tm[5] * cm[3] + cm[5]
            parts.append(t)
            if not (-1 <= x <= state["width"] and -1 <= y <= state["height"]):
                outside.append(t)
            if state["y"] is not None and y < state["y"] - 0.5 and state["line"]:
                pairs.append((state["line"].rstrip(), t.lstrip()))
                state["line"] = ""
            state["line"] = (state["line"] or "") + t
            state["y"] = y

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    body.text = "".join(parts)
    return body


def broken_figures(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The line breaks that fall inside a figure or a citation mark."""
    return [(a[-12:], b[:12]) for a, b in pairs if _END.search(a) and _START.match(b)]


def text_of(path: Path) -> str:
    """The text of every page of a PDF, its runs of white space made one space."""
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())

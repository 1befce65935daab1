"""The text of a page's marked content, as a screen reader gets it: each marked-content
sequence's characters (decoded through the fonts' ToUnicode maps, or a span's /ActualText),
with the places where a new line starts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pikepdf

NEW_LINE = "\n"  # stands, in a sequence's text, where a new line of text starts
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_NEW_LINE_OPERATORS = {"BT", "T*", "'", '"', "Td", "TD", "Tm"}


@dataclass
class PageText:
    """The text of each marked-content sequence of a page, by MCID; and the painting
    operators found outside any tagged or artifact sequence."""

    sequences: dict[int, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    untagged: int = 0


def unicode_map(font: Any, cache: dict[tuple[int, int], dict[int, str]]) -> dict[int, str]:
    """A font's character codes (one byte: briefgen's fonts are simple fonts) to text, read
    from its ToUnicode CMap; {} if it has none."""
    key = font.objgen
    if key in cache and key != (0, 0):
        return cache[key]
    out: dict[int, str] = {}
    cmap = font.get("/ToUnicode")
    if cmap is not None:
        data = cmap.read_bytes()
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.DOTALL):
            pairs = _HEX.findall(block)
            for code, text in zip(pairs[::2], pairs[1::2], strict=False):
                out[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.DOTALL):
            values = _HEX.findall(block)
            for low, high, start in zip(values[::3], values[1::3], values[2::3], strict=False):
                first = int.from_bytes(bytes.fromhex(start.decode()), "big")
                for i, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                    out[code] = chr(first + i)
    cache[key] = out
    return out


def page_text(
    page: Any, painting: set[str], cache: dict[tuple[int, int], dict[int, str]]
) -> PageText:
    """The text of every marked-content sequence of `page` (a pikepdf Page), and the checks
    of its marking: sequences with MCIDs not nested nor repeated, every one closed."""
    out = PageText()
    resources = page.obj.get("/Resources")
    fonts = resources.get("/Font") if resources is not None else None
    codes: dict[int, str] = {}
    # open sequences: (tag, MCID or None, ActualText or None)
    stack: list[tuple[str, int | None, str | None]] = []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            props = operands[1] if op == "BDC" and len(operands) > 1 else None
            props = props if isinstance(props, pikepdf.Dictionary) else None
            mcid = int(props["/MCID"]) if props is not None and "/MCID" in props else None
            actual = (
                str(props["/ActualText"]) if props is not None and "/ActualText" in props else None
            )
            if mcid is not None:
                if any(m is not None for _t, m, _a in stack):
                    out.problems.append(f"marked content {mcid} is nested in another")
                if mcid in out.sequences:
                    out.problems.append(f"marked content {mcid} appears twice")
                out.sequences[mcid] = ""
            stack.append((str(operands[0]) if operands else "", mcid, actual))
            if actual is not None:
                _add(out, stack, actual)
        elif op == "EMC":
            if not stack:
                out.problems.append("EMC closes no marked-content sequence")
            else:
                stack.pop()
        elif op == "Tf" and fonts is not None:
            font = fonts.get(str(operands[0]))
            codes = unicode_map(font, cache) if font is not None else {}
        elif op in _NEW_LINE_OPERATORS and not (op in ("Td", "TD") and float(operands[1]) == 0):
            _add(out, stack, NEW_LINE)  # (a move along the line is not a new one)
        if op in painting:
            if not any(t == "/Artifact" or m is not None for t, m, _a in stack):
                out.untagged += 1
            if op in ("Tj", "TJ", "'", '"') and not any(a is not None for _t, _m, a in stack):
                _add(out, stack, _decoded(operands, codes))
    if stack:
        out.problems.append("a marked-content sequence is not closed")
    return out


def _decoded(operands: Any, codes: dict[int, str]) -> str:
    strings = operands[-1] if operands else []
    if isinstance(strings, pikepdf.String):
        strings = [strings]
    return "".join(
        codes.get(b, "\ufffd") for s in strings if isinstance(s, pikepdf.String) for b in bytes(s)
    )


def _add(out: PageText, stack: list[tuple[str, int | None, str | None]], text: str) -> None:
    """Text drawn (or a new line started) in the innermost sequence with an MCID."""
    for _tag, mcid, _actual in reversed(stack):
        if mcid is not None:
            out.sequences[mcid] += text
            return

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
_NEW_LINE = {"BT", "T*", "'", '"', "Td", "TD", "Tm"}
_SHOWING = {"Tj", "TJ", "'", '"'}
_UNMAPPED = dict.fromkeys(range(256), "\ufffd")  # the codes of text drawn in no known font


@dataclass
class PageText:
    """The text of each marked-content sequence of a page, by MCID; and the painting
    operators found outside any tagged or artifact sequence."""

    sequences: dict[int, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    untagged: int = 0


def unicode_map(font: Any, cache: dict[tuple[int, int], dict[int, str]]) -> dict[int, str]:
    """A font's character codes (one byte: briefgen's fonts are simple fonts) to text, read
    from its ToUnicode CMap, as a table for str.translate (of the codes read as Latin-1): a
    code it does not map, or every code if it has none, is U+FFFD."""
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
    table = {code: out.get(code, "\ufffd") for code in range(256)}
    cache[key] = table
    return table


def page_text(
    page: Any, painting: set[str], cache: dict[tuple[int, int], dict[int, str]]
) -> PageText:
    """The text of every marked-content sequence of `page` (a pikepdf Page), and the checks
    of its marking: sequences with MCIDs not nested nor repeated, every one closed."""
    out = PageText()
    resources = page.obj.get("/Resources")
    fonts = resources.get("/Font") if resources is not None else None
    codes = _UNMAPPED
    tables: dict[str, dict[int, str]] = {}  # font resource name -> its codes
    # Each open sequence: (MCID it adds text to, or None; whether it is tagged or an artifact;
    # whether its text comes from an /ActualText), each as of that depth, so that every
    # operator is checked in constant time (this runs on every build).
    stack: list[tuple[int | None, bool, bool]] = []
    mcid: int | None = None  # the innermost open sequence with an MCID
    marked = actual = False
    wanted = " ".join({"BDC", "BMC", "EMC", "Tf", "BI", "ID", "EI"} | _NEW_LINE | painting)
    # (an instruction's operator and operands are read as attributes, and its operands only
    # where needed: unpacking it as a pair costs ten times as much)
    for instruction in pikepdf.parse_content_stream(page, wanted):
        op = str(instruction.operator)
        if op == "BDC" or op == "BMC":
            operands = instruction.operands
            props = operands[1] if op == "BDC" and len(operands) > 1 else None
            props = props if isinstance(props, pikepdf.Dictionary) else None
            own = int(props["/MCID"]) if props is not None and "/MCID" in props else None
            if own is not None:
                if mcid is not None:
                    out.problems.append(f"marked content {own} is nested in another")
                if own in out.sequences:
                    out.problems.append(f"marked content {own} appears twice")
                out.sequences[own] = ""
            stack.append((mcid, marked, actual))
            mcid = own if own is not None else mcid
            marked = marked or own is not None or str(operands[0]) == "/Artifact"
            if props is not None and "/ActualText" in props:
                actual = True
                _add(out, mcid, str(props["/ActualText"]))
        elif op == "EMC":
            if not stack:
                out.problems.append("EMC closes no marked-content sequence")
            else:
                mcid, marked, actual = stack.pop()
        elif op == "Tf" and fonts is not None:
            name = str(instruction.operands[0])
            if name not in tables:  # a page sets its few fonts again and again
                font = fonts.get(name)
                tables[name] = unicode_map(font, cache) if font is not None else _UNMAPPED
            codes = tables[name]
        elif op in _NEW_LINE and (op not in ("Td", "TD") or float(instruction.operands[1])):
            _add(out, mcid, NEW_LINE)  # (a move along the line is not a new one)
        if op in painting:
            if not marked:
                out.untagged += 1
            if op in _SHOWING and not actual and mcid is not None:
                _add(out, mcid, _decoded(instruction.operands, codes))
    if stack:
        out.problems.append("a marked-content sequence is not closed")
    return out


def _decoded(operands: Any, codes: dict[int, str]) -> str:
    strings = operands[-1] if operands else []
    if isinstance(strings, pikepdf.String):
        strings = [strings]
    return "".join(
        bytes(s).decode("latin-1").translate(codes)
        for s in strings
        if isinstance(s, pikepdf.String)
    )


def _add(out: PageText, mcid: int | None, text: str) -> None:
    """Text drawn (or a new line started) in the sequence `mcid`, if any."""
    if mcid is not None:
        out.sequences[mcid] += text

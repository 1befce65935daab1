"""Check a built brief against PDF/UA-1's machine-checkable rules, as far as they concern
briefs: tagging and marking, the structure tree and its ParentTree, headings, tables, figures,
links, fonts, language, title and XMP. Findings name their page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

# Operators that paint: text showing, XObjects and shadings, inline images, path painting.
_PAINTING = {
    b"Tj", b"TJ", b"'", b'"', b"Do", b"sh", b"BI",
    b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*",
}  # fmt: skip
_HEADING = re.compile(r"/H([1-6])$")


@dataclass(frozen=True)
class Finding:
    page: int | None  # 1-based; None for the document as a whole
    message: str

    def __str__(self) -> str:
        return f"page {self.page}: {self.message}" if self.page else self.message


@dataclass
class Report:
    """What `verify` found in one PDF, and what it counted."""

    findings: list[Finding] = field(default_factory=list)
    elements: int = 0
    sequences: int = 0

    def add(self, message: str, page: int | None = None) -> None:
        self.findings.append(Finding(page, message))


class NotAPdf(Exception):
    """The file cannot be read as a PDF."""


class NotAccessible(Exception):
    """A brief just built fails its accessibility check (a defect of briefgen's)."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("; ".join(str(f) for f in findings))
        self.findings = findings


def verify(path: Path) -> Report:
    """Check the PDF at `path`; NotAPdf if it cannot be parsed."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # a broken file is reported once

    try:
        reader = PdfReader(path)
        catalog = reader.trailer["/Root"]
        pages = list(reader.pages)
    except (PyPdfError, OSError, KeyError, ValueError, TypeError) as exc:
        raise NotAPdf(str(exc)) from exc
    report = Report()
    _document(reader, catalog, report)
    page_numbers = {page.indirect_reference.idnum: i for i, page in enumerate(pages)}
    marked = [_content(page, i + 1, report) for i, page in enumerate(pages)]
    seen: set[int] = set()
    for i, page in enumerate(pages):
        _fonts(page.get("/Resources"), i + 1, report, seen)
    root = catalog.get("/StructTreeRoot")
    if root is None:
        report.add("no structure tree (/StructTreeRoot): the PDF is not tagged")
    else:
        _structure(root.get_object(), pages, page_numbers, marked, report)
    return report


def _document(reader: Any, catalog: Any, report: Report) -> None:
    mark_info = catalog.get("/MarkInfo")
    if mark_info is None or not mark_info.get_object().get("/Marked"):
        report.add("the catalog does not say the PDF is tagged (/MarkInfo /Marked true)")
    if not str(catalog.get("/Lang") or "").strip():
        report.add("no document language (/Lang in the catalog)")
    title = (reader.metadata or {}).get("/Title")
    if not title or not str(title).strip():
        report.add("no document title (/Title in the document information)")
    preferences = catalog.get("/ViewerPreferences")
    if preferences is None or not preferences.get_object().get("/DisplayDocTitle"):
        report.add("viewers are not asked to show the title (/DisplayDocTitle true)")
    metadata = catalog.get("/Metadata")
    xmp = metadata.get_object().get_data().decode("utf-8", "replace") if metadata else ""
    if not re.search(r"<pdfuaid:part>\s*1\s*</pdfuaid:part>", xmp):
        report.add("the XMP metadata does not identify PDF/UA-1 (pdfuaid:part 1)")
    if "<dc:title>" not in xmp:
        report.add("the XMP metadata has no dc:title")


def _content(page: Any, number: int, report: Report) -> set[int]:
    """Check that every painting operator of the page is inside a tagged or an artifact
    sequence, and that sequences with MCIDs do not nest; return the page's MCIDs."""
    if page.get("/Tabs") != "/S":
        report.add("the tab order does not follow the structure (/Tabs /S)", number)
    contents = page.get_contents()
    if contents is None:
        return set()
    stack: list[tuple[bytes, int | None]] = []  # (tag, MCID) of the open sequences
    mcids: set[int] = set()
    untagged = 0
    for operator, operands in _operations(contents.get_data()):
        if operator in (b"BDC", b"BMC"):
            mcid = None
            if b"/MCID" in operands:
                mcid = int(operands[operands.index(b"/MCID") + 1])
                if any(m is not None for _t, m in stack):
                    report.add(f"marked content {mcid} is nested in another", number)
                if mcid in mcids:
                    report.add(f"marked content {mcid} appears twice", number)
                mcids.add(mcid)
            stack.append((operands[0] if operands else b"", mcid))
        elif operator == b"EMC":
            if not stack:
                report.add("EMC closes no marked-content sequence", number)
            else:
                stack.pop()
        elif operator in _PAINTING and not any(
            t == b"/Artifact" or m is not None for t, m in stack
        ):
            untagged += 1
    if stack:
        report.add("a marked-content sequence is not closed", number)
    if untagged:
        report.add(f"{untagged} painting operator(s) neither tagged nor artifact", number)
    report.sequences += len(mcids)
    return mcids


# Content stream tokens: strings (with one level of nested parentheses), hex strings,
# dictionary and array brackets, names, comments, and numbers or operators.
_TOKEN = re.compile(
    rb"\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)|<[0-9A-Fa-f\s]*>|<<|>>|\[|\]"
    rb"|/[^\s/\[\]()<>{}%]*|%[^\r\n]*|[^\s/\[\]()<>{}%]+",
    re.S,
)
_OPERAND = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)$|true$|false$|null$")


def _operations(data: bytes) -> Iterator[tuple[bytes, list[bytes]]]:
    """(operator, operand tokens) of a content stream, quickly (pypdf's parser builds an
    object per token); an inline image's data is skipped whole."""
    operands: list[bytes] = []
    position = 0
    while match := _TOKEN.search(data, position):
        token = match.group()
        position = match.end()
        if token[:1] in b"(<>[]/%" or _OPERAND.match(token):
            operands.append(token)
            continue
        if token == b"ID":  # inline image data, up to EI
            end = data.find(b"EI", position)
            position = len(data) if end < 0 else end + 2
            token = b"BI"
        yield token, operands
        operands = []


def _structure(
    root: Any,
    pages: list[Any],
    page_numbers: dict[int, int],
    marked: list[set[int]],
    report: Report,
) -> None:
    """Walk the structure tree: every MCID of the content is claimed by exactly the element
    the ParentTree names; headings in order; figures with alt text; table headers with scope;
    links with their annotation and its description."""
    parent_tree = _number_tree(root.get("/ParentTree"))
    claimed: dict[tuple[int, int], Any] = {}
    headings: list[tuple[int, int | None]] = []
    linked: set[int] = set()

    def page_of(element: Any, default: int | None) -> int | None:
        ref = element.get("/Pg")
        return page_numbers.get(ref.idnum, default) if ref is not None else default

    def walk(element: Any, page: int | None) -> None:
        report.elements += 1
        role = str(element.get("/S", ""))
        page = page_of(element, page)
        shown = page + 1 if page is not None else None
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, list) else ([] if kids is None else [kids])
        if match := _HEADING.match(role):
            headings.append((int(match.group(1)), shown))
        if role == "/Figure" and not (element.get("/Alt") or element.get("/ActualText")):
            report.add("a figure has no alternative text (/Alt)", shown)
        if role == "/TH":
            attributes = element.get("/A")
            if attributes is None or "/Scope" not in attributes.get_object():
                report.add("a table header cell has no /Scope", shown)
        has_annotation = False
        for kid in kids:
            kid_object = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid_object, int):
                claim(page, int(kid_object), element, shown)
            elif kid_object.get("/Type") == "/MCR":
                claim(page_of(kid_object, page), int(kid_object["/MCID"]), element, shown)
            elif kid_object.get("/Type") == "/OBJR":
                has_annotation = True
                annotation = kid_object["/Obj"].get_object()
                linked.add(annotation.indirect_reference.idnum)
                if not annotation.get("/Contents"):
                    report.add("a link has no description (/Contents)", shown)
                key = annotation.get("/StructParent")
                if key is None or parent_tree.get(int(key)) != element.indirect_reference:
                    report.add("a link annotation's /StructParent does not lead back", shown)
            else:
                walk(kid_object, page)
        if role == "/Link" and not has_annotation:
            report.add("a Link element has no link annotation (OBJR)", shown)

    def claim(page: int | None, mcid: int, element: Any, shown: int | None) -> None:
        if page is None:
            report.add(f"marked content {mcid} is claimed with no page", shown)
            return
        if (page, mcid) in claimed:
            report.add(f"marked content {mcid} is claimed twice", page + 1)
        claimed[(page, mcid)] = element
        if mcid not in marked[page]:
            report.add(f"marked content {mcid} is claimed but not in the page", page + 1)
        parents = parent_tree.get(int(pages[page].get("/StructParents", -1)))
        if parents is None or mcid >= len(parents) or parents[mcid] != element.indirect_reference:
            report.add(f"the ParentTree does not lead marked content {mcid} back", page + 1)

    for kid in _as_list(root.get("/K")):
        walk(kid.get_object(), None)
    for page, mcids in enumerate(marked):
        for mcid in sorted(mcids - {m for p, m in claimed if p == page}):
            report.add(f"marked content {mcid} belongs to no structure element", page + 1)
    _heading_order(headings, report)
    for number, page in enumerate(pages, start=1):
        for annotation in page.get("/Annots") or []:
            if (
                annotation.get_object().get("/Subtype") == "/Link"
                and annotation.idnum not in linked
            ):
                report.add("a link annotation is not in the structure tree", number)


def _heading_order(headings: list[tuple[int, int | None]], report: Report) -> None:
    if headings and headings[0][0] != 1:
        report.add(f"the first heading is H{headings[0][0]}, not H1", headings[0][1])
    for (before, _), (level, page) in pairwise(headings):
        if level > before + 1:
            report.add(f"heading H{level} follows H{before}: a level is skipped", page)


def _fonts(resources: Any, number: int, report: Report, seen: set[int]) -> None:
    """Every font embedded and mapped to Unicode, in the page and the forms it paints."""
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        if font.idnum in seen:
            continue
        seen.add(font.idnum)
        font = font.get_object()
        name = str(font.get("/BaseFont", "?"))
        described = font
        if font.get("/Subtype") == "/Type0":
            described = font["/DescendantFonts"][0].get_object()
        descriptor = described.get("/FontDescriptor")
        files = ("/FontFile", "/FontFile2", "/FontFile3")
        if descriptor is None or not any(f in descriptor.get_object() for f in files):
            report.add(f"font {name} is not embedded", number)
        if "/ToUnicode" not in font:
            report.add(f"font {name} has no ToUnicode map", number)
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            _fonts(xobject.get("/Resources"), number, report, seen)


def _number_tree(node: Any) -> dict[int, Any]:
    """A number tree (the ParentTree) as a dict; arrays of references stay lists."""
    out: dict[int, Any] = {}
    if node is None:
        return out
    node = node.get_object()
    nums = node.get("/Nums") or []
    for i in range(0, len(nums) - 1, 2):
        value = nums[i + 1]
        resolved = value.get_object()
        out[int(nums[i])] = list(resolved) if isinstance(resolved, list) else value
    for kid in node.get("/Kids") or []:
        out.update(_number_tree(kid))
    return out


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    value = (
        value.get_object()
        if hasattr(value, "get_object") and not isinstance(value, list)
        else value
    )
    return list(value) if isinstance(value, list) else [value]

"""Check a built brief against PDF/UA-1's machine-checkable rules, as far as they concern
briefs: tagging and marking, the structure tree and its ParentTree, headings, tables, figures,
links, fonts, language, title and XMP. Findings name their page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import pikepdf

from ..errors import NotAPdf
from . import pdfa, reading
from .reading import Node
from .text import PageText, page_text

# Operators that paint: text showing, XObjects and shadings, inline images (as pikepdf names
# them), path painting.
_PAINTING = {
    "Tj", "TJ", "'", '"', "Do", "sh", "INLINE IMAGE",
    "S", "s", "f", "F", "f*", "B", "B*", "b", "b*",
}  # fmt: skip
_HEADING = re.compile(r"/H([1-6])$")


@dataclass(frozen=True)
class AccessibilityFinding:
    """One rule a PDF breaks, and where."""

    page: int | None  # 1-based; None for the document as a whole
    message: str

    def __str__(self) -> str:
        return f"page {self.page}: {self.message}" if self.page else self.message


@dataclass
class AccessibilityReport:
    """What `verify` found in one PDF, and what it counted."""

    findings: list[AccessibilityFinding] = field(default_factory=list)
    elements: int = 0
    sequences: int = 0

    def add(self, message: str, page: int | None = None) -> None:
        """Record a finding, on `page` (1-based) or about the whole document."""
        self.findings.append(AccessibilityFinding(page, message))


class NotAccessible(Exception):
    """A brief just built fails its accessibility check (a defect of briefgen's)."""

    def __init__(self, findings: list[AccessibilityFinding]) -> None:
        super().__init__("; ".join(str(f) for f in findings))
        self.findings = findings


def verify(path: Path, scripts: bool = True) -> AccessibilityReport:
    """Check the PDF at `path`; NotAPdf if it cannot be parsed, is damaged or needs a
    password. `scripts`: also guess, from their script, runs of text in a language other
    than their element's (`briefgen verify`; a build checks its own tagging, not what the
    user typed)."""
    report = AccessibilityReport()
    with _opened(path) as pdf:
        _document(pdf, report)
        tree = _tree(pdf, report)
        if tree is not None:
            lang = str(pdf.Root.get("/Lang", ""))
            reading.read(tree, lang, report.add, scripts)
            reading.unique_ids([n for n in tree.walk() if n.role == "Note"], report.add)
        pdfa.check(pdf, report.add)
    return report


def read_structure(path: Path) -> Node | None:
    """The structure tree of the PDF at `path` as a screen reader reads it: each element with
    the text of its marked content, in reading order; None if the PDF is not tagged."""
    with _opened(path) as pdf:
        return _tree(pdf, AccessibilityReport())


@contextmanager
def _opened(path: Path) -> Iterator[Any]:
    """The PDF at `path`, open; NotAPdf if it cannot be read, is damaged or encrypted."""
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as exc:
        raise NotAPdf(
            f"{path}: encrypted: cannot check (it opens only with a password); check the PDF "
            "briefgen built"
        ) from exc
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise NotAPdf(f"{path}: not a PDF that can be read") from exc
    with pdf:
        damage = [str(w).removeprefix(f"{path}: ") for w in pdf.get_warnings()]
        if damage:  # qpdf read what it could of a cut or corrupt file: findings would be guesses
            raise NotAPdf(
                f"{path}: damaged ({'; '.join(damage[:2])}): cannot check; rebuild it or get a "
                "complete copy"
            )
        yield pdf


def _tree(pdf: Any, report: AccessibilityReport) -> Node | None:
    """The structure tree read with its content, once the pages' marking, fonts and the
    tree's links to the content are checked; None if there is no tree."""
    pages = [page.obj for page in pdf.pages]
    cache: dict[tuple[int, int], dict[int, str]] = {}
    marked = [_content(page, i + 1, report, cache) for i, page in enumerate(pdf.pages)]
    seen: set[tuple[int, int]] = set()
    for i, page in enumerate(pages):
        _fonts(page.get("/Resources"), i + 1, report, seen)
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        report.add("no structure tree (/StructTreeRoot): the PDF is not tagged")
        return None
    return _structure(root, pages, marked, report)


def _document(pdf: Any, report: AccessibilityReport) -> None:
    catalog = pdf.Root
    mark_info = catalog.get("/MarkInfo")
    if mark_info is None or not bool(mark_info.get("/Marked", False)):
        report.add("the catalog does not say the PDF is tagged (/MarkInfo /Marked true)")
    if not str(catalog.get("/Lang", "")).strip():
        report.add("no document language (/Lang in the catalog)")
    if not str(pdf.docinfo.get("/Title", "")).strip():
        report.add("no document title (/Title in the document information)")
    preferences = catalog.get("/ViewerPreferences")
    if preferences is None or not bool(preferences.get("/DisplayDocTitle", False)):
        report.add("viewers are not asked to show the title (/DisplayDocTitle true)")
    metadata = catalog.get("/Metadata")
    xmp = metadata.read_bytes().decode("utf-8", "replace") if metadata is not None else ""
    if not re.search(r"<pdfuaid:part>\s*1\s*</pdfuaid:part>", xmp):
        report.add("the XMP metadata does not identify PDF/UA-1 (pdfuaid:part 1)")
    if "<dc:title>" not in xmp:
        report.add("the XMP metadata has no dc:title")


def _content(page: Any, number: int, report: AccessibilityReport, cache: dict) -> PageText:
    """The text of the page's marked content, once checked that every painting operator is
    inside a tagged or an artifact sequence and that sequences with MCIDs do not nest."""
    if str(page.obj.get("/Tabs", "")) != "/S":
        report.add("the tab order does not follow the structure (/Tabs /S)", number)
    text = page_text(page, _PAINTING, cache)
    for problem in text.problems:
        report.add(problem, number)
    if text.untagged:
        report.add(f"{text.untagged} painting operator(s) neither tagged nor artifact", number)
    report.sequences += len(text.sequences)
    return text


def _structure(
    root: Any, pages: list[Any], marked: list[PageText], report: AccessibilityReport
) -> Node:
    """Walk the structure tree: every MCID of the content is claimed by exactly the element
    the ParentTree names; headings in order; figures with alt text; table headers with scope;
    links with their annotation and its description."""
    page_index = {page.objgen: i for i, page in enumerate(pages)}
    parent_tree = _number_tree(root.get("/ParentTree"))
    claimed: dict[tuple[int, int], Any] = {}
    headings: list[tuple[int, int | None]] = []
    linked: set[tuple[int, int]] = set()

    def page_of(element: Any, default: int | None) -> int | None:
        ref = element.get("/Pg")
        return page_index.get(ref.objgen, default) if ref is not None else default

    def walk(element: Any, page: int | None) -> Node:
        report.elements += 1
        role = str(element.get("/S", ""))
        page = page_of(element, page)
        shown = page + 1 if page is not None else None
        node = Node(
            role.removeprefix("/"),
            str(element.get("/Lang", "")),
            str(element.get("/ID", "")),
            shown,
        )
        if match := _HEADING.match(role):
            headings.append((int(match.group(1)), shown))
        if role == "/Figure" and not any(
            str(element.get(key, "")).strip() for key in ("/Alt", "/ActualText")
        ):  # it is read by its /Alt alone, not by the text drawn in it (chart labels)
            report.add("a figure has no alternative text (/Alt)", shown)
        if role == "/TH":
            attributes = element.get("/A")
            if not isinstance(attributes, pikepdf.Dictionary) or "/Scope" not in attributes:
                report.add("a table header cell has no /Scope", shown)
        has_annotation = False
        for kid in _as_list(element.get("/K")):
            if isinstance(kid, int):
                node.parts.append(claim(page, kid, element))
            elif not isinstance(kid, pikepdf.Dictionary):
                continue
            elif kid.get("/Type") == pikepdf.Name.MCR:
                node.parts.append(claim(page_of(kid, page), int(kid.MCID), element))
            elif kid.get("/Type") == pikepdf.Name.OBJR:
                has_annotation = True
                linked.add(kid.Obj.objgen)
                for problem in _annotation(kid.Obj, element, parent_tree):
                    report.add(problem, shown)
            else:
                node.parts.append(walk(kid, page))
        if role == "/Link" and not has_annotation:
            report.add("a Link element has no link annotation (OBJR)", shown)
        return node

    def claim(page: int | None, mcid: int, element: Any) -> str:
        """The text of marked content `mcid` of `page`, once checked it leads back here."""
        if page is None:
            report.add(f"marked content {mcid} is claimed with no page")
            return ""
        if (page, mcid) in claimed:
            report.add(f"marked content {mcid} is claimed twice", page + 1)
        claimed[(page, mcid)] = element
        if mcid not in marked[page].sequences:
            report.add(f"marked content {mcid} is claimed but not in the page", page + 1)
        parents = parent_tree.get(int(pages[page].get("/StructParents", -1)))
        if (
            not isinstance(parents, pikepdf.Array)
            or mcid >= len(parents)
            or _objgen(parents[mcid]) != element.objgen
        ):
            report.add(f"the ParentTree does not lead marked content {mcid} back", page + 1)
        return marked[page].sequences.get(mcid, "")

    tree = Node("Document", "", "", None)
    tree.parts = [walk(kid, None) for kid in _as_list(root.get("/K"))]
    _heading_order(headings, report)
    _left_out(pages, marked, set(claimed), linked, report)
    return tree


def _left_out(
    pages: list[Any],
    marked: list[PageText],
    claimed: set[tuple[int, int]],
    linked: set[tuple[int, int]],
    report: AccessibilityReport,
) -> None:
    """Marked content and link annotations that no structure element claims."""
    for page, text in enumerate(marked):
        for mcid in sorted(set(text.sequences) - {m for p, m in claimed if p == page}):
            report.add(f"marked content {mcid} belongs to no structure element", page + 1)
    for number, page in enumerate(pages, start=1):
        for annotation in page.get("/Annots", []):
            if annotation.get("/Subtype") == pikepdf.Name.Link and annotation.objgen not in linked:
                report.add("a link annotation is not in the structure tree", number)


def _annotation(annotation: Any, element: Any, parent_tree: dict[int, Any]) -> list[str]:
    """What is wrong with a link annotation of `element`: no description, or a StructParent
    that does not lead back to it."""
    problems = []
    if not str(annotation.get("/Contents", "")).strip():
        problems.append("a link has no description (/Contents)")
    key = annotation.get("/StructParent")
    if key is None or _objgen(parent_tree.get(int(key))) != element.objgen:
        problems.append("a link annotation's /StructParent does not lead back")
    return problems


def _heading_order(headings: list[tuple[int, int | None]], report: AccessibilityReport) -> None:
    if headings and headings[0][0] != 1:
        report.add(f"the first heading is H{headings[0][0]}, not H1", headings[0][1])
    for (before, _), (level, page) in pairwise(headings):
        if level > before + 1:
            report.add(f"heading H{level} follows H{before}: a level is skipped", page)


def _fonts(
    resources: Any, number: int, report: AccessibilityReport, seen: set[tuple[int, int]]
) -> None:
    """Every font embedded and mapped to Unicode, in the page and the forms it paints."""
    if resources is None:
        return
    fonts = resources.get("/Font")
    for _name, font in fonts.items() if fonts is not None else []:
        if font.objgen in seen and font.objgen != (0, 0):
            continue
        seen.add(font.objgen)
        name = str(font.get("/BaseFont", "?"))
        described = font
        if font.get("/Subtype") == "/Type0":
            described = font.DescendantFonts[0]
        descriptor = described.get("/FontDescriptor")
        files = ("/FontFile", "/FontFile2", "/FontFile3")
        if descriptor is None or not any(f in descriptor for f in files):
            report.add(f"font {name} is not embedded", number)
        if "/ToUnicode" not in font:
            report.add(f"font {name} has no ToUnicode map", number)
    xobjects = resources.get("/XObject")
    for _name, xobject in xobjects.items() if xobjects is not None else []:
        if xobject.get("/Subtype") == "/Form":
            _fonts(xobject.get("/Resources"), number, report, seen)


def _number_tree(node: Any) -> dict[int, Any]:
    """A number tree (the ParentTree) as a dict."""
    out: dict[int, Any] = {}
    if node is None:
        return out
    nums = node.get("/Nums", [])
    for i in range(0, len(nums) - 1, 2):
        out[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []):
        out.update(_number_tree(kid))
    return out


def _objgen(obj: Any) -> tuple[int, int] | None:
    return getattr(obj, "objgen", None)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]

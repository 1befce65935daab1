"""Guards on the ReportLab internals briefgen.rl.document relies on: each test exercises one
assumption and names it when it fails."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfdoc import (
    LinkAnnotation,
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFPage,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from briefgen.rl.document import DocumentCanvas, _Raw, _ref, _set
from briefgen.tagging import Tag, Tagger

STYLE = ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12)
LINKS = 'See <a href="https://example.org">the report</a> and <a href="#sources">its source</a>.'


class AtSave(DocumentCanvas):
    """A canvas that runs `at_save(canvas)` where briefgen writes into the document."""

    def __init__(self, path: Path, at_save: Any, **kwargs: Any) -> None:
        super().__init__(str(path), pageCompression=0, **kwargs)
        self.at_save = at_save

    def save(self) -> None:
        self.at_save(self)
        super().save()


def two_pages(canvas: Canvas) -> Canvas:
    for text in ("one", "two"):
        canvas.drawString(72, 72, text)
        canvas.showPage()
    return canvas


def test_time_stamp_fields_date_the_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    canvas = DocumentCanvas(str(tmp_path / "d.pdf"), invariant=1)
    canvas.pin_date(dt.datetime(2021, 5, 1, tzinfo=dt.UTC))
    two_pages(canvas).save()
    meta = PdfReader(tmp_path / "d.pdf").metadata
    assert meta["/CreationDate"].startswith("D:20210501000000"), (
        "ReportLab no longer dates the PDF from the fields of canvas._doc._timeStamp (t, lt, "
        "YMDhms, dhh, dmm): DocumentCanvas.pin_date would not date briefs from their data"
    )
    assert meta["/ModDate"] == meta["/CreationDate"]


def test_pages_lists_the_page_objects_at_save(tmp_path: Path) -> None:
    found: list[Any] = []
    two_pages(AtSave(tmp_path / "p.pdf", lambda c: found.extend(c._doc.Pages.pages))).save()
    assert len(found) == 2 and all(isinstance(page, PDFPage) for page in found), (
        "ReportLab's document no longer lists its PDFPage objects in doc.Pages.pages when the "
        "canvas is saved: write_structure could not give pages their StructParents"
    )


def test_page_entries_named_in_no_default_are_written(tmp_path: Path) -> None:
    def entries(canvas: Canvas) -> None:
        for i, page in enumerate(canvas._doc.Pages.pages):
            page.StructParents, page.Tabs = i, PDFName("S")
            if i == 0:
                page.__NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]

    two_pages(AtSave(tmp_path / "n.pdf", entries)).save()
    first, second = PdfReader(tmp_path / "n.pdf").pages
    assert (first.get("/StructParents"), first.get("/Tabs")) == (0, "/S"), (
        "ReportLab no longer writes the entries a page names in PDFPage.__NoDefault__: pages "
        "would lose their StructParents and tab order"
    )
    assert "/StructParents" not in second, (
        "ReportLab now writes a page's entries without __NoDefault__ naming them: "
        "write_structure's extension of the list may no longer be needed"
    )


def test_a_pdf_object_is_written_as_the_bytes_its_format_returns(tmp_path: Path) -> None:
    def catalog(canvas: Canvas) -> None:
        ref = _ref(canvas._doc, _Raw(b"<< /Briefgen 1 >>"))
        canvas._doc.Catalog.MarkInfo = _Raw(b"<< /Marked true /Extra %s >>" % ref)

    two_pages(AtSave(tmp_path / "r.pdf", catalog)).save()
    info = PdfReader(tmp_path / "r.pdf").trailer["/Root"]["/MarkInfo"]
    assert bool(info["/Marked"]) and info["/Extra"].get_object() == {"/Briefgen": 1}, (
        "ReportLab no longer writes a PDFObject subclass as the bytes its format() returns, "
        "referenced through doc.Reference(obj) and set on doc.Catalog: the structure tree "
        "would not be written"
    )


@pytest.mark.parametrize("kind", ["LinkAnnotation", "PDFDictionary"])
def test_annotation_entries_can_be_added(kind: str) -> None:
    if kind == "LinkAnnotation":  # a link within the document: its entries are checked
        annotation: Any = LinkAnnotation((0, 0, 10, 10), "", "[0 0 R /Fit]")
    else:  # a URL link
        annotation = PDFDictionary({"Type": PDFName("Annot"), "Subtype": PDFName("Link")})
    _set(annotation, "StructParent", 7)
    _set(annotation, "Contents", "Source 1")
    written = annotation.format(PDFDocument())
    assert b"/StructParent 7" in written and b"(Source 1)" in written, (
        f"A ReportLab {kind} no longer takes a new entry (a LinkAnnotation through its "
        "permitted names and otherkw): links would lose their StructParent or description"
    )


def test_add_annotation_is_called_for_a_paragraphs_links(tmp_path: Path) -> None:
    calls: list[tuple[str | None, type]] = []

    class Recording(DocumentCanvas):
        def _addAnnotation(self, annotation: Any, name: Any = None, addtopage: int = 1) -> Any:
            calls.append((self._link_target, type(annotation)))
            return super()._addAnnotation(annotation, name, addtopage)

    canvas = Recording(str(tmp_path / "a.pdf"))
    canvas.bookmarkPage("sources")
    para = Paragraph(LINKS, STYLE)
    para.wrapOn(canvas, 400, 100)
    para.drawOn(canvas, 72, 600)
    canvas.save()
    assert calls == [("https://example.org", PDFDictionary), ("#sources", LinkAnnotation)], (
        "ReportLab no longer makes a paragraph link's annotation through Canvas.linkURL or "
        "linkRect and then Canvas._addAnnotation: DocumentCanvas could not hand it to the "
        "tagger, and links would be missing from the structure tree"
    )


def test_a_tagged_paragraphs_links_join_the_structure_tree(tmp_path: Path) -> None:
    """The assumptions above together, as DocumentCanvas uses them."""
    from briefgen.rl.paragraph import BriefParagraph

    canvas = DocumentCanvas(str(tmp_path / "t.pdf"))
    canvas.tagger = Tagger(Tag("Document"), lambda target: f"Link to {target}")
    canvas.bookmarkPage("sources")
    para = BriefParagraph(LINKS, STYLE, tag=canvas.tagger.root.child("P"))
    para.wrapOn(canvas, 400, 100)
    para.drawOn(canvas, 72, 600)
    canvas.showPage()
    canvas.save()
    reader = PdfReader(tmp_path / "t.pdf")
    annotations = [a.get_object() for a in reader.pages[0]["/Annots"]]
    assert [a.get("/Contents") for a in annotations] == [
        "Link to https://example.org",
        "Link to #sources",
    ] and [a.get("/StructParent") for a in annotations] == [1, 2], (  # after the page's key
        "A tagged paragraph's link annotations no longer get their description and "
        "StructParent: see the guards above on _addAnnotation and the annotations' entries"
    )
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])


def test_xmp_metadata_is_written_uncompressed(tmp_path: Path) -> None:
    packet = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><briefgen/></x:xmpmeta>'
    canvas = DocumentCanvas(str(tmp_path / "x.pdf"))
    canvas.xmp = lambda _when: packet
    two_pages(canvas).save()
    metadata = PdfReader(tmp_path / "x.pdf").trailer["/Root"]["/Metadata"].get_object()
    assert (
        metadata.get_data() == packet.encode()
        and packet.encode() in (tmp_path / "x.pdf").read_bytes()
        and "/Filter" not in metadata
    ), "the XMP packet is no longer written as given, uncompressed and with no /Filter"


def test_files_are_attached_through_the_catalogs_names(tmp_path: Path) -> None:
    canvas = DocumentCanvas(str(tmp_path / "f.pdf"))
    canvas.attachments = [("figures.csv", b"figure,value\n", "text/csv", "every figure")]
    two_pages(canvas).save()
    reader = PdfReader(tmp_path / "f.pdf")
    assert reader.attachments == {"figures.csv": [b"figure,value\n"]}, (
        "ReportLab's document no longer writes the embedded files set on doc.Catalog.Names "
        "through doc.Reference: briefs would lose their attached figures"
    )

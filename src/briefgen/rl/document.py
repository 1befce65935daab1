"""What briefgen writes into ReportLab's PDF document besides the pages: the structure tree of
a tagged brief, attached files, XMP metadata, the output intent and a pinned creation date, as
PDF/A-3a and PDF/UA-1 ask (PDF 1.7); and the canvas hook that hands each link annotation to
the tagger.

Relies on ReportLab 5.1's document internals: the canvas's `_doc` (its `_timeStamp`,
`Pages.pages`, `Catalog`, `Reference`), `Canvas._addAnnotation`, `PDFPage.__NoDefault__`, a
`PDFObject` subclass formatting itself, and a link annotation's `permitted`/`otherkw`. Guarded
by tests/test_rl_document.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFCatalog,
    PDFDate,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFPage,
    PDFStream,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas

from ..metadata import OUTPUT_CONDITION
from ..tagging import LANGUAGE, Annotated, Marked, Tag, Tagger, text_string

Attachment = tuple[str, bytes, str, str]  # file name, content, media type, description
PRINTED = 4  # an annotation's /F flag Print: PDF/A wants every annotation printed


class DocumentCanvas(Canvas):
    """A canvas that writes, at save, the attached files, XMP metadata and structure tree it
    was given, and hands each paragraph link's annotation to its tagger (tagged briefs)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, pdfVersion=(1, 7), **kwargs)
        self.attachments: list[Attachment] = []
        self.xmp: Callable[[dt.datetime], str] | None = None  # given the document's date
        self.output_profile = b""  # the ICC profile of the output intent (RGB)
        self.tagger: Tagger | None = None  # set for a tagged brief
        self._link_target: str | None = None

    def linkRect(self, contents: str, destinationname: str, *args: Any, **kwargs: Any) -> Any:
        self._link_target = "#" + destinationname
        try:
            return super().linkRect(contents, destinationname, *args, **kwargs)
        finally:
            self._link_target = None

    def linkURL(self, url: str, *args: Any, **kwargs: Any) -> Any:
        if url.startswith(LANGUAGE):  # a run in another language: a Span, not a link
            return None
        self._link_target = url
        try:
            return super().linkURL(url, *args, **kwargs)
        finally:
            self._link_target = None

    def _addAnnotation(self, annotation: Any, name: Any = None, addtopage: int = 1) -> Any:
        """A paragraph's link annotation gets its description and joins its Link element."""
        done = super()._addAnnotation(annotation, name, addtopage)
        _set(annotation, "F", PRINTED)
        if self.tagger is not None and self._link_target is not None:
            _set(annotation, "Contents", self.tagger.describe(self._link_target))
            self.tagger.annotation(self, self._link_target, annotation)
        return done

    def pin_date(self, when: dt.datetime) -> None:
        """Date the PDF (CreationDate, ModDate) `when`, not from the clock."""
        stamp = self._doc._timeStamp
        stamp.t = when.timestamp()
        stamp.lt = when.timetuple()
        stamp.YMDhms = tuple(stamp.lt)[:6]
        stamp.dhh = stamp.dmm = 0

    def created(self) -> dt.datetime:
        """The document's date, as its Info dictionary gives it."""
        stamp = self._doc._timeStamp
        offset = dt.timedelta(hours=stamp.dhh, minutes=stamp.dmm if stamp.dhh >= 0 else -stamp.dmm)
        return dt.datetime(*stamp.YMDhms, tzinfo=dt.timezone(offset))

    def save(self) -> None:
        doc = self._doc
        doc.Catalog.__NoDefault__ = [*PDFCatalog.__NoDefault__, "AF", "OutputIntents"]
        _attach(doc, self.attachments, PDFDate(doc._timeStamp))
        if self.xmp is not None:
            doc.Catalog.Metadata = _stream(
                b"/Type /Metadata /Subtype /XML", self.xmp(self.created()).encode("utf-8")
            )
        if self.output_profile:
            profile = _stream(b"/N 3", self.output_profile)
            doc.Catalog.OutputIntents = _Raw(
                b"[<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (%s) "
                b"/Info (%s) /DestOutputProfile %s >>]"
                % (OUTPUT_CONDITION.encode(), OUTPUT_CONDITION.encode(), _ref(doc, profile))
            )
        if self.tagger is not None:
            write_structure(self._doc, self.tagger.root)
        super().save()


def write_structure(doc: Any, root: Tag) -> None:
    """Write the structure tree under `root` into ReportLab's document: structure elements,
    the ParentTree, each page's StructParents and tab order, the catalog's MarkInfo."""
    pages = doc.Pages.pages
    page_refs = [_ref(doc, page) for page in pages]
    tags = [t for t in root.walk() if t is root or t.has_content()]
    objects = {id(t): _Raw() for t in tags}
    refs = {id(t): _ref(doc, objects[id(t)]) for t in tags}
    root_object = _Raw()
    root_ref = _ref(doc, root_object)
    parents = _ParentTree(len(pages))
    for tag in tags:
        parent = refs[id(tag.parent)] if tag.parent is not None else root_ref
        objects[id(tag)].data = _element(doc, tag, parent, refs, page_refs, parents)
    ids = sorted((t.attrs["ID"].encode("ascii"), refs[id(t)]) for t in tags if "ID" in t.attrs)
    id_tree = b" /IDTree << /Names [%s] >>" % b" ".join(b"(%s) %s" % i for i in ids) if ids else b""
    root_object.data = (
        b"<< /Type /StructTreeRoot /K %s /ParentTree %s /ParentTreeNextKey %d%s >>"
        % (
            refs[id(root)],
            _ref(doc, parents.written()),
            parents.next_key,
            id_tree,
        )
    )
    for i, page in enumerate(pages):
        page.StructParents = i
        page.Tabs = PDFName("S")  # tab through annotations in structure order
        page.__NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]
    doc.Catalog.StructTreeRoot = root_object
    doc.Catalog.MarkInfo = _Raw(b"<< /Marked true >>")


class _ParentTree:
    """The ParentTree: the structure element of each page's marked content (keyed by page)
    and of each annotation (keyed after the pages)."""

    def __init__(self, pages: int) -> None:
        self.pages: dict[int, dict[int, bytes]] = {i: {} for i in range(pages)}
        self.annotations: list[tuple[int, bytes]] = []
        self.next_key = pages

    def mark(self, page: int, mcid: int, element: bytes) -> None:
        self.pages[page][mcid] = element

    def annotation(self, element: bytes) -> int:
        """The StructParent key of an annotation that belongs to `element`."""
        self.annotations.append((self.next_key, element))
        self.next_key += 1
        return self.next_key - 1

    def written(self) -> _Raw:
        nums = [
            b"%d [%s]" % (page, b" ".join(mcids[m] for m in sorted(mcids)))
            for page, mcids in self.pages.items()
        ]
        nums += [b"%d %s" % (key, ref) for key, ref in self.annotations]
        return _Raw(b"<< /Nums [" + b" ".join(nums) + b"] >>")


def _element(
    doc: Any,
    tag: Tag,
    parent: bytes,
    refs: dict[int, bytes],
    page_refs: list[bytes],
    parents: _ParentTree,
) -> bytes:
    """A structure element's dictionary, its content recorded in the ParentTree."""
    pages_of = [k.page for k in tag.kids if isinstance(k, Marked | Annotated)]
    first_page = pages_of[0] if pages_of else None
    kids: list[bytes] = []
    for kid in tag.kids:
        if isinstance(kid, Tag):
            if id(kid) in refs:
                kids.append(refs[id(kid)])
        elif isinstance(kid, Marked):
            parents.mark(kid.page, kid.mcid, refs[id(tag)])
            if kid.page == first_page:  # on the element's own page (/Pg)
                kids.append(b"%d" % kid.mcid)
            else:
                kids.append(b"<< /Type /MCR /Pg %s /MCID %d >>" % (page_refs[kid.page], kid.mcid))
        else:
            _set(kid.annotation, "StructParent", parents.annotation(refs[id(tag)]))
            kids.append(
                b"<< /Type /OBJR /Obj %s /Pg %s >>"
                % (_ref(doc, kid.annotation), page_refs[kid.page])
            )
    entries = [
        b"/Type /StructElem /S /" + tag.role.encode("ascii"),
        b"/P " + parent,
        b"/K " + (kids[0] if len(kids) == 1 else b"[" + b" ".join(kids) + b"]"),
    ]
    if first_page is not None:
        entries.append(b"/Pg " + page_refs[first_page])
    for name, value in sorted(tag.attrs.items()):
        if name == "Scope":
            entries.append(b"/A << /O /Table /Scope /%s >>" % value.encode("ascii"))
        elif name == "ID":  # a byte string, listed in the IDTree
            entries.append(b"/ID (%s)" % value.encode("ascii"))
        else:
            entries.append(b"/%s %s" % (name.encode("ascii"), text_string(value)))
    return b"<< " + b" ".join(entries) + b" >>"


class _Raw(PDFObject):
    """A PDF object written as the bytes it was given (cheaper than ReportLab's dictionaries
    for thousands of small structure elements)."""

    def __init__(self, data: bytes = b"") -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


def _set(annotation: Any, name: str, value: str | int) -> None:
    """Set an entry of a ReportLab annotation: a dictionary (a URL link) or a LinkAnnotation
    (a link within the document), whose entries are checked against a list."""
    if isinstance(annotation, PDFDictionary):
        annotation[name] = PDFString(value) if isinstance(value, str) else value
    elif name == "Contents":
        annotation.Contents = value
    else:
        annotation.permitted = (*type(annotation).permitted, name)
        annotation.otherkw[name] = value


def _ref(doc: Any, obj: Any) -> bytes:
    """`obj`'s indirect reference ('12 0 R'), registering it in the document if need be."""
    return doc.Reference(obj).format(doc)


def _stream(entries: bytes, data: bytes) -> _Raw:
    """A stream left uncompressed (where metadata readers expect XMP), with no /Filter."""
    return _Raw(b"<< %s /Length %d >>\nstream\n%s\nendstream" % (entries, len(data), data))


def _attach(doc: Any, files: list[Attachment], modified: PDFDate) -> None:
    """Embedded files, each an associated file of the document (PDF/A-3's /AF), through
    ReportLab's own PDF objects."""
    names: list[Any] = []
    specs: list[Any] = []
    for name, data, mime, about in sorted(files):
        stream = PDFStream(
            PDFDictionary(
                {
                    "Type": PDFName("EmbeddedFile"),
                    "Subtype": "/" + mime.replace("/", "#2F"),  # PDFName() would not escape the '/'
                    "Params": PDFDictionary({"Size": len(data), "ModDate": modified}),
                }
            ),
            data,
        )
        spec = PDFDictionary(
            {
                "Type": PDFName("Filespec"),
                "F": PDFString(name),
                "UF": PDFString(name),
                "Desc": PDFString(about),
                "AFRelationship": PDFName("Data"),
                "EF": PDFDictionary({"F": doc.Reference(stream), "UF": doc.Reference(stream)}),
            }
        )
        names += [PDFString(name), doc.Reference(spec)]
        specs.append(doc.Reference(spec))
    if names:
        doc.Catalog.Names = PDFDictionary(
            {"EmbeddedFiles": PDFDictionary({"Names": PDFArray(names)})}
        )
        doc.Catalog.AF = PDFArray(specs)

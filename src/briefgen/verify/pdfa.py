"""PDF/A-3a's requirements that briefgen meets, each checked (ISO 19005-3's clause in each
message), as far as a brief's content goes: header, trailer ID, output intent, annotations,
metadata and its identification, extension schemas, Info and XMP agreeing, and the attached
files. Level A's tagging and Unicode are PDF/UA-1's rules, checked beside these."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Add = Callable[[str, int | None], None]
# Info entries and the XMP properties that must say the same
_INFO_XMP = {
    "/Title": "dc:title",
    "/Author": "dc:creator",
    "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords",
    "/Creator": "xmp:CreatorTool",
    "/Producer": "pdf:Producer",
    "/CreationDate": "xmp:CreateDate",
    "/ModDate": "xmp:ModifyDate",
}
_PREDEFINED = {
    "dc",
    "pdf",
    "xmp",
    "pdfaid",
    "pdfaExtension",
    "pdfaSchema",
    "pdfaProperty",
    "x",
    "rdf",
    "xml",
}


def check(pdf: Any, add: Add) -> None:
    """Add a finding for each PDF/A-3a requirement `pdf` (a pikepdf Pdf) does not meet."""
    if pdf.pdf_version != "1.7":
        add(f"the header says PDF {pdf.pdf_version}, not 1.7 (PDF/A-3, 6.1.2)", None)
    if "/ID" not in pdf.trailer:
        add("the trailer has no file identifier /ID (PDF/A-3, 6.1.3)", None)
    _output_intent(pdf.Root, add)
    for number, page in enumerate(pdf.pages, start=1):
        for annotation in page.obj.get("/Annots", []):
            if int(annotation.get("/F", 0)) & 4 == 0:
                add("an annotation is not printed (/F 4: PDF/A-3, 6.3.2)", number)
    xmp = _metadata(pdf.Root, add)
    _identification(xmp, add)
    _info(pdf, xmp, add)
    _attachments(pdf.Root, add)


def _output_intent(catalog: Any, add: Add) -> None:
    intents = [i for i in catalog.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFA1"]
    if not intents:
        add("no PDF/A output intent (/OutputIntents with /S /GTS_PDFA1: PDF/A-3, 6.2.3)", None)
        return
    profile = intents[0].get("/DestOutputProfile")
    if profile is None or int(profile.get("/N", 0)) != 3:
        add("the output intent has no RGB ICC profile (/DestOutputProfile: PDF/A-3, 6.2.3)", None)


def _metadata(catalog: Any, add: Add) -> str:
    """The XMP packet; findings if it is missing or filtered."""
    metadata = catalog.get("/Metadata")
    if metadata is None:
        add("no XMP metadata stream (PDF/A-3, 6.6.2.1)", None)
        return ""
    if "/Filter" in metadata.stream_dict:
        add("the metadata stream has a /Filter (PDF/A-3, 6.6.2.1)", None)
    return metadata.read_bytes().decode("utf-8", "replace")


def _property(xmp: str, name: str) -> str | None:
    """A simple or first-item property's value in the XMP, as written."""
    match = re.search(f"<{name}>(.*?)</{name}>", xmp, re.DOTALL)
    if match is None:
        return None
    item = re.search(r"<rdf:li[^>]*>(.*?)</rdf:li>", match.group(1), re.DOTALL)
    return (item.group(1) if item else match.group(1)).strip()


def _identification(xmp: str, add: Add) -> None:
    if _property(xmp, "pdfaid:part") != "3":
        add("the XMP metadata does not identify PDF/A-3 (pdfaid:part 3: PDF/A-3, 6.6.4)", None)
    if _property(xmp, "pdfaid:conformance") != "A":
        add("the XMP metadata does not say conformance A (pdfaid:conformance: 6.6.4)", None)
    described = set(re.findall(r"<pdfaSchema:prefix>(\w+)</pdfaSchema:prefix>", xmp))
    used = set(re.findall(r"<(\w+):\w+[ >]", xmp)) - _PREDEFINED
    for prefix in sorted(used - described):
        add(f"XMP properties '{prefix}:' have no PDF/A extension schema (PDF/A-3, 6.6.2.3.1)", None)


def _info(pdf: Any, xmp: str, add: Add) -> None:
    """Every Info entry says what its XMP property says (dates compared as instants)."""
    from html import unescape

    for key, name in _INFO_XMP.items():
        if key not in pdf.docinfo:
            continue
        info = str(pdf.docinfo[key])
        said = _property(xmp, name)
        if key.endswith("Date"):
            same = (
                said is not None and _instant(info) is not None and _instant(info) == _instant(said)
            )
        else:
            same = said is not None and unescape(said) == info
        if not same:
            add(f"Info {key[1:]} and XMP {name} differ (PDF/A-3, 6.6.3)", None)


_DATE = re.compile(
    r"(?:D:)?(\d{4})-?(\d\d)-?(\d\d)T?(\d\d):?(\d\d):?(\d\d)(?:(Z)|([+-])(\d\d)'?:?(\d\d)'?)?$"
)


def _instant(date: str) -> tuple[str, ...] | None:
    """A PDF date (D:YYYYMMDDHHmmSS+HH'mm') or an XMP one (ISO 8601) as its fields."""
    match = _DATE.match(date.strip())
    if match is None:
        return None
    *when, utc, sign, hours, minutes = match.groups()
    offset = ("+", "00", "00") if utc or sign is None else (sign, hours, minutes)
    return (*when, *offset)


def _attachments(catalog: Any, add: Add) -> None:
    """Every embedded file is associated with the document and described (PDF/A-3, 6.8)."""
    names = catalog.get("/Names", {}).get("/EmbeddedFiles", {}).get("/Names", [])
    specs = [names[i] for i in range(1, len(names), 2)]
    associated = {s.objgen for s in catalog.get("/AF", [])}
    for spec in specs:
        name = str(spec.get("/UF", spec.get("/F", "?")))
        if spec.objgen not in associated:
            add(f"attached file {name} is not in the catalog's /AF (PDF/A-3, 6.8)", None)
        if "/AFRelationship" not in spec:
            add(f"attached file {name} has no /AFRelationship (PDF/A-3, 6.8)", None)
        stream = spec.get("/EF", {}).get("/F")
        if stream is None:
            continue
        if "/Subtype" not in stream.stream_dict:
            add(f"attached file {name} has no MIME type (/Subtype: PDF/A-3, 6.8)", None)
        params = stream.stream_dict.get("/Params")
        if params is None or "/ModDate" not in params:
            add(f"attached file {name} has no /Params /ModDate (PDF/A-3, 6.8)", None)

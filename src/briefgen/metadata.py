"""What a brief says about itself for archives (PDF/A-3a) and assistive technology (PDF/UA-1):
its XMP metadata, with the PDF/A extension schema of the properties PDF/A does not predefine,
and the sRGB profile of its output intent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from .markup import escape

BRIEFGEN_NS = "https://briefgen.invalid/ns/1.0/"
PDFUAID_NS = "http://www.aiim.org/pdfua/ns/id/"
OUTPUT_CONDITION = "sRGB IEC61966-2.1"


@dataclass(frozen=True)
class Description:
    """What the XMP says, as the document information dictionary says it too."""

    title: str
    author: str
    subject: str
    keywords: str
    lang: str
    creator: str  # the Info /Creator (xmp:CreatorTool)
    producer: str  # the Info /Producer (pdf:Producer)
    version: str  # briefgen's
    fingerprint: str  # of the data the brief was built from


# ISO 19005-3, 6.6.2.3.1: properties outside the predefined schemas are described in the
# file, in a PDF/A extension schema (namespace, prefix, and each property's name, type,
# category and description).
_EXTENSION = [
    (
        "PDF/UA identification",
        PDFUAID_NS,
        "pdfuaid",
        [("part", "Integer", "The part of ISO 14289 the file conforms to")],
    ),
    (
        "briefgen build record",
        BRIEFGEN_NS,
        "briefgen",
        [
            ("version", "Text", "The version of briefgen that built the brief"),
            ("fingerprint", "Text", "A fingerprint of the data the brief was built from"),
        ],
    ),
]


def _extension_schemas() -> str:
    schemas = []
    for name, ns, prefix, properties in _EXTENSION:
        described = "".join(
            f'<rdf:li rdf:parseType="Resource"><pdfaProperty:name>{p}</pdfaProperty:name>'
            f"<pdfaProperty:valueType>{t}</pdfaProperty:valueType>"
            "<pdfaProperty:category>internal</pdfaProperty:category>"
            f"<pdfaProperty:description>{d}</pdfaProperty:description></rdf:li>"
            for p, t, d in properties
        )
        schemas.append(
            f'<rdf:li rdf:parseType="Resource"><pdfaSchema:schema>{name}</pdfaSchema:schema>'
            f"<pdfaSchema:namespaceURI>{ns}</pdfaSchema:namespaceURI>"
            f"<pdfaSchema:prefix>{prefix}</pdfaSchema:prefix>"
            f"<pdfaSchema:property><rdf:Seq>{described}</rdf:Seq></pdfaSchema:property></rdf:li>"
        )
    return "".join(schemas)


def xmp(about: Description, created: dt.datetime) -> str:
    """XMP metadata: the document's description as its Info says it, its PDF/A-3a and
    PDF/UA-1 identification, and which briefgen built it from what data."""
    when = created.isoformat(timespec="seconds")
    e = escape
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="{PDFUAID_NS}"
    xmlns:briefgen="{BRIEFGEN_NS}"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(about.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{e(about.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(about.subject)}</rdf:li></rdf:Alt>
   </dc:description>
   <dc:language><rdf:Bag><rdf:li>{e(about.lang)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{e(about.keywords)}</pdf:Keywords>
   <pdf:Producer>{e(about.producer)}</pdf:Producer>
   <xmp:CreatorTool>{e(about.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>A</pdfaid:conformance>
   <pdfuaid:part>1</pdfuaid:part>
   <briefgen:version>{e(about.version)}</briefgen:version>
   <briefgen:fingerprint>{e(about.fingerprint)}</briefgen:fingerprint>
   <pdfaExtension:schemas><rdf:Bag>{_extension_schemas()}</rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


# The profile's creation date (ICC.1 7.2.1: bytes 24-35, six big-endian 16-bit numbers):
# LittleCMS writes the clock's, which would make every build's bytes differ.
_PROFILE_DATE = slice(24, 36)
_PINNED_DATE = (2000, 1, 1, 0, 0, 0)


@cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile (Pillow's), dated so that it is the same bytes on every run, for
    the output intent. Its profile ID (bytes 84-99) is left zero: 'not computed'."""
    from PIL import ImageCms

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[_PROFILE_DATE] = b"".join(n.to_bytes(2, "big") for n in _PINNED_DATE)
    return bytes(profile)

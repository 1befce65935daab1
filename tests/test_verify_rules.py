"""`briefgen verify` on briefs broken one rule at a time: each rule of issue 14 (what a screen
reader's user meets) and each PDF/A-3a requirement finds its break, and the shipped briefs
pass them all."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner

from briefgen import api
from briefgen.cli import main
from briefgen.verify import read_structure
from briefgen.verify.reading import Node, read
from briefgen.verify.text import NEW_LINE

AS_IS = pikepdf.StreamDecodeLevel.none  # streams saved as they are (filters kept)


def _elements(pdf: Any, role: str) -> Iterator[Any]:
    """The structure elements of `role`, in reading order."""
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        element = stack.pop(0)
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        if element.get("/S") == pikepdf.Name("/" + role):
            yield element
        stack[:0] = [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _content(old: bytes, new: bytes, page: int = 0) -> Callable[[Any], None]:
    """An edit of a page's content stream: `old` (found once) becomes `new`."""

    def edit(pdf: Any) -> None:
        contents = pdf.pages[page].obj.Contents
        data = contents.read_bytes()
        assert data.count(old) == 1, old
        contents.write(data.replace(old, new))

    return edit


def _xmp(old: str, new: str) -> Callable[[Any], None]:
    def edit(pdf: Any) -> None:
        metadata = pdf.Root.Metadata
        text = metadata.read_bytes().decode("utf-8")
        assert re.search(old, text, re.DOTALL), old
        metadata.write(re.sub(old, new, text, count=1, flags=re.DOTALL).encode("utf-8"))

    return edit


def _set_attr(role: str, key: str, value: Any, index: int = 0) -> Callable[[Any], None]:
    def edit(pdf: Any) -> None:
        element = list(_elements(pdf, role))[index]
        if value is None:
            del element[key]
        else:
            element[key] = value

    return edit


def _rename(role: str, to: str) -> Callable[[Any], None]:
    def edit(pdf: Any) -> None:
        for element in list(_elements(pdf, role)):
            element.S = pikepdf.Name("/" + to)

    return edit


def _no_print_flag(pdf: Any) -> None:
    pdf.pages[0].obj.Annots[0].F = 0


def _no_output_intent(pdf: Any) -> None:
    del pdf.Root["/OutputIntents"]


def _no_af(pdf: Any) -> None:
    del pdf.Root["/AF"]


def _no_mod_date(pdf: Any) -> None:
    del pdf.Root.AF[0].EF.F.Params["/ModDate"]


def _other_mod_date(pdf: Any) -> None:
    pdf.docinfo["/ModDate"] = "D:20210101000000+00'00'"


LINK = b"55,770) Tj 3.5 Ts EMC /Link <</MCID 6>> BDC /F1+0 6.5 Tf 16.5 TL ([1]) Tj 0 Ts EMC "
BROKEN: dict[str, tuple[str, Callable[[Any], None], str]] = {
    # issue 14, items 1-7
    "empty link": (
        "donor",
        _content(LINK, LINK.replace(b"([1]) Tj ", b"") + b"([1]) Tj "),
        "page 1: a link holds no text",
    ),
    "link text outside": (
        "donor",
        _content(LINK, LINK.replace(b"([1]) Tj 0 Ts EMC ", b"(1) Tj 0 Ts EMC ([) Tj ")),
        "page 1: the text of link '1' goes on outside it",
    ),
    "language": ("press-km", _set_attr("Note", "/Lang", pikepdf.String("en")), "(en)"),
    "span without language": (
        "press-km",
        _set_attr("Span", "/Lang", None),
        "page 1: 'Example Rights Network' is not in the language of its Span (km)",
    ),
    "figure without caption": ("donor", _rename("Caption", "P"), "a Figure has no Caption"),
    "figure with an empty alt": (  # a chart is read by its /Alt alone
        "press-km",
        _set_attr("Figure", "/Alt", pikepdf.String(" ")),
        "page 1: a figure has no alternative text (/Alt)",
    ),
    "run-on words": (
        "donor",
        _content(b"made drug ) Tj", b"made drug) Tj"),
        "page 1: words run together where a line ends: 'd made drug⏎use no safe'",
    ),
    "run-on words in Khmer": (  # a line broken at the space in "១៣ ឧសភា" that lost it
        "press-km",
        _content(b"(, \\026\\027 ) Tj T*", b"(, \\026\\027) Tj T*", page=1),
        "page 2: words run together where a line ends: 'p says”, ១៣⏎ឧសភា",
    ),
    "note without id": ("donor", _set_attr("Note", "/ID", None), "page 3: a Note has no /ID"),
    "note ids twice": (
        "donor",
        _set_attr("Note", "/ID", pikepdf.String("note-1"), 1),
        "the /ID 'note-1' of a Note is used twice",
    ),
    "empty paragraph": (
        "donor",
        _content(b"(DONOR BRIEF ) Tj", b"( ) Tj"),
        "page 1: a P element holds no text",
    ),
    # PDF/A-3a
    "print flag": ("donor", _no_print_flag, "an annotation is not printed (/F 4"),
    "output intent": ("donor", _no_output_intent, "no PDF/A output intent"),
    "pdfaid part": ("donor", _xmp("<pdfaid:part>3", "<pdfaid:part>2"), "identify PDF/A-3"),
    "conformance": ("donor", _xmp("conformance>A<", "conformance>B<"), "conformance A"),
    "extension schema": (
        "donor",
        _xmp(
            r"<rdf:li rdf:parseType=\"Resource\"><pdfaSchema:schema>briefgen.*?</rdf:Seq>"
            r"</pdfaSchema:property></rdf:li>",
            "",
        ),
        "XMP properties 'briefgen:' have no PDF/A extension schema",
    ),
    "dates": ("donor", _other_mod_date, "Info ModDate and XMP xmp:ModifyDate differ"),
    "associated files": ("donor", _no_af, "attached file figures.csv is not in the catalog's /AF"),
    "attachment date": ("donor", _no_mod_date, "figures.csv has no /Params /ModDate"),
}


def _verify(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["verify", str(path)])
    return result.exit_code, result.output


@pytest.mark.parametrize("name", ["donor", "press", "press-km"])
def test_the_shipped_briefs_pass_every_rule(shipped: Path, name: str, tmp_path: Path) -> None:
    copy = tmp_path / f"{name}.pdf"
    with pikepdf.open(shipped / "out" / f"{name}.pdf") as pdf:  # saved as the tests save
        pdf.save(copy, compress_streams=False, stream_decode_level=AS_IS)
    for path in (shipped / "out" / f"{name}.pdf", copy):
        code, output = _verify(path)
        assert code == 0, output


@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_verify_finds_a_broken_rule(shipped: Path, tmp_path: Path, rule: str) -> None:
    name, edit, expected = BROKEN[rule]
    broken = tmp_path / f"{name}.pdf"
    with pikepdf.open(shipped / "out" / f"{name}.pdf") as pdf:
        edit(pdf)
        pdf.save(broken, compress_streams=False, stream_decode_level=AS_IS)
    code, output = _verify(broken)
    assert code == 1 and expected in output, output


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (b"%PDF-1.7", b"%PDF-1.4", "the header says PDF 1.4, not 1.7"),
        # an empty filter list, as ReportLab writes for a stream it is told not to compress
        # (qpdf would drop it on saving: the bytes are edited in place, the same length)
        (b"/Type /Metadata /Subtype /XML", b"/Filter [] /Subtype /XML     ", "has a /Filter"),
    ],
)
def test_verify_finds_a_broken_byte(
    shipped: Path, tmp_path: Path, old: bytes, new: bytes, expected: str
) -> None:
    broken = tmp_path / "donor.pdf"
    shutil.copy(shipped / "out" / "donor.pdf", broken)
    data = broken.read_bytes()
    assert data.count(old) == 1
    broken.write_bytes(data.replace(old, new))
    code, output = _verify(broken)
    assert code == 1 and expected in output, output


def test_a_charts_labels_are_part_of_its_figure_read_by_its_alt(shipped: Path) -> None:
    """The Khmer brief's chart draws the label "AFP" (the data gives it in English only): it
    is text of the picture, which a screen reader replaces by the Figure's alt text, in the
    brief's language; no element inside the Figure could carry a /Lang of its own."""
    tree = read_structure(shipped / "out" / "press-km.pdf")
    assert tree is not None
    figures = [node for node in tree.walk() if node.role == "Figure"]
    assert figures and "AFP" in "".join(figure.text() for figure in figures)
    assert not any(isinstance(part, Node) for figure in figures for part in figure.parts)
    with pikepdf.open(shipped / "out" / "press-km.pdf") as pdf:
        alts = [str(figure.Alt) for figure in _elements(pdf, "Figure")]
    assert len(alts) == len(figures) and all(re.search("[\u1780-\u17ff]", alt) for alt in alts)


@pytest.mark.parametrize("name", ["donor", "press", "press-km"])
def test_every_asks_label_is_a_heading_below_its_recommendations_title(
    shipped: Path, name: str
) -> None:
    """No generic verify rule can tell a label meant as a heading from a bold paragraph (a
    lead-in such as "Contact:" before a list is not one): the built briefs are checked for
    the asks' headings the project declares, in the brief's language."""
    project, _warnings = api.load(shipped)
    brief = project.briefs[name]
    labels = {
        project.config.asks_heading(audience, brief.language)
        for audience in (*project.config.audiences, "donors", "press", "government")
    } - {None}
    tree = read_structure(shipped / "out" / f"{name}.pdf")
    assert tree is not None
    roles = [
        node.role for node in tree.walk() if node.text().replace(NEW_LINE, "").strip() in labels
    ]
    assert set(roles) <= {"H4"}, roles  # below the recommendations' titles, H3
    full = [b for b in brief.blocks if b.type == "recommendations" and b.style != "short"]
    assert bool(roles) == bool(full)  # short recommendations print their asks without one


@pytest.mark.parametrize(
    ("lang", "text", "found"),
    [
        ("en", "made drug" + NEW_LINE + "use", True),
        ("en", "made drug " + NEW_LINE + "use", False),
        ("en", "https://exam\u00ad" + NEW_LINE + "ple.org", False),  # a cut word, marked
        ("en", "https://exam" + NEW_LINE + "ple.org", True),
        ("km", "ថ្ងៃទី ១៣" + NEW_LINE + "ឧសភា", True),  # a number and a word are not cut apart
        ("km", "ពន្ធនាគារ" + NEW_LINE + "នៅភ្នំពេញ", False),  # two words, cut between
    ],
)
def test_the_run_on_rule_reads_a_lines_end(lang: str, text: str, found: bool) -> None:
    findings: list[str] = []
    read(Node("P", lang, "", 1, [text]), "", lambda message, _page: findings.append(message))
    assert bool(findings) == found, findings

"""End-to-end: build the shipped project and read the PDFs back."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen import api, layout
from briefgen.errors import ProjectError

from .conftest import built


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def fonts_of(reader: PdfReader) -> dict[str, dict]:
    """Every font used on any page, including inside form XObjects, by base name."""
    found: dict[str, dict] = {}

    def walk(resources: dict) -> None:
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            found[font["/BaseFont"]] = font
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                walk(xobject["/Resources"])

    for page in reader.pages:
        walk(page["/Resources"])
    return found


@pytest.fixture(scope="module")
def donor(shipped: Path) -> PdfReader:
    return PdfReader(shipped / "out" / "donor.pdf")


@pytest.fixture(scope="module")
def press(shipped: Path) -> PdfReader:
    return PdfReader(shipped / "out" / "press.pdf")


def test_page_counts_in_range(donor: PdfReader, press: PdfReader) -> None:
    assert 2 <= len(donor.pages) <= 4
    assert 1 <= len(press.pages) <= 2


def test_every_font_is_embedded_with_unicode_map(donor: PdfReader, press: PdfReader) -> None:
    for reader in (donor, press):
        found = fonts_of(reader)
        assert found, "no fonts found"
        for name, font in found.items():
            descriptor = (
                font["/FontDescriptor"].get_object()
                if "/FontDescriptor" in font
                else font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            )
            assert "/FontFile2" in descriptor, f"{name} is not embedded"
            assert "/ToUnicode" in font, f"{name} has no ToUnicode map"
        assert not any("Helvetica" in n for n in found)
        assert {re.sub(r"^/[A-Z]{6}\+", "", n) for n in found} >= {
            "NotoSans-Regular",
            "NotoSans-Bold",
            "NotoSerif-Bold",
        }


def test_metadata(donor: PdfReader, press: PdfReader) -> None:
    meta = donor.metadata
    assert meta.title == "Health, not handcuffs"
    assert meta.author == "Example Rights Network"
    assert meta.subject.startswith("Donor brief: Substance Abuses")
    assert "drug policy" in meta["/Keywords"]
    assert meta.creator.startswith("briefgen ")
    assert meta["/CreationDate"].startswith("D:20200513")
    assert donor.trailer["/Root"]["/Lang"] == "en"
    assert donor.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
    assert press.metadata.title == "Cambodia’s drug war packs prisons far beyond capacity"


def test_bookmarks_follow_the_sections(donor: PdfReader, press: PdfReader) -> None:
    top = [item.title for item in donor.outline if not isinstance(item, list)]
    assert top == [
        "Executive summary",
        "Key figures",
        "A prison system past breaking point",
        "CC1, Phnom Penh’s largest prison: people held against its capacity",  # a chart's title
        "Three reforms, and what donors can do",
        "In their words",
        "What we ask of you",
        "Contact",
        "Sources",
    ]
    nested = donor.outline[5]  # the recommendations, under their section
    assert [i.title for i in nested] == [
        "Decriminalise drug use and possession for personal use",
        "Close the compulsory drug detention centres",
        "Decongest prisons and centres during COVID-19",
    ]
    pages = [donor.get_destination_page_number(i) for i in donor.outline if not isinstance(i, list)]
    assert pages == sorted(pages) and pages[0] == 0 and pages[-1] == len(donor.pages) - 1
    assert next(i.title for i in press.outline) == "Key facts"


def test_page_numbers_and_running_heads(donor: PdfReader) -> None:
    pages = [p.extract_text() for p in donor.pages]
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in " ".join(text.split())
    assert "DONOR BRIEF" in pages[1]


def test_figures_are_printed_with_qualifiers_and_citations(shipped: Path) -> None:
    text = " ".join(text_of(shipped / "out" / "donor.pdf").split())
    # citation order: the first source cited is [1]
    assert "at least 55,770[1]" in text
    assert "by 78%[2] to over 38,000[2]" in text
    assert "more than four to about five times[1, 2]" in text
    assert "[1] Radio Free Asia, Eugene Whong, “Cambodian Government Says" in text
    assert "[2] Agence France-Presse (AFP)" in text
    assert "[3] Amnesty International, “Substance Abuses" in text


def test_each_cited_source_is_listed_once_in_citation_order(shipped: Path) -> None:
    for name in ("donor", "press"):
        text = text_of(shipped / "out" / f"{name}.pdf")
        sources = text[text.rindex("Sources") :]
        numbers = [int(n) for n in re.findall(r"^\[(\d+)\] ", sources, re.M)]
        assert numbers == list(range(1, len(numbers) + 1))
        cited = {
            int(n)
            for group in re.findall(r"\[([\d, ]+)\]", text[: text.rindex("Sources")])
            for n in group.split(",")
        }
        assert cited == set(numbers)


def test_charts_are_vector_with_real_text(shipped: Path, donor: PdfReader) -> None:
    for page in donor.pages:
        assert not any(
            x.get_object()["/Subtype"] == "/Image"
            for x in (page["/Resources"].get("/XObject") or {}).values()
        )
    text = text_of(shipped / "out" / "donor.pdf")
    for label in (
        "Jan 2017",
        "May 2020",
        "more than 4×",
        "about 5×",
        "Radio Free Asia",
        "Capacity",
        "People in prison",
    ):
        assert label in text
    assert "Source: Agence France-Presse (AFP), 13 May 2020" in " ".join(text.split())


def test_donor_and_press_briefs_differ_as_specified(shipped: Path) -> None:
    donor = " ".join(text_of(shipped / "out" / "donor.pdf").split())
    press = " ".join(text_of(shipped / "out" / "press.pdf").split())
    assert donor.count("What donors can do") == 3
    assert "What donors can do" not in press
    assert "Key facts" in press and "Key figures" not in press
    assert "Executive summary" in donor and "Executive summary" not in press
    assert "human rights need be put aside" in press  # the government's response
    assert "Mok Chito" in press and "Mok Chito" not in donor
    assert "Source:" in donor and donor.count("Source:") == 2
    assert press.count("Source:") == 1
    assert "Media contact" in press and "What we ask of you" in donor


def test_extracted_text_has_spaces_between_words(shipped: Path) -> None:
    text = text_of(shipped / "out" / "donor.pdf")
    assert "Cambodia’s campaign against drugs has arrested" in " ".join(text.split())


def test_named_brief_only_and_output_folder(project: Path, tmp_path: Path) -> None:
    written = built(api.build(project, ["press"], out=tmp_path / "elsewhere"))
    assert [w.brief_id for w in written] == ["press"]
    assert written[0].changes == []  # a first build lists no changes
    assert written[0].path == tmp_path / "elsewhere" / "press.pdf"
    assert written[0].pages == len(PdfReader(written[0].path).pages)
    assert written[0].size == written[0].path.stat().st_size
    assert not (project / "out").exists()


def test_rebuild_is_byte_identical(project: Path) -> None:
    first = built(api.build(project, ["press"]))[0].path.read_bytes()
    second = built(api.build(project, ["press"], force=True))[0].path.read_bytes()
    assert first == second


def test_letter_page_size(project: Path) -> None:
    config = project / "briefgen.yaml"
    config.write_text(config.read_text().replace("page_size: A4", "page_size: Letter"))
    path = built(api.build(project, ["press"]))[0].path
    box = PdfReader(path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_failed_build_keeps_the_last_good_pdf(project: Path, monkeypatch) -> None:
    good = built(api.build(project, ["press"]))[0].path
    before = good.read_bytes()

    def broken(self, band):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(layout.BriefLayout, "story", broken)
    report = api.build(project, ["press"], force=True)
    assert report.exit_code == 1
    [outcome] = report.outcomes
    assert outcome.status == "failed"
    assert outcome.errors == ["internal error (RuntimeError: layout failed); please report it"]
    assert good.read_bytes() == before
    assert sorted(p.name for p in good.parent.iterdir()) == [".briefgen", "press.pdf"]


def test_invalid_data_writes_nothing_and_keeps_pdfs(project: Path) -> None:
    good = built(api.build(project, ["press"]))[0].path
    before = good.read_bytes()
    stats = project / "data" / "statistics.yaml"
    stats.write_text(stats.read_text().replace("value: 38000", "value: lots", 1))
    with pytest.raises(ProjectError):
        api.build(project)
    assert good.read_bytes() == before
    assert not (project / "out" / "donor.pdf").exists()


def test_a_new_audience_is_a_new_file(project: Path) -> None:
    (project / "briefs" / "government.yaml").write_text(
        "audience: government\nlabel: Government brief\ntitle: Three reforms\n"
        "date: 2020-05-20\nblocks:\n  - type: recommendations\n    heading: Reforms\n"
        "  - type: sources\n    heading: Sources\n"
    )
    [written] = built(api.build(project, ["government"]))
    text = " ".join(text_of(written.path).split())
    assert "What the government should do" in text
    assert "Release non-violent and at-risk detainees" in text


ALL_BLOCKS = """
  - type: summary
    text: Lead with {stat:people}.
  - type: text
    text: "Para one with a [link](https://example.org).\\n\\nPara two."
  - type: key_figures
    items: [{stat: people}]
  - type: figures_table
    columns: [Figure, Value, Source]
    items: [{stat: people}]
  - type: facts
    items: ["{stat:people} people"]
  - type: chart
    chart: held
  - type: recommendations
  - type: recommendations
    style: short
  - type: quotes
    items: [q1]
  - type: call_to_action
    text: Act now.
  - type: contact
  - type: sources
"""


@pytest.mark.parametrize("with_headings", [False, True])
def test_every_block_type_builds(tmp_path: Path, with_headings: bool) -> None:
    from .conftest import copy_case

    root = copy_case("minimal", tmp_path / "p")
    blocks = ALL_BLOCKS
    if with_headings:
        blocks = re.sub(r"(  - type: (\w+))", r"\1\n    heading: Section \2", blocks)
    (root / "briefs" / "short.yaml").write_text(
        "audience: readers\nlabel: Test brief\ntitle: All blocks\ndate: 2021-05-01\n"
        f"blocks:{blocks}"
    )
    [written] = built(api.build(root))
    reader = PdfReader(written.path)
    text = " ".join(text_of(written.path).split())
    assert "About 1,200[1] people" in text and "Act now." in text and "Para two." in text
    assert "[1] Test Publisher, “A report”, 4 March 2021." in text
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    if with_headings:
        assert titles[0] == "Section summary" and "Section sources" in titles
    else:
        assert titles == ["People held", "Release people"]  # a chart without heading: its title


def test_a_brief_in_another_language(tmp_path: Path) -> None:
    from .conftest import copy_case

    root = copy_case("missing_translation", tmp_path / "p")  # French settings, briefgen.yaml
    (root / "data" / "statistics.yaml").write_text(
        "statistics:\n  - id: people\n    label: {en: People held, fr: Personnes détenues}\n"
        "    value: 1200\n    unit: count\n    qualifier: about\n    as_of: '2021'\n"
        "    source: src1\n  - id: share\n    label: {en: Share, fr: Part}\n    value: 12.5\n"
        "    unit: percent\n    as_of: '2021'\n    source: src1\n"
    )
    (root / "data" / "sources.yaml").write_text(
        "sources:\n  - id: src1\n    publisher: Test Publisher\n"
        "    title: {en: A report, fr: Un rapport}\n    date: 2021-03-04\n    kind: report\n"
    )
    (root / "briefs" / "short.yaml").write_text(
        "audience: readers\nlabel: {en: Brief, fr: Note}\ntitle: {en: A brief, fr: Une note}\n"
        "date: 2021-05-01\nlanguage: fr\nblocks:\n  - type: summary\n"
        "    text: {en: '{stat:people} held.', fr: '{stat:people} personnes, {stat:share}.'}\n"
        "  - type: key_figures\n    items: [{stat: people}]\n"
        "  - type: sources\n    heading: {en: Sources, fr: Sources}\n"
    )
    for name in ("charts", "quotes", "recommendations"):
        (root / "data" / f"{name}.yaml").write_text(f"{name}: []\n")
    [written] = built(api.build(root))
    text = " ".join(text_of(written.path).split())  # ReportLab sets no-break spaces as spaces
    assert "Environ 1 200[1] personnes, 12,5" in text
    assert "ENVIRON" in text and "Page 1 sur 1" in text
    assert "[1] Test Publisher, “Un rapport”, 4 mars 2021." in text
    assert "Test Org · Note · 1 mai 2021" in text
    assert PdfReader(written.path).trailer["/Root"]["/Lang"] == "fr"


def actual_text(reader: PdfReader) -> str:
    """The /ActualText of every marked run, all pages, in order."""
    from pypdf.generic import ContentStream

    runs = [
        ops[1]["/ActualText"]
        for page in reader.pages
        for ops, op in ContentStream(page.get_contents(), reader).operations
        if op == b"BDC" and "/ActualText" in ops[1]
    ]
    return "".join(runs)


@pytest.fixture(scope="module")
def khmer(shipped: Path) -> PdfReader:
    return PdfReader(shipped / "out" / "press-km.pdf")


def test_the_khmer_press_brief_is_set_in_khmer_fonts(khmer: PdfReader) -> None:
    assert len(khmer.pages) == 2
    fonts = fonts_of(khmer)
    names = {re.sub(r"^/[A-Z]{6}\+", "", n) for n in fonts}
    # Khmer in its own fonts; names (bold speakers too), codes and citations in the project's
    latin = {"NotoSans-Regular", "NotoSans-Bold"}
    assert names == {"NotoSansKhmer-Regular", "NotoSansKhmer-Bold", *latin}
    for font in fonts.values():  # embedded, with a map back to the text
        assert "/FontFile2" in font["/FontDescriptor"] and "/ToUnicode" in font
    assert khmer.trailer["/Root"]["/Lang"] == "km"
    assert khmer.metadata.title == "សង្គ្រាមប្រឆាំងគ្រឿងញៀននៅកម្ពុជា ធ្វើឱ្យពន្ធនាគារចង្អៀតលើសសមត្ថភាពឆ្ងាយ"


def test_the_khmer_press_brief_reads_back_as_written(khmer: PdfReader) -> None:
    """What pdftotext and screen readers read (/ActualText) is the Khmer as written, in
    logical order; pypdf's own extraction has no private-use codes."""
    spaced = actual_text(khmer)
    assert "មនុស្ស យ៉ាងហោចណាស់ ៥៥,៧៧០" in spaced  # the spaces that were written
    actual = re.sub(r"\s+", "", spaced)  # a line may end between two words with no space
    written = [
        "សង្គ្រាមប្រឆាំងគ្រឿងញៀននៅកម្ពុជា",  # the title
        "ស្ត្រីអាយុសាមសិបឆ្នាំមកពីភ្នំពេញ",  # a quote's role
        "អ្នកទោសប្រហែល៦០",  # a figure: Khmer qualifier, Khmer digits
        "៥៥,៧៧០",
        "១៣ឧសភា២០២០",  # the date, through Babel's km locale
        "វិទ្យុអាស៊ីសេរី",  # a bar label inside the chart
        "ចំនួនដងនៃសមត្ថភាពផ្ទុកអតិបរមា",  # the chart's axis label
        "ទំព័រ១នៃ",  # the footer
    ]
    for text in written:
        assert re.sub(r"\s+", "", text) in actual, text
    extracted = "".join(page.extract_text() for page in khmer.pages)
    assert not [c for c in extracted if 0xE000 <= ord(c) <= 0xF8FF]
    assert "CC1" in extracted and "Agence France-Presse" in extracted  # in the Latin font
    assert "[១]" in extracted  # citations in the brief's digits


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdftotext_returns_the_khmer_as_written(shipped: Path) -> None:
    out = subprocess.run(
        ["pdftotext", str(shipped / "out" / "press-km.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "សំឡេងពីអ្នកពាក់ព័ន្ធ" in out  # a heading, as one line
    assert "ក្នុងអំឡុងយុទ្ធនាការប្រឆាំងគ្រឿងញៀន សិទ្ធិមនុស្សត្រូវទុកមួយឡែកសិន" in out

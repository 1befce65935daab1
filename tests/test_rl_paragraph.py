"""Guards on the ReportLab internals briefgen.rl.paragraph relies on: each test exercises one
assumption and names it when it fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph, paragraph

from briefgen.rl import swapped
from briefgen.rl.fonts import ShapingFont
from briefgen.rl.paragraph import BriefParagraph
from briefgen.tagging import CUT, Tag, Tagger
from briefgen.verify.text import NEW_LINE, page_text

from .conftest import REPO

STYLE = ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12)
MIXED = "<b>Prison</b> population grew sevenfold since 2000"  # two frags: ReportLab's words


@pytest.fixture(scope="module")
def khmer() -> str:
    font = REPO / "assets" / "fonts" / "NotoSansKhmer-Regular.ttf"
    pdfmetrics.registerFont(ShapingFont("Test-RL-Paragraph-Khmer", str(font)))
    return "Test-RL-Paragraph-Khmer"


def recorder(original: Any, calls: list[Any]) -> Any:
    """`original`, noting each call's first argument in `calls`."""

    def record(first: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(first)
        return original(first, *args, **kwargs)

    return record


def draw(para: Paragraph, path: Path, width: float = 500) -> Canvas:
    canvas = Canvas(str(path), pageCompression=0)
    para.wrapOn(canvas, width, 800)
    para.drawOn(canvas, 50, 400)
    canvas.save()
    return canvas


def test_get_frag_words_is_looked_up_at_line_breaking_time() -> None:
    calls: list[Any] = []
    with swapped(paragraph, _getFragWords=recorder(paragraph._getFragWords, calls)):
        Paragraph(MIXED, STYLE).wrap(100, 800)
    assert calls, (
        "ReportLab no longer looks up paragraph._getFragWords at line-breaking time: "
        "briefgen's Khmer word segmentation would be skipped"
    )


def test_shape_frag_word_is_looked_up_at_line_breaking_time(khmer: str) -> None:
    calls: list[Any] = []
    style = ParagraphStyle("k", fontName=khmer, fontSize=14, shaping=1)
    with swapped(paragraph, shapeFragWord=recorder(paragraph.shapeFragWord, calls)):
        Paragraph("ពន្ធនាគារ នៅកម្ពុជា", style).wrap(300, 800)
    assert len(calls) == 2 and all(isinstance(word[0], float) for word in calls), (
        "ReportLab no longer looks up paragraph.shapeFragWord for each frag word at "
        "line-breaking time: briefgen would neither shape a word font by font nor record the "
        "text of shaped glyphs (/ActualText)"
    )


def test_hs_frag_is_the_type_of_a_word_followed_by_a_space() -> None:
    words = paragraph._getFragWords(Paragraph("Prison population", STYLE).frags)
    assert [type(word) for word in words] == [paragraph._HSFrag, list], (
        "ReportLab's _getFragWords no longer makes a word followed by a space a "
        "paragraph._HSFrag and the last a plain list: briefgen's word cutting (_cut) would "
        "cut the wrong words"
    )


def test_a_plain_list_word_is_drawn_with_no_space_after_it(tmp_path: Path) -> None:
    words_of = paragraph._getFragWords

    def halved(frags: Any, *args: Any, **kwargs: Any) -> list[Any]:
        """Each word in two: a plain list, then the rest keeping the word's own type."""
        out = []
        for word in words_of(frags, *args, **kwargs):
            (frag, text), half = word[1], len(word[1][1]) // 2
            if len(word) != 2 or not half:
                out.append(word)
                continue
            size = pdfmetrics.stringWidth(text[:half], frag.fontName, frag.fontSize)
            out += [[size, (frag, text[:half])], type(word)([word[0] - size, (frag, text[half:])])]
        return out

    with swapped(paragraph, _getFragWords=halved):
        draw(Paragraph(MIXED, STYLE), tmp_path / "p.pdf")
    text = " ".join(PdfReader(tmp_path / "p.pdf").pages[0].extract_text().split())
    assert text == "Prison population grew sevenfold since 2000", (
        "ReportLab no longer draws a frag word given as a plain list with no space after it: "
        "the pieces briefgen cuts a Khmer phrase into would be drawn apart"
    )


def test_do_line_is_looked_up_as_underlines_are_drawn(tmp_path: Path) -> None:
    calls: list[Any] = []
    canvas = Canvas(str(tmp_path / "u.pdf"))
    with swapped(paragraph, _do_line=recorder(paragraph._do_line, calls)):
        para = Paragraph("An <u>underlined</u> word", STYLE)
        para.wrapOn(canvas, 500, 800)
        para.drawOn(canvas, 50, 400)
    assert calls, (
        "ReportLab no longer looks up paragraph._do_line as a paragraph draws its underlines: "
        "in a tagged brief they would not be marked as artifacts"
    )
    assert calls[0]._canvas is canvas, (
        "The text object ReportLab passes _do_line no longer has the canvas as _canvas: "
        "BriefParagraph could not mark underlines as artifacts"
    )


def test_a_paragraph_draws_its_text_through_its_begin_text(tmp_path: Path) -> None:
    made: list[PDFTextObject] = []

    class Recording(Paragraph):
        def beginText(self, x: float, y: float) -> PDFTextObject:
            made.append(PDFTextObject(self.canv, x, y))
            return made[-1]

    draw(Recording(MIXED, STYLE), tmp_path / "b.pdf", width=100)
    draw(Recording("plain text on one line", STYLE), tmp_path / "c.pdf")
    assert len(made) == 2 and all(len(text._code) > 2 for text in made), (
        "ReportLab's paragraph no longer draws its text through its own beginText: "
        "BriefParagraph's corrected and tagged text object would not be used"
    )


def test_a_paragraphs_parts_are_of_its_own_class() -> None:
    para = BriefParagraph(" ".join(["Words that fill several lines."] * 20), STYLE)
    para.wrap(200, 800)
    parts = para.split(200, 40)
    assert len(parts) == 2 and all(type(part) is BriefParagraph for part in parts), (
        "ReportLab's Paragraph.split no longer makes its parts of the paragraph's own class: "
        "a BriefParagraph split across pages would lose its tag and shaped text's sources"
    )


def test_swapped_globals_are_restored_even_on_error() -> None:
    line, words_of = paragraph._do_line, paragraph._getFragWords
    with pytest.raises(RuntimeError), swapped(paragraph, _do_line=None, _getFragWords=None):
        assert paragraph._do_line is None and paragraph._getFragWords is None
        raise RuntimeError
    assert paragraph._do_line is line and paragraph._getFragWords is words_of


def test_a_paragraphs_parts_keep_with_next_as_the_paragraph_was_told() -> None:
    keeping = ParagraphStyle("h", parent=STYLE, keepWithNext=1)
    para = BriefParagraph(" ".join(["Words that fill several lines."] * 20), keeping)
    para.keepWithNext = 0  # as a heading over a list is told (layout.flowables.listed)
    para.wrap(200, 800)
    parts = para.split(200, 40)
    assert len(parts) == 2 and not any(part.getKeepWithNext() for part in parts), (
        "The parts of a split BriefParagraph keep with the next flowable although the "
        "paragraph was told not to: a heading taller than a page over a list would be "
        "retried forever"
    )


def _latin() -> ParagraphStyle:
    """A style in a Latin font with a Unicode map (for reading the text back)."""
    font = REPO / "assets" / "fonts" / "NotoSans-Regular.ttf"
    pdfmetrics.registerFont(TTFont("Test-RL-Paragraph-Latin", str(font)))
    return ParagraphStyle("p", fontName="Test-RL-Paragraph-Latin", fontSize=10, leading=12)


def _line_texts(para: BriefParagraph, path: Path, width: float) -> list[str]:
    """The text of each line of `para` drawn tagged, as a screen reader reads it."""
    canvas = Canvas(str(path), pageCompression=0)
    canvas.tagger = Tagger(Tag("Document"), str)
    para.wrapOn(canvas, width, 800)
    para.drawOn(canvas, 50, 400)
    canvas.save()
    with pikepdf.open(path) as pdf:
        text = page_text(pdf.pages[0], {"Tj", "TJ"}, {}).sequences[0]
    return text.strip(NEW_LINE).split(NEW_LINE)


def test_a_line_ends_with_a_space_where_the_text_had_one_and_only_there(
    khmer: str, tmp_path: Path
) -> None:
    """A Khmer line broken at a real space ("១៣ ឧសភា") keeps it; one cut between two words
    written without a space gets none."""
    text = "ពន្ធនាគារនៅភ្នំពេញ ឃុំមនុស្ស ៩,៥០០ នាក់ ថ្ងៃទី ១៣ ឧសភា ២០២០ អ្នកទោសបានកើនឡើង"
    style = ParagraphStyle("km", fontName=khmer, fontSize=10, leading=14)
    lines = _line_texts(BriefParagraph(text, style, tag=Tag("P")), tmp_path / "km.pdf", 70)
    assert len(lines) > 3
    assert "".join(lines) == text + " "
    assert any(line.endswith(" ") for line in lines[:-1])
    assert any(not line.endswith(" ") for line in lines[:-1])


def test_a_forced_break_and_a_wrap_at_a_space_leave_a_space(tmp_path: Path) -> None:
    markup = '<font color="red">Write</font> to desk<br/>briefs@example.org or write to us'
    lines = _line_texts(BriefParagraph(markup, _latin(), tag=Tag("P")), tmp_path / "p.pdf", 100)
    assert lines[0] == "Write to desk " and len(lines) > 2
    assert "".join(lines) == "Write to desk briefs@example.org or write to us "


def test_a_word_cut_over_lines_reads_as_one(tmp_path: Path) -> None:
    """An address too long for a line is cut with no space: each of its lines but the last
    ends with a soft hyphen as replacement text (not drawn), so its parts read as one word."""
    address = "https://example.org/" + "a" * 60
    markup = f'<font color="red">See</font> {address}'
    lines = _line_texts(BriefParagraph(markup, _latin(), tag=Tag("P")), tmp_path / "p.pdf", 100)
    assert len(lines) > 3 and all(line.endswith(CUT) for line in lines[:-1]), lines
    assert "".join(lines).replace(CUT, "") == f"See {address} "


def test_a_part_ending_inside_a_cut_word_ends_with_the_mark(tmp_path: Path) -> None:
    """Split across pages inside a cut address, the first part's last line is marked as a
    cut (the part breaks its lines again, unaware that its text goes on)."""
    markup = '<font color="red">See</font> https://example.org/' + "a" * 60
    para = BriefParagraph(markup, _latin(), tag=Tag("P"))
    para.wrap(100, 800)
    first, rest = para.split(100, 30)  # two lines of 12 points
    canvas = Canvas(str(tmp_path / "p.pdf"), pageCompression=0)
    canvas.tagger = Tagger(Tag("Document"), str)
    for part, y in ((first, 600), (rest, 300)):
        part.wrapOn(canvas, 100, 800)
        part.drawOn(canvas, 50, y)
    canvas.save()
    with pikepdf.open(tmp_path / "p.pdf") as pdf:
        texts = page_text(pdf.pages[0], {"Tj", "TJ"}, {}).sequences
    assert texts[0].strip(NEW_LINE).endswith(CUT), texts


def test_frag_lines_start_at_the_word_sfw_and_breaks_are_break_frags() -> None:
    para = BriefParagraph("<b>Prison</b> population grew<br/>sevenfold since 2000", STYLE)
    lines = para.breakLines([80]).lines
    starts = [para.frags[line.sFW] for line in lines[1:]]
    assert [s[1][0]._fkind == paragraph._FK_BREAK or s[1][1] for s in starts] == [
        "grew",
        True,
        "2000",
    ], (
        "ReportLab's FragLine.sFW no longer indexes the word that ended the line before "
        "(the next line's first word, or a line break of _fkind _FK_BREAK): briefgen would "
        "misplace the spaces that end lines"
    )
    assert isinstance(para.frags[lines[1].sFW - 1], paragraph._HSFrag)


def test_a_long_word_is_cut_into_split_words_and_injected_breaks() -> None:
    one_style = Paragraph("see " + "a" * 80, STYLE)
    one_style.wrap(100, 800)
    words = [line[1][-1] for line in one_style.blPara.lines]
    assert isinstance(words[1], paragraph._SplitWord) and not isinstance(
        words[1], paragraph._SplitWordEnd
    )
    assert isinstance(words[-1], paragraph._SplitWordEnd)
    mixed = Paragraph("<b>see</b> " + "a" * 80, STYLE)
    mixed.wrap(100, 800)
    assert any(isinstance(w, paragraph._InjectedFrag) for w in mixed.frags), (
        "ReportLab no longer cuts a long word with _SplitWord pieces and _InjectedFrag "
        "breaks: briefgen would end a cut address's lines with a space"
    )

"""The shared flowables: a list's heading is never left alone at the foot of a page, tables'
decoration is an artifact of the tagged PDF, a data table's repeated header rows too."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from briefgen.layout.flowables import Padding, Panel, data_table, listed
from briefgen.layout.theme import Theme
from briefgen.tagging import Tag, Tagger

from .layout_project import layout_project

STYLE = ParagraphStyle("body")


@pytest.fixture(scope="module", autouse=True)
def registered(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The brief's fonts, registered: tables are set in them."""
    layout_project(tmp_path_factory.mktemp("flowables") / "project")


def pages_of(story: list) -> list[str]:
    """The text of each page of a PDF of `story`."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4)
    doc.build(story)
    return [" ".join(p.extract_text().split()) for p in PdfReader(buffer).pages]


def test_a_list_heading_goes_to_the_next_page_with_the_first_item() -> None:
    heading = [Paragraph("Heading", STYLE)]
    bodies = [Paragraph(f"Item {n} " + "word " * 60, STYLE) for n in (1, 2)]
    room = A4[1] - 2 * 72 - 30  # room for the heading, not for the first item under it
    pages = pages_of([Spacer(1, room), *listed(heading, bodies, 12, bulletType="1")])
    assert pages[0] == ""
    assert pages[1].startswith("Heading 1 Item 1")


def test_a_list_without_heading_is_the_list_alone() -> None:
    [listing] = listed([], [Paragraph("Only", STYLE)], 12, bulletType="1")
    assert pages_of([listing]) == ["1 Only"]


def test_a_panel_s_bar_and_background_are_artifacts_not_its_text() -> None:
    para = Paragraph("Act now.", STYLE)
    box = Panel([para], 300, (4, colors.red), Padding(14, 14, 11, 13), colors.blue)
    buffer = io.BytesIO()
    canv = Canvas(buffer, pageCompression=0)
    canv.tagger = Tagger(Tag("Document"), str)
    assert box.wrapOn(canv, 500, 500)[0] == 300
    box.drawOn(canv, 50, 400)
    canv.showPage()
    canv.save()
    content = buffer.getvalue().decode("latin-1")
    artifacts = re.findall(r"/Artifact BMC(.*?)EMC", content, re.DOTALL)
    assert len(artifacts) == 2  # the background, then the bar
    assert "0 0 1 rg" in artifacts[0] and "1 0 0 RG" in artifacts[1]
    assert "(Act now.) Tj" in content and "(Act now.) Tj" not in "".join(artifacts)


def test_a_data_table_continued_on_a_page_repeats_its_header_rows() -> None:
    theme = Theme(colors.navy, colors.orange)
    rows = [[Paragraph(h, STYLE) for h in ("What", "Figure", "Source")]]
    rows += [[Paragraph(f"{c}{n}", STYLE) for c in "abc"] for n in range(80)]
    grid = data_table(rows, [200, 100, 150], theme)
    first, rest = grid.split(450, 300)
    assert (first.continued, rest.continued) == (False, True)
    assert rest.repeatRows == 1
    pages = pages_of([grid])
    assert all(page.startswith("What Figure Source") for page in pages) and len(pages) > 1

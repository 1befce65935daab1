"""Each block type's renderer: the text it lays out, the structure elements it makes (in
reading order), the citations it numbers and the figures it records as printed."""

from __future__ import annotations

import io
from typing import get_args

import pytest
from pypdf import PdfReader
from reportlab.platypus import CondPageBreak, KeepTogether, SimpleDocTemplate

from briefgen.layout.blocks import RENDERERS, renders
from briefgen.layout.flowables import DataTable, KeptWithNext, Panel
from briefgen.model import BlockType, SourcesBlock, SummaryBlock
from briefgen.project import Project
from briefgen.tagging import LANGUAGE, Tag

from .layout_project import context, layout_project, outline, render, text_of


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return layout_project(tmp_path_factory.mktemp("blocks") / "project")


def elements(tag: Tag, role: str) -> list[Tag]:
    """Every structure element of `role` under `tag`, in reading order."""
    found = [tag] if tag.role == role else []
    for kid in tag.kids:
        if isinstance(kid, Tag):
            found += elements(kid, role)
    return found


def test_every_block_type_of_the_model_has_a_renderer() -> None:
    block_types = set(get_args(get_args(BlockType)[0]))
    missing = sorted(t.__name__ for t in block_types - set(RENDERERS))
    assert not missing, f"block types without a renderer in layout/blocks: {missing}"
    assert set(RENDERERS) == block_types
    assert [t for t, r in RENDERERS.items() if r.deferred] == [SourcesBlock]


def test_a_block_type_has_one_renderer() -> None:
    with pytest.raises(ValueError, match="SummaryBlock has two renderers"):
        renders(SummaryBlock)(lambda block, ctx: [])


def test_summary_is_a_lead_with_its_figures_cited(project: Project) -> None:
    ctx = context(project)
    flowables = render(ctx, "summary")
    assert text_of(flowables) == "60%[1] of them are held without trial. A second paragraph."
    assert [f.style.name for f in flowables] == ["lead", "lead"]
    assert outline(ctx.root) == "Document[Sect[P P]]"
    assert ctx.citations.order == ["src2"]
    assert list(ctx.prose.figures) == [("share", "60%")]


def test_summary_with_a_heading(project: Project) -> None:
    ctx = context(project)
    assert text_of(render(ctx, "summary", 1)) == "Summary A lead."
    assert outline(ctx.root) == "Document[Sect[H2 P]]"


def test_text_is_its_paragraphs_under_a_heading(project: Project) -> None:
    ctx = context(project)
    flowables = render(ctx, "text")
    assert text_of(flowables) == "Background One[1]. Two with a link."
    assert outline(ctx.root) == "Document[Sect[H2 P P]]"
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build(flowables[2:])
    [link] = PdfReader(buffer).pages[0]["/Annots"]
    assert link.get_object()["/A"]["/URI"] == "https://example.org"


def test_key_figures_are_list_items_of_qualifier_number_and_label(project: Project) -> None:
    ctx = context(project)
    flowables = render(ctx, "key_figures")
    assert text_of(flowables) == (
        "Key figures ABOUT 1,200[1] People held 60%[2] Share held without trial "
        "MORE THAN – ABOUT 4–5×[1, 2] Occupancy against capacity MORE THAN 4×[1] "
        "Occupancy, low report ABOUT 5×[2] Occupancy, high report"
    )
    item, bare = "LI[Lbl LBody[P P P]]", "LI[Lbl LBody[P P]]"  # no qualifier: no empty P
    items = " ".join([item, bare, item, item, item])
    assert outline(ctx.root) == f"Document[Sect[H2 L[{items}]]]"
    assert ctx.citations.order == ["src1", "src2"]
    assert list(ctx.prose.figures)[:4] == [
        ("people", "about 1,200"),
        ("share", "60%"),
        ("low", "more than – about 4–5×"),
        ("high", "more than – about 4–5×"),
    ]


def test_figures_table_heads_its_columns_and_rows(project: Project) -> None:
    ctx = context(project)
    flowables = render(ctx, "figures_table")
    heading, grid, _ = flowables
    assert isinstance(grid, DataTable) and grid.repeatRows == 1
    assert heading.getKeepWithNext()  # with the first rows, as the brief's document keeps it
    assert text_of(flowables) == (
        "Every figure Figure Value Source People held about 1,200[1] Test Publisher, "
        "4 March 2021 Occupancy against capacity more than 4× – about 5×[1, 2] Test Publisher, "
        "4 March 2021; Second Publisher, February 2021"
    )
    assert outline(ctx.root) == "Document[Sect[H2 Table[TR[TH TH TH] TR[TH TD TD] TR[TH TD TD]]]]"
    scopes = [(t.role, t.attrs.get("Scope")) for t in elements(ctx.root, "TR")[1].kids]
    assert scopes == [("TH", "Row"), ("TD", None), ("TD", None)]
    assert {t.attrs["Scope"] for t in elements(ctx.root, "TR")[0].kids} == {"Column"}


def test_facts_are_a_bulleted_list_kept_with_its_heading(project: Project) -> None:
    ctx = context(project)
    flowables = render(ctx, "facts")
    assert text_of(flowables) == "Facts • About 1,200[1] people held • A second fact"
    assert outline(ctx.root) == "Document[Sect[H2 L[LI[Lbl LBody[P]] LI[Lbl LBody[P]]]]]"
    assert isinstance(flowables[0], KeptWithNext)


def test_chart_is_a_figure_with_its_alternative_text_and_sources(project: Project) -> None:
    ctx = context(project)
    [kept] = render(ctx, "chart")
    assert isinstance(kept, KeepTogether)
    assert text_of([kept]) == "A chart People held Source: Test Publisher, 4 March 2021[1]"
    assert outline(ctx.root) == "Document[Sect[H2 Div[Caption[P] Figure Caption[P]]]]"
    [figure] = elements(ctx.root, "Figure")
    assert figure.attrs == {"Alt": "One bar showing about 1,200 people held."}


def test_recommendations_in_full_are_numbered_entries(project: Project) -> None:
    ctx = context(project)
    flowables = render(ctx, "recommendations")
    assert text_of(flowables) == (
        "Calls 1 Release people Release them. Because about 1,200[1] are held. What readers "
        "can do Read this. 2 Reform the law[2] Change it. It fails. What readers can do "
        "Write to us."
    )
    entry = "LI[Lbl LBody[H3 P P H4 P]]"  # the asks' label: a heading under the title
    assert outline(ctx.root) == f"Document[Sect[H2 L[{entry} {entry}]]]"
    assert ctx.citations.order == ["src1", "src2"]
    assert isinstance(flowables[0], KeptWithNext)


def test_short_recommendations_are_a_numbered_list(project: Project) -> None:
    ctx = context(project)
    flowables = render(ctx, "recommendations", 1)
    assert text_of(flowables) == "1 Release people. Read this. 2 Reform the law[1]. Write to us."
    assert outline(ctx.root) == "Document[Sect[L[LI[Lbl LBody[P]] LI[Lbl LBody[P]]]]]"
    assert ctx.citations.order == ["src2"]


def test_quotes_are_block_quotes_with_their_speakers(project: Project) -> None:
    ctx = context(project)
    flowables = render(ctx, "quotes")
    assert text_of(flowables) == (
        "Voices “A testimony.” Someone, witness[1] “Another “testimony”.” "
        "Dara (pseudonym), former detainee[2]"
    )
    assert outline(ctx.root) == "Document[Sect[H2 BlockQuote[P P] BlockQuote[P P]]]"
    assert [type(f) for f in flowables[1::2]] == [Panel, Panel]  # each splits, if long
    assert ctx.citations.order == ["src1", "src2"]


def test_call_to_action_starts_a_page_unless_it_fits(project: Project) -> None:
    ctx = context(project)
    flowables = render(ctx, "call_to_action")
    assert isinstance(flowables[0], CondPageBreak)
    assert text_of(flowables) == "Act Act now. Today."
    assert outline(ctx.root) == "Document[Sect[H2 P P]]"


def test_contact_lists_the_organisation_and_the_blocks_contact(project: Project) -> None:
    ctx = context(project)
    flowables = render(ctx, "contact")
    assert text_of(flowables) == (
        "Contact Write to us. Test Org Press Officer press@example.org +1 555 0100 "
        "https://example.org"
    )
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build(flowables)
    links = [a.get_object()["/A"]["/URI"] for a in PdfReader(buffer).pages[0]["/Annots"]]
    assert links == ["mailto:press@example.org", "https://example.org"]


def test_links_beyond_ascii_are_written_as_a_pdf_needs_them(tmp_path) -> None:
    """A PDF's link is 7-bit ASCII: a host in IDNA, the rest percent-encoded; the text
    printed is the address as written."""
    website = "https://пример.испытание/о-нас?q=ж"
    project = layout_project(
        tmp_path / "p",
        {"https://example.org\n": f"{website}\n", "press@example.org": "presse@exämple.org"},
    )
    flowables = render(context(project), "contact")
    assert text_of(flowables).endswith(f"presse@exämple.org +1 555 0100 {website}")
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build(flowables)
    links = [a.get_object()["/A"]["/URI"] for a in PdfReader(buffer).pages[0]["/Annots"]]
    assert links == [
        "mailto:presse@xn--exmple-cua.org",
        "https://xn--e1afmkfd.xn--80akhbyknj4f/%D0%BE-%D0%BD%D0%B0%D1%81?q=%D0%B6",
    ]
    assert all(isinstance(link, str) and link.isascii() for link in links)


def test_changes_say_nothing_without_a_changed_figure(project: Project) -> None:
    ctx = context(project)
    assert render(ctx, "changes") == []
    assert ctx.citations.order == [] and not ctx.prose.figures


def test_changes_say_what_was_updated(project: Project) -> None:
    now = project.statistics["people"].model_dump(mode="json")
    history = {"people": {"old": {**now, "value": 1000.0}, "new": now}}
    ctx = context(project, history=history)
    flowables = render(ctx, "changes")
    assert text_of(flowables) == (
        "Updates Updated on 1 May 2021: People held now about 1,200[1], was about 1,000."
    )
    assert outline(ctx.root) == "Document[Sect[H2 P]]"
    assert list(ctx.prose.figures) == [("people", "about 1,200")]


def test_sources_are_numbered_in_the_order_first_cited(project: Project) -> None:
    ctx = context(project)
    for block_type in ("text", "summary", "key_figures"):
        render(ctx, block_type)
    flowables = render(ctx, "sources")
    assert text_of(flowables) == (
        "Sources [1] Second Publisher, A. Writer, “Another report”, February 2021. "
        "https://example.org/r [2] Test Publisher, “A report”, 4 March 2021."
    )
    notes = elements(ctx.root, "Note")
    assert [n.attrs for n in notes] == [{"ID": "note-1"}, {"ID": "note-2"}]  # unique IDs


def test_a_source_title_in_another_language_than_the_brief_says_so(project: Project) -> None:
    ctx = context(project, "note")
    render(ctx, "text")
    [para] = render(ctx, "sources")
    assert text_of([para]) == "[1] Test Publisher, “A report”, 4 mars 2021."
    [note] = elements(ctx.root, "Note")
    assert note.attrs == {"ID": "note-1"}  # in the brief's language: its number and date...
    english = f'<a href="{LANGUAGE}en">'  # ...the publisher and the title as written: Spans
    assert f"{english}Test Publisher</a>" in para.text
    assert f"{english}“A report”</a>" in para.text

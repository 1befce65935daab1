"""What a block renderer sees of the brief being laid out: where structure elements go,
lists' items, paragraphs and headings."""

from __future__ import annotations

import pytest

from briefgen.layout.flowables import Heading
from briefgen.project import Project

from .layout_project import context, layout_project, outline


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return layout_project(tmp_path_factory.mktemp("context") / "project")


def test_list_items_are_label_and_body_pairs_of_one_list(project: Project) -> None:
    ctx = context(project)
    items = ctx.list_items(3)
    assert [(label.role, body.role) for label, body in items] == [("Lbl", "LBody")] * 3
    assert outline(ctx.root) == "Document[L[LI[Lbl LBody] LI[Lbl LBody] LI[Lbl LBody]]]"
    assert all(label.parent is body.parent for label, body in items)


def test_elements_go_inside_a_tag_until_it_is_left_even_on_error(project: Project) -> None:
    ctx = context(project)
    section = ctx.element("Sect")
    with pytest.raises(RuntimeError), ctx.inside(section):
        ctx.para("In the section.", "body")
        raise RuntimeError
    ctx.para("After it.", "body", "Note", Lang="fr")
    assert outline(ctx.root) == "Document[Sect[P] Note]"
    assert ctx.root.kids[1].attrs == {"Lang": "fr"}


def test_paragraphs_of_a_prose_field_in_a_style(project: Project) -> None:
    ctx = context(project)
    block = ctx.brief.blocks[1]  # text: two paragraphs, a citation
    paras = ctx.paragraphs(block.text, "small")
    assert [p.getPlainText() for p in paras] == ["One[1].", "Two with a link."]
    assert {p.style.name for p in paras} == {"small"}
    assert ctx.citations.order == ["src2"]


def test_a_heading_is_an_h2_bookmarked_at_the_top_level(project: Project) -> None:
    ctx = context(project)
    [heading] = ctx.heading(ctx.brief.blocks[1].heading)
    assert isinstance(heading, Heading)
    assert (heading.outline, heading.level, heading.style.name) == ("Background", 0, "h2")
    assert heading.tag.role == "H2"
    assert ctx.heading(None) == []

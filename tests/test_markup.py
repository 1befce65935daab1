"""Inline markup: what is interpreted, and that everything else is printed literally."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from briefgen import api, fonts, markup, typography
from briefgen.layout import BriefLayout, InlineText, Theme
from briefgen.markup import Literal, Ref, Span

from .conftest import copy_shipped


def test_parses_bold_italic_links_and_references() -> None:
    nodes = markup.parse("See **{stat:a} people**, *why* and [the report](https://x.org/r).")
    assert nodes == (
        Literal("See "),
        Span("strong", (Ref("stat", ("a",)), Literal(" people"))),
        Literal(", "),
        Span("em", (Literal("why"),)),
        Literal(" and "),
        Span("link", (Literal("the report"),), "https://x.org/r"),
        Literal("."),
    )


def test_range_and_citation_references() -> None:
    assert markup.parse("{stat:a, b}{cite:s1}") == (Ref("stat", ("a", "b")), Ref("cite", ("s1",)))


def test_escapes_and_unclosed_markup_stay_literal() -> None:
    assert markup.parse(r"5 \* 3 and *open") == (Literal("5 * 3 and *open"),)
    assert markup.parse("[no url](javascript:alert(1))") == (
        Literal("[no url](javascript:alert(1))"),
    )


def test_paragraphs_split_on_blank_lines_only() -> None:
    assert markup.paragraphs("one\ntwo\n\n  three  \n") == ["one two", "three"]


def test_references_of_every_paragraph_in_reading_order() -> None:
    text = "See {stat:a} and **[it](https://x.org) {cite:s1}**.\n\nThen {stat:b, c}."
    assert list(markup.references(text)) == [
        Ref("stat", ("a",)),
        Ref("cite", ("s1",)),
        Ref("stat", ("b", "c")),
    ]


@pytest.fixture(scope="module")
def writer(tmp_path_factory: pytest.TempPathFactory) -> InlineText:
    project, _ = api.load(copy_shipped(tmp_path_factory.mktemp("markup")))
    fonts.register(project)
    return BriefLayout(project, "donor", Theme.of(project), drawing=lambda _id: None).prose


def test_reportlab_markup_in_user_text_is_printed_literally(writer: InlineText) -> None:
    out = writer.inline('<font color="red">x</font> & <b>y</b> "q"')
    assert "<font" not in out and "<b>" not in out
    assert out.startswith("&lt;font color=")
    assert "&gt;x&lt;/font&gt; &amp; &lt;b&gt;y&lt;/b&gt; “q”" in out


def test_statistic_reference_prints_value_qualifier_and_citation(writer: InlineText) -> None:
    writer.citations.order.clear()
    out = writer.inline("{stat:prison_population} and {stat:cc1_occupancy_afp,cc1_occupancy_rfa}")
    assert out.startswith("Over 38,000<super")  # a paragraph opening with a figure: capital
    assert "more than four to about five times" in out  # each end with its qualifier
    assert writer.citations.order == ["afp2020", "rfa2020"]
    assert '<a href="#source-1">[1</a>,\u00a0<a href="#source-2">2]</a>' in out


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120))
def test_any_user_text_is_valid_paragraph_markup(writer: InlineText, text: str) -> None:
    text = text.replace("{", "(")  # references need ids that exist; covered above
    para = Paragraph(writer.inline(text), writer.theme.styles["body"])  # raises on invalid markup
    # and ReportLab reads back the text as written, its markup applied and quotes curled
    written = "".join(typography.quotes(node.text) for node in markup.flat(markup.parse(text)))
    # (a zero-width space is a break opportunity, drawn as nothing: a word boundary)
    words = str.maketrans({"\u200b": " "})
    assert para.getPlainText().translate(words).split() == written.translate(words).split()


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.characters(
            blacklist_characters="*[]{}\\\"'", blacklist_categories=("Cs", "Cc")
        ),
        max_size=120,
    )
)
def test_plain_text_comes_out_as_written(writer: InlineText, text: str) -> None:
    para = Paragraph(writer.inline(text), writer.theme.styles["body"])
    assert para.getPlainText().split() == text.split()


def test_text_a_language_font_lacks_keeps_bold_and_italic() -> None:
    from briefgen.fonts import LATIN
    from briefgen.layout import fallback_runs

    khmer = frozenset(range(0x1780, 0x1800)) | {ord(" ")}
    out = fallback_runs("<b>Long</b>, អតីត <i>CC1</i> x", [(khmer, None), (frozenset(), LATIN)])
    assert out == (
        f'<b><font face="{LATIN.bold}">Long</font></b><font face="{LATIN.regular}">, </font>'
        f'អតីត <i><font face="{LATIN.italic}">CC1</font></i> <font face="{LATIN.regular}">x</font>'
    )

"""Blocks taller than what is left of a page continue on the next one, leaving no page more
than a few lines short of full; headings and labels are never left alone at a page's foot.
Each test builds the one brief it needs (verified as it is built) and reads the PDF back."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader
from reportlab.platypus import Spacer

from briefgen import api
from briefgen.layout.blocks import RENDERERS, Renderer
from briefgen.model import CallToActionBlock
from briefgen.paper import MARGIN_BOTTOM, MARGIN_TOP

from .conftest import built
from .layout_project import layout_project

LINE = 14.0  # the body text's leading
SLACK = 5 * LINE  # what a page may be short of full: a title and its first lines
STEMS = itertools.cycle(["amber", "basalt", "cedar", "delta", "ember", "fjord", "garnet"])


def words(count: int, tag: str) -> str:
    """`count` distinct words, each findable in the PDF's text: 'ambertag1 basalttag2 ...'."""
    return " ".join(f"{next(STEMS)}{tag}{n}" for n in range(count))


def paragraphs(tag: str, count: int = 3, size: int = 110) -> str:
    """`count` long paragraphs of distinct words, as a brief's text (blank lines between)."""
    return "\n\n".join(words(size, f"{tag}p{i}x") for i in range(count))


LONG_RECOMMENDATION = {
    "id": "long",
    "title": "A long recommendation",
    "summary": paragraphs("sum"),
    "rationale": paragraphs("rat"),
    "asks": {"readers": paragraphs("ask")},
}
LONG_QUOTE = {
    "id": "long",
    "text": paragraphs("quo", 4),
    "speaker": "Speaker",
    "role": "witness",
    "kind": "testimony",
    "source": "src1",
}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The layout test project with a long recommendation and a long quote added."""
    project = layout_project(tmp_path_factory.mktemp("split") / "project")
    for name, entry in (("recommendations", LONG_RECOMMENDATION), ("quotes", LONG_QUOTE)):
        path = project.root / "data" / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(f"{text}  - {json.dumps(entry)}\n", encoding="utf-8")
    return project.root


def build(root: Path, name: str, blocks: list[dict]) -> list[list[tuple[float, str]]]:
    """Build a brief of `blocks` alone; each page's lines of body text (above the footer),
    as (baseline, text), top to bottom."""
    brief = {"audience": "readers", "label": "Test", "title": name, "date": "2021-05-01"}
    brief["blocks"] = [*blocks, {"type": "sources"}]  # the notes its citations link to
    (root / "briefs" / f"{name}.yaml").write_text(json.dumps(brief), encoding="utf-8")
    built(api.build(root, briefs=[name]))
    return [body_lines(page) for page in PdfReader(root / "out" / f"{name}.pdf").pages]


def body_lines(page: PageObject) -> list[tuple[float, str]]:
    """A page's lines of text between its running head and its footer, as (baseline,
    text), top to bottom."""
    lines: dict[float, str] = {}
    top = float(page.mediabox.height) - MARGIN_TOP

    def visit(text: str, cm: list, tm: list, _font: object, _size: float) -> None:
        y = round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 1)  # on the page
        if text.strip() and MARGIN_BOTTOM - 2 < y < top:
            lines[y] = (lines.get(y, "") + " " + text).strip()

    page.extract_text(visitor_text=visit)
    return sorted(lines.items(), reverse=True)


def page_words(page: list[tuple[float, str]]) -> set[str]:
    return {w.strip(".,”“[]") for _y, line in page for w in line.split()}


def assert_full(pages: list[list[tuple[float, str]]]) -> None:
    """Every page but the last is filled to within SLACK of the text's foot."""
    for n, page in enumerate(pages[:-1], start=1):
        lowest = min(y for y, _ in page)
        assert lowest - MARGIN_BOTTOM < SLACK, f"page {n} ends {lowest - MARGIN_BOTTOM:.0f}pt up"


def assert_every_word(pages: list[list[tuple[float, str]]], text: str) -> None:
    found = set().union(*map(page_words, pages))
    missing = [w for w in text.split() if w not in found]
    assert not missing, f"{len(missing)} words missing, e.g. {missing[:5]}"


INTRO = {"type": "text", "heading": "Background", "text": paragraphs("intro", 2, 90)}


def test_a_long_recommendation_continues_with_its_number_column(root: Path) -> None:
    blocks = [INTRO, {"type": "recommendations", "heading": "Calls", "items": ["long"]}]
    pages = build(root, "longrec", blocks)
    assert len(pages) >= 3
    assert_full(pages)
    rec = LONG_RECOMMENDATION
    assert_every_word(pages, " ".join([rec["summary"], rec["rationale"], rec["asks"]["readers"]]))
    [(page, title_y)] = where(pages, "A long recommendation")
    [(number_page, number_y)] = where(pages, "1")
    assert number_page == page and 0 < title_y - number_y < LINE  # the number beside its title
    assert following(pages, page, title_y).startswith(rec["summary"].split()[0])
    [(page, label_y)] = where(pages, "What readers can do")  # the asks' label, with its first lines
    assert following(pages, page, label_y).startswith(rec["asks"]["readers"].split()[0])


def where(pages: list[list[tuple[float, str]]], text: str) -> list[tuple[int, float]]:
    """The page and baseline of each line that reads `text`."""
    return [(n, y) for n, page in enumerate(pages) for y, line in page if line == text]


def following(pages: list[list[tuple[float, str]]], n: int, y: float) -> str:
    """The line of text a line's height or more under baseline `y` of page `n`."""
    return next(line for at, line in pages[n] if at <= y - LINE + 2)


@pytest.mark.parametrize(
    "block",
    [
        {
            "type": "facts",
            "heading": "Facts",
            "items": [words(n % 7 * 9 + 3, f"f{n}x") for n in range(30)],
        },
        {"type": "quotes", "heading": "Voices", "items": ["long"]},
        {"type": "call_to_action", "heading": "Act", "text": paragraphs("cta")},
        {"type": "contact", "heading": "Contact", "text": paragraphs("con")},
    ],
    ids=lambda block: block["type"],
)
def test_a_long_block_continues_on_the_next_page(root: Path, block: dict) -> None:
    pages = build(root, f"long{block['type'].replace('_', '')}", [INTRO, block])
    assert len(pages) >= 2
    assert_full(pages)
    text = block.get("text") or " ".join(block["items"] if block["type"] == "facts" else [])
    assert_every_word(pages, text or LONG_QUOTE["text"])
    [(page, y)] = where(pages, block["heading"])
    assert lines_under(pages[page], y) >= 2  # the heading has lines of its block under it


def test_a_table_of_a_hundred_rows_repeats_its_header_on_each_page(root: Path) -> None:
    items = [{"stat": "people", "label": f"Row{n} held"} for n in range(100)]
    table = {"type": "figures_table", "columns": ["What", "Figure", "Source"], "items": items}
    pages = build(root, "longtable", [{**table, "heading": "Every figure"}])
    assert len(pages) >= 3
    assert_full(pages)
    for page in pages:
        assert [line for _y, line in page if line.startswith("What")] == ["What Figure Source"]
    assert_every_word(pages, " ".join(item["label"] for item in items))


def test_a_heading_is_never_the_last_line_of_a_page(root: Path) -> None:
    """Pad the page one line at a time, so the heading falls at each place near its foot."""
    moved = 0
    for lines in range(25, 32):
        pad = {"type": "text", "text": "\n\n".join(words(1, f"pad{n}x") for n in range(lines))}
        after = {"type": "text", "heading": "Aftermath", "text": paragraphs("aft", 1, 60)}
        pages = build(root, f"heading{lines}", [pad, after])
        [(page, y)] = where(pages, "Aftermath")
        assert lines_under(pages[page], y) >= 2, f"padded by {lines}: the heading ends its page"
        moved += page == 1
    assert moved  # some padding left room for the heading alone, and it moved on


def lines_under(page: list[tuple[float, str]], y: float) -> int:
    """How many lines of a page are under baseline `y`."""
    return sum(at < y for at, _ in page)


def test_a_block_that_cannot_fit_a_page_is_named_where_it_was_written(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing a brief can hold is taller than a page; a block laid out as one would be is
    reported at its brief's line, not as an internal error."""
    tall = Renderer(lambda _block, _ctx: [Spacer(1, 2000)])
    monkeypatch.setitem(RENDERERS, CallToActionBlock, tall)
    (root / "briefs" / "tall.yaml").write_text(
        "audience: readers\nlabel: Test\ntitle: Tall\ndate: 2021-05-01\nblocks:\n"
        "  - type: text\n    text: Before.\n  - type: call_to_action\n    text: Act.\n",
        encoding="utf-8",
    )
    [outcome] = api.build(root, briefs=["tall"]).outcomes
    assert outcome.errors == [
        "briefs/tall.yaml:8: error: blocks[2]: the call_to_action block does not fit on a "
        "page even alone: shorten it, or split it into several"
    ]

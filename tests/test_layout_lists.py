"""List and note blocks, built into a PDF: their text, their numbers and the tags a screen
reader follows (L > LI > Lbl, LBody; a note as small-print P)."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from briefgen import api

from .conftest import built, structure
from .test_build import text_of

LONG = "Why are " + "people who use drugs held in crowded centres and " * 4 + "not treated?"
BRIEF = f"""
audience: government
label: Briefing
title: Questions for the minister
date: 2020-05-13
blocks:
  - type: list
    heading: Questions to ask the minister
    style: numbered
    items:
      - Why has the prison population risen by {{stat:prison_growth}}?
      - "When will **CC1** be decongested? {{cite:amnesty2020}}"
      - {LONG}
  - type: list
    items: [A first point, A second point]
  - type: note
    text: Figures are approximate and illustrative.
  - type: sources
    heading: Sources
"""


def _build(root: Path) -> Path:
    (root / "briefs" / "questions.yaml").write_text(BRIEF.lstrip())
    return built(api.build(root, ["questions"]))[0].path


def test_lists_print_their_numbers_and_bullets_and_cite_their_figures(project: Path) -> None:
    text = " ".join(text_of(_build(project)).split())
    assert "Questions to ask the minister 1 Why has the prison population risen by 78%[1]?" in text
    assert "2 When will CC1 be decongested? [2] 3 Why are people" in text
    assert "• A first point • A second point" in text
    assert "Figures are approximate and illustrative." in text


def test_lists_are_tagged_as_lists_and_the_note_as_a_paragraph(project: Path) -> None:
    tree = structure(PdfReader(_build(project)))
    roles = [role for _depth, role, _el in tree]
    lists = [i for i, role in enumerate(roles) if role == "/L"]
    assert len(lists) == 2
    depth = tree[lists[0]][0]
    items = []
    for d, role, _el in tree[lists[0] + 1 :]:
        if d <= depth:
            break
        if d == depth + 1:
            items.append(role)
    assert items == ["/LI"] * 3
    first = roles[lists[0] + 1 : lists[0] + 4]
    assert first == ["/LI", "/Lbl", "/LBody"]
    # the blocks' sections: two lists, the note (one small-print P), the sources (Notes)
    sects = [i for i, (depth, role, _el) in enumerate(tree) if depth == 1 and role == "/Sect"]
    note = [role for depth, role, _el in tree[sects[2] + 1 : sects[3]] if depth == 2]
    assert note == ["/P"]
    assert roles.count("/Note") == 2  # the two sources cited, not the note


def test_a_long_item_hangs_under_its_first_line_not_its_number(project: Path) -> None:
    reader = PdfReader(_build(project))
    starts: list[tuple[float, str]] = []

    def visit(text: str, cm, tm, font, size) -> None:
        if text.strip():
            starts.append((round(tm[4] * cm[0] + cm[4], 1), text.strip()))

    reader.pages[0].extract_text(visitor_text=visit)
    # the long item's lines: its first after the number, the others under it
    lines = [(x, t) for x, t in starts if t.split()[0] in ("3", "Why", "people", "and", "not")]
    number = next(x for x, t in lines if t == "3")
    text = [x for x, t in lines if t != "3"]
    assert len(text) >= 2  # it wraps
    assert max(text) - min(text) < 0.5  # every line starts at the same indent
    assert min(text) - number > 8  # right of the number's column

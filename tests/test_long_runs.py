"""Long runs without spaces (URLs, identifiers, pasted junk) in built briefs: broken at any
character where they do not fit a line, quickly, and every character of them printed."""

from __future__ import annotations

import random
import re
import time
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen import api

from .conftest import built, copy_case

# No digits (page numbers), spaces (running heads) or markup; quotes would be curled.
ALPHABET = "abcdefghXYZ/-.:;!?#%+=~"
FIGURES_TABLE = "  - type: figures_table\n    columns: [Figure, Value, Source]\n    items:\n"
PLACES = {
    "paragraph": "  - type: text\n    text: '{run}'\n",
    "heading": "  - type: text\n    heading: '{run}'\n    text: Body.\n",
    "list heading": "  - type: facts\n    heading: '{run}'\n    items: [A fact.]\n",
    "list item": "  - type: facts\n    items: ['{run}']\n",
    "table cell": FIGURES_TABLE + "      - stat: people\n        label: '{run}'\n",
}


def junk(length: int) -> str:
    """`length` characters without a space."""
    pick = random.Random(length)
    return "".join(pick.choice(ALPHABET) for _ in range(length))


def printed(path: Path) -> str:
    """The runs of text the PDF draws that hold only characters of ALPHABET, in order."""
    runs: list[str] = []

    def visit(text: str, *_args: object) -> None:
        text = unicodedata.normalize("NFKC", text).strip()  # a ligature's glyph: "ﬀ" is "ff"
        if text and set(text) <= set(ALPHABET):
            runs.append(text)

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return "".join(runs)


def build_with(tmp_path: Path, case: str, edit: str, run: str) -> tuple[Path, float]:
    """The test project `case` with `run` put where `edit` says (a block of PLACES, or
    "title"), built: the brief's PDF and the seconds the build took."""
    root = copy_case(case, tmp_path / "project")
    brief = root / "briefs" / "short.yaml"
    text = brief.read_text(encoding="utf-8")
    if edit == "title":
        text = re.sub(r"^title: .*$", f"title: '{run}'", text, count=1, flags=re.M)
    else:
        text = text.replace("blocks:\n", "blocks:\n" + PLACES[edit].format(run=run), 1)
    brief.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    built(api.build(root, jobs=1))
    seconds = time.perf_counter() - start
    print(f"{case} {edit} {len(run)} characters: {seconds:.2f} s")
    return root / "out" / "short.pdf", seconds


@pytest.mark.parametrize("place", [*PLACES, "title"])
def test_a_long_run_is_broken_quickly_and_printed_whole(tmp_path: Path, place: str) -> None:
    run = junk(2000)
    path, seconds = build_with(tmp_path, "minimal", place, run)
    assert seconds < 5
    assert run in printed(path)


@pytest.mark.parametrize("place", ["heading", "list heading", "paragraph"])
def test_a_run_of_ten_thousand_characters_is_laid_out_within_seconds(
    tmp_path: Path, place: str
) -> None:
    run = junk(10_000)
    path, seconds = build_with(tmp_path, "minimal", place, run)
    assert seconds < 10
    assert run in printed(path)


@pytest.mark.parametrize("place", ["paragraph", "list heading"])
def test_a_long_run_in_a_brief_in_its_own_shaped_fonts(tmp_path: Path, place: str) -> None:
    run = junk(2000)
    path, seconds = build_with(tmp_path, "khmer", place, run)
    assert seconds < 5
    assert run in printed(path)

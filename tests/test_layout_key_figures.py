"""Key figures in built briefs: 1 to 8 figures of long ranges with several citations each, in
balanced rows, each figure with its citation on one line of its cell."""

from __future__ import annotations

import re
from itertools import cycle
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen import api
from briefgen.layout.blocks.key_figures import balanced

from .conftest import built, copy_case

SOURCES = "sources:\n" + "".join(
    f"  - id: s{i}\n    publisher: Publisher {i}\n    title: Report {i}\n"
    f"    date: 2021-03-04\n    kind: report\n"
    for i in range(1, 4)
)
# Each quantity claimed three times, by three sources: printed as the lowest to the highest,
# cited [1, 2, 3].
VALUES = [
    (6_252_000, 12_000_000, 30_000_000_000),
    (3_200_000_000, 4_100_000_000, 999_250_000_000_000),
    (88, 1250, 99_999_999),
    (42, 57, 61),
]
STATISTICS = "statistics:\n" + "".join(
    f"  - id: q{q}s{s}\n    label: The quantity {q}\n    value: {value}\n    unit: count\n"
    f'    as_of: "2021"\n    source: s{s}\n    quantity: quantity{q}\n'
    for q, values in enumerate(VALUES)
    for s, value in enumerate(values, start=1)
)


KINDS = {"short": [3], "range": [0], "wide": [0, 1, 2]}  # what the panels' figures are


def brief(count: int, quantities: list[int]) -> str:
    """A brief of `count` key figures, each a range of three claims about one of
    `quantities`, in turn."""
    items = "".join(
        f"      - stat: [q{q}s1, q{q}s2, q{q}s3]\n        label: Figure {i + 1} of the panel\n"
        for i, q in zip(range(count), cycle(quantities), strict=False)
    )
    return (
        "audience: readers\nlabel: Test\ntitle: Key figures\ndate: 2021-05-01\nblocks:\n"
        f"  - type: key_figures\n    heading: Key figures\n    items:\n{items}"
        "  - type: sources\n"
    )


@pytest.fixture(scope="module")
def panels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with a brief of 1 to 8 key figures, built."""
    root = copy_case("minimal", tmp_path_factory.mktemp("figures") / "project")
    (root / "data" / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (root / "data" / "statistics.yaml").write_text(STATISTICS, encoding="utf-8")
    for name in ("charts", "quotes", "recommendations"):
        (root / "data" / f"{name}.yaml").write_text(f"{name}: []\n", encoding="utf-8")
    (root / "briefs" / "short.yaml").unlink()
    for count in range(1, 9):
        for name, quantities in KINDS.items():
            text = brief(count, quantities)
            (root / "briefs" / f"{name}{count}.yaml").write_text(text, encoding="utf-8")
    built(api.build(root))
    return root


def test_rows_are_balanced() -> None:
    assert [balanced(n, 4) for n in range(1, 9)] == [
        [1],
        [2],
        [3],
        [4],
        [3, 2],
        [3, 3],
        [4, 3],
        [4, 4],
    ]
    assert balanced(8, 3) == [3, 3, 2] and balanced(5, 1) == [1] * 5


def figure_lines(path: Path) -> list[tuple[float, float, str]]:
    """The numbers of the figures on the first page: (x, y, text) of each run of text that is
    a range."""
    runs: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if re.fullmatch(r"[\d,]+–[\d,]+", text.strip()):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((round(x, 1), round(y, 1), text.strip()))

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("count", range(1, 9))
def test_figures_fit_on_one_line_in_balanced_rows(panels: Path, kind: str, count: int) -> None:
    path = panels / "out" / f"{kind}{count}.pdf"
    text = " ".join(PdfReader(path).pages[0].extract_text().split())
    ranges = re.findall(r"[\d,]+–[\d,]+\[1, 2, 3\]", text)
    assert len(ranges) == count, text  # no number or citation broken across lines
    lines = figure_lines(path)
    assert len(lines) == count  # each number on one line
    rows = sorted({y for _x, y, _t in lines}, reverse=True)
    lengths = [len([1 for _x, y, _t in lines if y == row]) for row in rows]
    assert lengths == balanced(count, lengths[0])
    if kind == "short":  # figures that fit four a row are four a row at most
        assert lengths == balanced(count, 4)
    else:  # fewer columns, not broken figures: 6,252,000–30,000,000,000[1, 2, 3] fits two a row
        assert lengths[0] == (2 if kind == "range" and count > 1 else 1)
        assert "6,252,000–30,000,000,000[1, 2, 3]" in text

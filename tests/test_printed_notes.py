"""`printed_note:` on a statistic and a source is printed where each is shown (under a key
figure, in a figures table row, under a chart, after a source's entry), while `note:` stays
an editors' remark, never printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen import api

from .conftest import PEOPLE, built, copy_case
from .pdfcheck import text_of

SOURCES = """sources:
  - id: src1
    publisher: Test Publisher
    title: A report
    date: 2021-03-04
    kind: report
    note: Editors only, source.
    printed_note: The agency's own count, not independently verified.
"""

STATISTICS = (
    "statistics:\n"
    + PEOPLE
    + """\
    note: Editors only, statistic.
    printed_note: Includes pre-trial detention.
  - id: staff
    label: Prison staff
    value: 300
    unit: count
    as_of: "2021"
    source: src1
"""
)

BRIEF = """audience: readers
label: Test brief
title: Notes
date: 2021-05-01
blocks:
  - type: key_figures
    items:
      - stat: people
      - stat: staff
  - type: figures_table
    columns: [Figure, Value, Source]
    items:
      - stat: people
  - type: chart
    chart: held
  - type: text
    text: There are {stat:people} people held.
  - type: sources
"""


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_case("minimal", tmp_path_factory.mktemp("notes") / "p")
    (root / "data" / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (root / "data" / "statistics.yaml").write_text(STATISTICS, encoding="utf-8")
    (root / "briefs" / "short.yaml").write_text(BRIEF, encoding="utf-8")
    assert api.check(root, strict=True) == []
    built(api.build(root))
    return root / "out" / "short.pdf"


def test_a_statistics_printed_note_is_shown_where_the_figure_is(pdf: Path) -> None:
    text = text_of(pdf)
    assert "People held Includes pre-trial detention." in text  # key figure, table row
    assert "300[1] Prison staff" in text  # a figure without one: nothing added
    assert text.count("Includes pre-trial detention.") == 3  # and under the chart
    assert "people held. Includes" not in text  # never in prose


def test_a_sources_printed_note_follows_its_entry(pdf: Path) -> None:
    assert (
        "[1] Test Publisher, “A report”, 4 March 2021. The agency’s own count, not "
        "independently verified." in text_of(pdf)
    )


def test_editors_notes_are_never_printed(pdf: Path) -> None:
    assert "Editors only" not in text_of(pdf)


def test_a_brief_with_printed_notes_passes_verify(pdf: Path) -> None:
    assert api.verify(pdf).findings == []

"""The stress brief (tests/projects/stress, a made-up campaign): a recommendation of several
long paragraphs over page breaks, eight key figures with ranges, one-bar and thirty-bar
charts, a table of forty rows, a long call to action and a run of 150 characters without a
space. It must build, and read back whole."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen import api

from .conftest import PROJECTS, REPO, built
from .pdfcheck import broken_figures, read_body


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The stress project, with the shipped fonts and logo."""
    root = tmp_path_factory.mktemp("stress")
    shutil.copytree(PROJECTS / "stress", root, dirs_exist_ok=True)
    shutil.copytree(REPO / "assets", root / "assets")
    return root


@pytest.fixture(scope="module")
def stress(root: Path) -> tuple[PdfReader, float]:
    started = time.perf_counter()
    [outcome] = built(api.build(root, jobs=1))
    return PdfReader(outcome.path), time.perf_counter() - started


def test_the_stress_brief_is_clean_under_strict_checks(root: Path) -> None:
    assert api.check(root, strict=True) == []


def test_the_stress_brief_builds_in_a_few_seconds(stress: tuple[PdfReader, float]) -> None:
    reader, took = stress
    assert 5 <= len(reader.pages) <= 12
    assert took < 10, f"the stress brief took {took:.1f} s"


def test_every_province_every_row_and_the_long_run_are_printed(
    stress: tuple[PdfReader, float],
) -> None:
    reader, _ = stress
    text = "".join(page.extract_text() for page in reader.pages)
    squashed = re.sub(r"\s+", "", text)
    for name in ("Lantern Isles and Outlying Reefs", "Northern Highlands and Lake District"):
        assert name.replace(" ", "") in squashed
    assert "https://example.org/" + "a" * 150 in squashed
    assert text.count("Figure") >= 3  # the table's header, repeated on each page it spans


def test_no_figure_or_citation_is_broken_and_nothing_is_off_the_page(
    stress: tuple[PdfReader, float],
) -> None:
    body = read_body(stress[0])
    assert not broken_figures(body.pairs)
    assert not body.outside

"""A point of a statistic's series (`stat: ID@PERIOD`) in key figures and figures tables: its
value and caption as printed, its row in the PDF's figures table, audit's reading of it, and
an unknown period refused at its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefgen import api
from briefgen.cli import main

from .conftest import PEOPLE, built, copy_case, detained
from .pdfcheck import text_of

STATISTICS = "statistics:\n" + PEOPLE + detained("held")

BRIEF = """audience: readers
label: Test brief
title: Points
date: 2021-05-01
blocks:
  - type: key_figures
    items:
      - stat: held@2016
      - stat: held@2017
        label: Detained in 2017
      - stat: held
  - type: figures_table
    columns: [Figure, Value, Source]
    items:
      - stat: held@2018
  - type: sources
"""


def project(root: Path, brief: str = BRIEF) -> Path:
    copy_case("minimal", root)
    (root / "data" / "statistics.yaml").write_text(STATISTICS, encoding="utf-8")
    (root / "briefs" / "short.yaml").write_text(brief, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = project(tmp_path_factory.mktemp("points") / "p")
    assert api.check(root, strict=True) == []
    built(api.build(root))
    return root / "out" / "short.pdf"


def test_a_point_in_key_figures_prints_its_value_and_period(pdf: Path) -> None:
    text = text_of(pdf)
    assert "100[1] People detained (2016)" in text  # the caption names the period
    assert "ABOUT 150[1] Detained in 2017" in text  # implied by a note: 'about'
    assert "OVER 200[1] People detained" in text  # the statistic itself


def test_a_point_in_a_figures_table_takes_the_statistics_own_value(pdf: Path) -> None:
    # the last point has no value of its own: the statistic's, with its qualifier
    assert "People detained (2018) over 200[1] Test Publisher, 4 March 2021" in text_of(pdf)


def test_points_are_rows_of_the_figures_table_and_audit_finds_them_current(pdf: Path) -> None:
    rows = json.loads(PdfReader(pdf).attachments["figures.json"][0])["figures"]
    printed = {(r["statistic"], r["printed"], r["value"]) for r in rows}
    assert {("held@2016", "100", 100), ("held@2017", "about 150", 150)} <= printed
    assert ("held@2018", "over 200", 200) in printed
    result = CliRunner().invoke(main, ["audit", str(pdf), "--project", str(pdf.parent.parent)])
    assert result.exit_code == 0, result.output


def test_an_unknown_period_in_a_key_figure_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = project(tmp_path / "p", BRIEF.replace("held@2016", "held@2015"))
    result = CliRunner().invoke(main, ["check", "--project", str(root)])
    assert result.exit_code != 0
    assert (
        "briefs/short.yaml:8: error: blocks[1].items[1].stat: stat: held@2015: '2015' is not a "
        "period of its series (periods: 2016, 2017, 2018)"
    ) in result.output


def test_a_point_of_a_statistic_without_series_is_an_error(tmp_path: Path) -> None:
    brief = BRIEF.replace("held@2017", "people@2017")
    root = project(tmp_path / "p", brief)
    result = CliRunner().invoke(main, ["check", "--project", str(root)])
    assert (
        "briefs/short.yaml:9: error: blocks[1].items[2].stat: stat: people@2017: statistic "
        "'people' has no `series:`; refer to it as stat: people"
    ) in result.output

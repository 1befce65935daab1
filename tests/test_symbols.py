"""Symbols the brief's fonts lack (the minus sign, ≥, →) are printed in the project's symbols
font, embedded only in the briefs that print one; the brief still passes verify."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefgen import api
from briefgen.cli import main
from briefgen.fonts import LATIN, SYMBOL_FACES, SYMBOLS
from briefgen.layout import fallback_runs

from .conftest import PEOPLE, built, copy_case

STATISTICS = (
    "statistics:\n"
    + PEOPLE
    + """\
  - id: fall
    label: Change in arrests
    value: -12
    unit: change
    as_of: "2021"
    source: src1
"""
)

BRIEF = """audience: readers
label: Brief → test
title: Symbols ≥ words
date: 2021-05-01
blocks:
  - type: summary
    text: Arrests changed by {stat:fall}; detention **≥ 90 days** → *release*.
  - type: key_figures
    items:
      - stat: fall
  - type: sources
"""


def embedded_fonts(pdf: Path) -> dict[str, bool]:
    """Every font the pages use, by base name (subset prefix removed): whether its file is
    embedded."""
    out = {}
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            for font in page.Resources.get("/Font", {}).values():
                name = str(font.BaseFont).split("+")[-1]
                descriptor = font.get("/FontDescriptor")
                out[name] = descriptor is not None and "/FontFile2" in descriptor
    return out


def text_of(pdf: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())


@pytest.fixture(scope="module")
def symbols(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_case("minimal", tmp_path_factory.mktemp("symbols") / "p")
    (root / "data" / "statistics.yaml").write_text(STATISTICS, encoding="utf-8")
    (root / "briefs" / "signs.yaml").write_text(BRIEF, encoding="utf-8")
    built(api.build(root))
    return root / "out"


def test_the_minus_sign_and_other_symbols_are_printed(symbols: Path) -> None:
    text = text_of(symbols / "signs.pdf")
    assert "Arrests changed by \u221212%[1]; detention ≥ 90 days → release." in text
    assert "\u221212%[1] Change in arrests" in text  # the key figure
    assert "Symbols ≥ words" in text  # the title
    assert "Test Org · Brief → test · 1 May 2021" in text  # the running footer
    assert "-12" not in text


def test_the_symbols_font_is_embedded_where_used_only(symbols: Path) -> None:
    assert embedded_fonts(symbols / "signs.pdf")["NotoSansMath-Regular"]
    assert all(embedded_fonts(symbols / "signs.pdf").values())
    assert "NotoSansMath-Regular" not in embedded_fonts(symbols / "short.pdf")


def test_a_brief_with_symbols_passes_verify(symbols: Path) -> None:
    assert api.verify(symbols / "signs.pdf").findings == []


def test_each_character_goes_to_the_first_font_that_has_it() -> None:
    """A language's own font, then the project's, then the symbols font: a Khmer brief's
    minus sign comes from the third."""
    khmer = frozenset(range(0x1780, 0x1800)) | {ord(" ")}
    latin = frozenset(range(0x20, 0x7F))
    math = frozenset({0x2212})
    out = fallback_runs(
        "<b>ក \u221212% x</b>", [(khmer, None), (latin, LATIN), (math, SYMBOL_FACES)]
    )
    assert out == (
        f'<b>ក <font face="{SYMBOLS}">\u2212</font><font face="{LATIN.bold}">12% x</font></b>'
    )


def test_a_project_without_the_symbols_font_is_told_where_to_find_it(tmp_path: Path) -> None:
    root = copy_case("minimal", tmp_path / "p")
    (root / "assets" / "fonts" / "NotoSansMath-Regular.ttf").unlink()
    result = CliRunner().invoke(main, ["check", "--project", str(root)])
    assert result.exit_code != 0
    assert (
        "briefgen.yaml:1: error: branding.fonts.symbols: font file "
        "'assets/fonts/NotoSansMath-Regular.ttf' not found in the project; copy "
        "NotoSansMath-Regular.ttf from briefgen's assets/fonts/ into the project's"
    ) in result.output

"""The second example project (examples/philippines): another country, another topic, built
from YAML alone. It passes `check --strict`, and its briefs print what the data model for any
campaign promises: a single-source range, claims of different scope attributed, money in
compact form, a declared audience with its asks heading, a numbered list, a note, and a
brief on Letter paper."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefgen import api
from briefgen.cli import main

from .conftest import REPO, built

EXAMPLE = REPO / "examples" / "philippines"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("example") / "philippines"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("out"))
    built(api.build(root))
    return root


def text(root: Path, name: str) -> str:
    reader = PdfReader(root / "out" / f"{name}.pdf")
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_example_passes_strict_checks() -> None:
    result = CliRunner().invoke(main, ["check", "--strict", "--project", str(EXAMPLE)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "ok: philippines is valid\n"


def test_claims_of_different_scope_print_as_a_span_and_attributed(example: Path) -> None:
    donor = text(example, "donor")
    assert "has killed 6,252 to 30,000[1, 2] people" in donor
    press = text(example, "press")
    assert (
        "Deaths: 6,252 according to Philippine Drug Enforcement Agency[1] and 12,000 to 30,000 "
        "according to Human Rights Watch[2]"
    ) in press


def test_a_range_money_and_a_change_in_key_figures(example: Path) -> None:
    donor = text(example, "donor")
    for printed in ("12,000–30,000", "+29%", "US$3.2 million"):
        assert printed in donor
    assert "would cost about US$3.2 million[3] a year" in donor


def test_a_declared_audience_prints_its_asks_heading(example: Path) -> None:
    parliament = text(example, "parliament")
    assert parliament.count("What Parliament can do") == 3
    assert not re.search(r"\bparliament\b", parliament)  # never the audience's raw id


def test_a_numbered_list_and_a_note(example: Path) -> None:
    press = text(example, "press")
    assert "Questions to ask the minister 1 How many of the 6,252[1] deaths" in press
    assert "Figures cited to the Example Rights Network are illustrative, not real data." in press


def test_the_donor_brief_is_on_letter_paper_and_the_others_on_a4(example: Path) -> None:
    sizes = {
        name: tuple(
            round(float(v))
            for v in PdfReader(example / "out" / f"{name}.pdf").pages[0].mediabox[2:]
        )
        for name in ("donor", "press", "parliament")
    }
    assert sizes == {"donor": (612, 792), "press": (595, 842), "parliament": (595, 842)}


def test_every_brief_passes_verify(example: Path) -> None:
    for name in ("donor", "press", "parliament"):
        assert api.verify(example / "out" / f"{name}.pdf").findings == []


def test_a_line_chart_of_two_series_names_each_line(example: Path) -> None:
    donor = text(example, "donor")
    assert "People held in city and municipal jails" in donor
    assert "People the jails were built to hold" in donor
    assert "Jails held four times the people they were built for" in donor

"""Figures of any campaign, as a built brief prints them: a range stated by one source, claims
of different scope (as a range and attributed), money, compact amounts, signed changes and
the minus sign, the new qualifiers, a point of a series; and the data each is refused for,
at its line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefgen import api
from briefgen.cli import main
from briefgen.errors import ProjectError

from .conftest import PEOPLE, built, copy_case, detained
from .pdfcheck import text_of

SOURCES = """sources:
  - id: src1
    publisher: Test Publisher
    title: A report
    date: 2021-03-04
    kind: report
  - id: gov
    publisher: the Drug Enforcement Agency
    title: Operations
    date: 2021-02-01
    kind: official statement
  - id: hrw
    publisher: Human Rights Watch
    title: License to Kill
    date: 2021-03-01
    kind: report
"""

STATISTICS = (
    "statistics:\n"
    + PEOPLE
    + """\
  - id: killed_police
    label: People killed in police operations
    value: 6252
    unit: count
    qualifier: at least
    as_of: "2021"
    source: gov
    quantity: killings
    scope: killed in police operations
  - id: killed_all
    label: People killed in the campaign
    value: [12000, 30000]
    unit: count
    as_of: "2021"
    source: hrw
    quantity: killings
    scope: all killings, including vigilante
  - id: aid
    label: Aid pledged
    value: 3200000
    unit: currency
    currency: USD
    compact: true
    as_of: "2021"
    source: src1
  - id: budget
    label: Budget
    value: 1500000
    unit: currency
    currency: EUR
    as_of: "2021"
    source: src1
  - id: fall
    label: Change in arrests
    value: -12
    unit: change
    as_of: "2021"
    source: src1
  - id: rise
    label: Change in detention
    value: 78
    unit: change
    as_of: "2021"
    source: src1
  - id: swing
    label: Change in funding
    value: [-12, 5]
    unit: percent
    as_of: "2021"
    source: src1
  - id: cases
    label: Cases heard
    value: 500
    unit: count
    qualifier: nearly
    as_of: "2021"
    source: src1
"""
    + detained("trend")
)

CHARTS = """charts:
  - id: held
    kind: line
    title: People detained
    series: trend
    alt: A line rising from {stat:trend@2016} people in 2016 to {stat:trend}.
"""

BRIEF = """audience: readers
label: Test brief
title: Numbers
date: 2021-05-01
blocks:
  - type: summary
    text: >-
      Killings: {stat:killed_police,killed_all}. By source:
      {stat:killed_police,killed_all|by}. Aid {stat:aid}, budget {stat:budget}. Arrests
      changed by {stat:fall}, detention by {stat:rise}, funding by {stat:swing}. Cases:
      {stat:cases}. In 2016, {stat:trend@2016}; in 2017, {stat:trend@2017}.
  - type: key_figures
    items:
      - stat: killed_all
      - stat: swing
      - stat: aid
      - stat: [killed_police, killed_all]
  - type: figures_table
    columns: [Figure, Value, Source]
    items:
      - stat: killed_all
      - stat: budget
  - type: chart
    chart: held
  - type: sources
"""


def project(root: Path, **files: str) -> Path:
    """The minimal project with the numbers above, `files` (data name or 'brief') replaced."""
    copy_case("minimal", root)
    texts = {"sources": SOURCES, "statistics": STATISTICS, "charts": CHARTS, **files}
    for name in ("sources", "statistics", "charts"):
        (root / "data" / f"{name}.yaml").write_text(texts[name], encoding="utf-8")
    (root / "data" / "recommendations.yaml").write_text("recommendations: []\n")
    (root / "briefs" / "short.yaml").write_text(files.get("brief", BRIEF), encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(ProjectError) as caught:
        api.check(root)
    return [str(p) for p in caught.value.problems]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = project(tmp_path_factory.mktemp("numbers") / "p")
    assert api.check(root, strict=True) == []  # different scopes: no conflict, no warning
    built(api.build(root))
    return root / "out" / "short.pdf"


def test_claims_of_different_scope_print_as_one_range_and_attributed(pdf: Path) -> None:
    text = text_of(pdf)
    assert "Killings: at least 6,252 to 30,000[1, 2]." in text  # the ends only, each cited
    assert (
        "By source: at least 6,252 according to the Drug Enforcement Agency[1] and 12,000 to "
        "30,000 according to Human Rights Watch[2]." in text
    )


def test_a_range_in_key_figures_and_the_table(pdf: Path) -> None:
    text = text_of(pdf)
    assert "12,000–30,000[2] People killed in the campaign" in text
    assert "\u221212% – 5%[3] Change in funding" in text  # the minus sign, from the symbols font
    assert "AT LEAST – 6,252–30,000[1, 2]" in text  # each end's qualifier above it
    assert "People killed in the campaign 12,000–30,000[2] Human Rights Watch" in text


def test_money_compact_amounts_and_signed_changes(pdf: Path) -> None:
    text = text_of(pdf)
    assert "Aid US$3.2 million[3], budget €1,500,000[3]." in text
    assert (
        "Arrests changed by \u221212%[3], detention by +78%[3], funding by \u221212% to 5%[3]."
        in text
    )
    assert "US$3.2 million[3] Aid pledged" in text  # key figure


def test_negative_figures_take_the_minus_sign_in_fonts_that_have_it(tmp_path: Path) -> None:
    import matplotlib

    root = project(tmp_path / "p")
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name in ("DejaVuSans", "DejaVuSans-Bold"):
        shutil.copy(fonts / f"{name}.ttf", root / "assets" / "fonts" / f"{name}.ttf")
    config = root / "briefgen.yaml"
    config.write_text(
        config.read_text()
        + "branding:\n  fonts:\n"
        + "".join(
            f"    {role}: assets/fonts/DejaVuSans{face}.ttf\n"
            for role, face in (
                ("regular", ""),
                ("bold", "-Bold"),
                ("italic", ""),
                ("bold_italic", "-Bold"),
                ("heading", "-Bold"),
            )
        )
    )
    # in a process of its own: fonts are registered by name once per process
    run = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "--project", str(root), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    text = text_of(root / "out" / "short.pdf")
    assert "Arrests changed by \u221212%[3]" in text and "funding by \u221212% to 5%[3]" in text
    assert "\u221212% \u2013 5%[3] Change in funding" in text
    assert "-12" not in text


def test_new_qualifier_and_series_points(pdf: Path) -> None:
    text = text_of(pdf)
    assert "Cases: nearly 500[3]." in text
    # a point stated by the source, and one implied (its note): 'about', as the chart prints it
    assert "In 2016, 100[3]; in 2017, about 150[3]." in text


def test_a_series_point_in_alt_text(pdf: Path) -> None:
    import pikepdf

    with pikepdf.open(pdf) as doc:
        alts = [
            str(node.get("/Alt"))
            for node in _walk(doc.Root.StructTreeRoot)
            if node.get("/S") == "/Figure"
        ]
    assert "A line rising from 100 people in 2016 to over 200." in alts


def _walk(node: object):
    import pikepdf

    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary):
            yield kid
            yield from _walk(kid)


def test_the_figures_table_and_audit_know_ranges(pdf: Path) -> None:
    data = json.loads(PdfReader(pdf).attachments["figures.json"][0])
    rows = {(r["statistic"], r["printed"]): r for r in data["figures"]}
    row = rows[("killed_all", "12,000 to 30,000")]
    assert (row["value"], row["value_high"]) == (12000, 30000)
    assert rows[("aid", "US$3.2 million")]["currency"] == "USD"
    assert ("trend@2016", "100") in rows
    result = CliRunner().invoke(main, ["audit", str(pdf), "--project", str(pdf.parent.parent)])
    assert result.exit_code == 0, result.output
    stats = pdf.parent.parent / "data" / "statistics.yaml"
    stats.write_text(stats.read_text().replace("[12000, 30000]", "[14000, 30000]"))
    result = CliRunner().invoke(main, ["audit", str(pdf), "--project", str(pdf.parent.parent)])
    stats.write_text(STATISTICS)
    assert result.exit_code == 1
    assert "12,000 to 30,000 → 14,000 to 30,000" in result.output


REFUSED = [
    (
        "value: [12000, 30000]\n    unit: count\n    as_of",
        "value: [12000, 30000]\n    unit: count\n    qualifier: at least\n    as_of",
        "data/statistics.yaml:22: error: statistics.killed_all.qualifier: 'at least' reads "
        "wrong on a range ('at least 12000 to 30000'): a range already states its lowest "
        "figure; remove it, or use 'about'",
    ),
    (
        "[12000, 30000]",
        "[30000, 12000]",
        "data/statistics.yaml:20: error: statistics.killed_all.value: [30000, 12000] is not a "
        "range from low to high: write [12000, 30000]",
    ),
    (
        "currency: USD",
        "currency: usd",
        "data/statistics.yaml:30: error: statistics.aid.currency: 'usd' is not an ISO 4217 "
        "currency code; did you mean 'USD'? (three capital letters, e.g. USD, EUR, PHP)",
    ),
    (
        "value: 1200",
        "value: -150",
        "data/statistics.yaml:4: error: statistics.people.value: -150 is out of range for a "
        "count: write a value from 0 to 1,000,000,000,000,000 (a count is never negative: a "
        "fall is a `unit: change`)",
    ),
    (
        "value: 1200",
        "value: 0800",
        "data/statistics.yaml:4: error: a leading zero: write 800, or quote it if it is a code",
    ),
    (
        "label: People held\n",
        "label: no\n",
        "data/statistics.yaml:3: error: 'no' reads as true/false in some YAML and as text in "
        'other: write true or false, or quote it ("no") if it is text',
    ),
    (
        "value: 1200",
        "value: off",
        "data/statistics.yaml:4: error: 'off' reads as true/false in some YAML and as text in "
        'other: write true or false, or quote it ("off") if it is text',
    ),
    (
        "value: 1200",
        "value: 1:20",
        "data/statistics.yaml:4: error: '1:20' reads as a number in base 60 (YAML 1.1): write "
        'the number in digits, or quote it ("1:20") if it is text',
    ),
    (
        "value: 1200",
        "value: .inf",
        "data/statistics.yaml:4: error: statistics.people.value: '.inf' (infinite) is not a "
        "figure; write the figure in digits, e.g. 38000",
    ),
    (
        "value: 1200",
        "value: true",
        "data/statistics.yaml:4: error: statistics.people.value: 'true' is not a number; "
        "write the figure in digits, e.g. 38000",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), REFUSED)
def test_figures_refused_at_their_line(old: str, new: str, message: str, tmp_path: Path) -> None:
    assert old in STATISTICS
    root = project(tmp_path / "p", statistics=STATISTICS.replace(old, new, 1))
    assert message in problems(root)


def test_an_unknown_period_is_refused_with_the_periods_listed(tmp_path: Path) -> None:
    root = project(tmp_path / "p", charts=CHARTS.replace("trend@2016", "trend@2015"))
    assert problems(root) == [
        "data/charts.yaml:6: error: charts.held.alt: {stat:trend@2015}: '2015' is not a "
        "period of its series (periods: 2016, 2017, 2018)"
    ]


def test_claims_printed_in_one_block_are_together(tmp_path: Path) -> None:
    """Two claims of one scope that disagree: printed in adjacent facts of one block, no
    warning; in different blocks, a warning at the lone one's line; reconciled: none."""
    same = STATISTICS.replace(
        "    scope: all killings, including vigilante\n", "    scope: killed in police operations\n"
    )
    facts = (
        "audience: readers\nlabel: T\ntitle: T\ndate: 2021-05-01\nblocks:\n"
        "  - type: facts\n    items:\n      - '{stat:killed_police}'\n      - '{stat:killed_all}'\n"
        "  - type: sources\n"
    )
    root = project(tmp_path / "p", statistics=same, brief=facts)
    found = [str(p) for p in api.check(root)]
    assert not any("prints" in p for p in found), found
    apart = facts.replace("      - '{stat:killed_all}'\n", "  - type: text\n    text: x\n")
    apart = apart.replace("x\n", "'{stat:killed_all}'\n")
    (root / "briefs" / "short.yaml").write_text(apart)
    found = [str(p) for p in api.check(root)]
    assert any(
        p.startswith(
            "briefs/short.yaml:8: warning: blocks[1].items[1]: prints killed_police "
            "without killed_all"
        )
        for p in found
    ), found
    reconciled = same.replace(
        "    scope: killed in police operations\n",
        "    scope: killed in police operations\n    reconciled: printed side by side\n",
        1,
    )
    (root / "data" / "statistics.yaml").write_text(reconciled)
    assert not any("prints" in str(p) for p in api.check(root))

"""Figures never printed as more exact than their sources state them: claims of one value that
hedge differently, qualifiers typed in prose, compact forms that round, amounts finer than
their currency; and references that join what cannot be joined, refused at their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen import api
from briefgen import format as fmt
from briefgen.model import Statistic

from .conftest import built
from .test_numbers import problems, project, text_of

STATISTICS = """statistics:
  - id: deaths_gov
    label: Deaths, official count
    value: 38000
    unit: count
    qualifier: over
    as_of: "2021"
    source: gov
    quantity: deaths
  - id: deaths_hrw
    label: Deaths, rights groups' count
    value: 38000
    unit: count
    qualifier: about
    as_of: "2021"
    source: hrw
    quantity: deaths
  - id: held_gov
    label: People held, official count
    value: 5000
    unit: count
    as_of: "2021"
    source: gov
    quantity: held
  - id: held_hrw
    label: People held, rights groups' count
    value: 5000
    unit: count
    qualifier: more than
    as_of: "2021"
    source: hrw
    quantity: held
  - id: grants
    label: Grants
    value: 1049
    unit: count
    compact: true
    as_of: "2021"
    source: src1
  - id: crowding
    label: Crowding
    value: [0.5, 2]
    unit: ratio
    as_of: "2021"
    source: src1
  - id: spread
    label: Spread
    value: [2, 4]
    unit: ratio
    as_of: "2021"
    source: src1
  - id: fees
    label: Fees
    value: 500
    unit: currency
    currency: JPY
    as_of: "2021"
    source: src1
"""

BRIEF = """audience: readers
label: Test brief
title: Hedges
date: 2021-05-01
blocks:
  - type: summary
    text: >-
      Deaths: {stat:deaths_gov,deaths_hrw}. Held: {stat:held_gov,held_hrw}. Grants:
      {stat:grants}. Crowding: {stat:crowding}. Spread: {stat:spread}. Fees: {stat:fees}.
  - type: key_figures
    items:
      - stat: [deaths_gov, deaths_hrw]
      - stat: [held_gov, held_hrw]
  - type: sources
"""


def hedges(root: Path, statistics: str = STATISTICS, brief: str = BRIEF) -> Path:
    """The minimal project with the statistics and the brief above."""
    return project(root, statistics=statistics, charts="charts: []\n", brief=brief)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = hedges(tmp_path_factory.mktemp("hedges") / "p")
    assert api.check(root, strict=True) == []  # claims of one value agree: no conflict
    built(api.build(root))
    return root / "out" / "short.pdf"


def test_claims_of_one_value_keep_a_qualifier_every_claim_fits(pdf: Path) -> None:
    """'over' and 'about' 38,000: 'about'; an exact 5,000 and 'more than 5,000': 'at least',
    in prose and in key figures, never the bare figure."""
    text = text_of(pdf)
    assert "Deaths: about 38,000[1, 2]. Held: at least 5,000[1, 2]." in text
    assert "ABOUT 38,000[1, 2]" in text
    assert "AT LEAST 5,000[1, 2]" in text


def test_a_compact_figure_keeps_the_decimals_that_make_it_true(pdf: Path) -> None:
    assert "Grants: 1.05 thousand[3]." in text_of(pdf)  # not '1 thousand' for 1,049


@pytest.mark.parametrize(
    ("value", "locale", "printed"),
    [
        (1049, "fr", "1,05 millier"),
        (1000, "fr", "1\u202f000"),  # French 'mille' shows no number: printed in full
        (1_234_567, "ja", "123.5万"),  # the locale's own scale (10,000s)
        (3_249_000, "de", "3,25 Millionen"),
    ],
)
def test_a_compact_form_is_within_a_percent_in_any_language(
    value: float, locale: str, printed: str
) -> None:
    data = {"id": "x", "label": "X", "unit": "count", "as_of": "2021", "source": "s"}
    stat = Statistic.model_validate({**data, "value": value, "compact": True})
    assert fmt.prose([stat], fmt.Notation(locale=locale)) == printed


def test_both_ends_of_a_ratio_range_follow_one_rule(pdf: Path) -> None:
    text = text_of(pdf)
    assert "Crowding: 0.5 to 2 times[3]." in text  # not '0.5 to two times'
    assert "Spread: two to four times[3]." in text
    assert "Fees: JP¥500[3]." in text


def test_an_amount_finer_than_its_currency_is_refused_at_its_line(tmp_path: Path) -> None:
    root = hedges(tmp_path / "p", STATISTICS.replace("value: 500\n", "value: 0.5\n"))
    assert problems(root) == [
        "data/statistics.yaml:54: error: statistics.fees.value: 0.5 has more decimals than "
        "JPY amounts have (none): round it to a whole amount"
    ]


def test_a_qualifier_typed_before_an_exact_statistic_is_flagged_at_its_line(
    tmp_path: Path,
) -> None:
    brief = BRIEF.replace("Fees: {stat:fees}.", "\n\n      Fees come to around {stat:fees}.")
    root = hedges(tmp_path / "p", brief=brief)
    found = [str(p) for p in api.check(root)]
    assert found == [
        "briefs/short.yaml:11: warning: blocks[1].text: 'around' is typed before "
        "{stat:fees}, but statistics.fees has no qualifier, so other places print the figure "
        "as exact: give the statistic `qualifier: about` so every place prints it, and "
        "delete 'around' here"
    ]
    exact = brief.replace("around {stat:fees}", "exactly {stat:fees}")
    (root / "briefs" / "short.yaml").write_text(exact)
    assert api.check(root) == []  # an exact statistic said to be exact loses nothing


def test_a_scope_without_a_quantity_is_flagged_at_its_line(tmp_path: Path) -> None:
    scoped = STATISTICS.replace("    compact: true\n", "    compact: true\n    scope: new grants\n")
    found = [str(p) for p in api.check(hedges(tmp_path / "p", scoped))]
    assert found == [
        "data/statistics.yaml:38: warning: statistics.grants.scope: a scope tells apart claims "
        "about one quantity, and this statistic has no `quantity:`: add the `quantity:` its "
        "claims share, or remove `scope:`"
    ]


JOINED = [
    (
        "{stat:grants,grants}",
        "briefs/short.yaml:7: error: blocks[1].text: the same statistic twice ('grants'): "
        "name each claim once",
    ),
    (
        "{stat:grants,fees|by}",
        "briefs/short.yaml:7: error: blocks[1].text: '|by' sets claims about one quantity "
        "side by side, but grants, fees share no `quantity:`: if they state one thing, give "
        "them the same `quantity:`; if they count different things, write them apart, "
        "{stat:grants} and {stat:fees}",
    ),
    (
        "{stat:held_gov,share|by}",
        "briefs/short.yaml:7: error: blocks[1].text: held_gov, share are claims about one "
        "quantity in different units (count, percent), which cannot be set against each "
        "other: state them in one unit, or write them apart, {stat:held_gov} and {stat:share}",
    ),
]


def test_a_key_figure_of_two_quantities_is_refused_at_its_item(tmp_path: Path) -> None:
    brief = BRIEF.replace("      - stat: [held_gov, held_hrw]\n", "      - stat: [grants, fees]\n")
    assert problems(hedges(tmp_path / "p", brief=brief)) == [
        "briefs/short.yaml:13: error: blocks[2].items: a range joins claims about one "
        "quantity, but grants, fees share no `quantity:`: if they state one thing, give them "
        "the same `quantity:`; if they count different things, write them apart, one item "
        "each, `stat: grants` and `stat: fees`"
    ]


@pytest.mark.parametrize(("reference", "message"), JOINED)
def test_references_joining_what_cannot_be_joined_are_refused(
    reference: str, message: str, tmp_path: Path
) -> None:
    share = (
        "  - id: share\n    label: Share held\n    value: 40\n    unit: percent\n"
        '    as_of: "2021"\n    source: hrw\n    quantity: held\n'
    )
    brief = BRIEF.replace("Deaths: {stat:deaths_gov,deaths_hrw}.", f"Joined: {reference}.")
    root = hedges(tmp_path / "p", STATISTICS + share, brief)
    assert problems(root) == [message]

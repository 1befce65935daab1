"""Planning: what each brief uses, which briefs a build writes, and the inputs it keys them by."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen import api, plan
from briefgen.errors import UsageError
from briefgen.plan import Uses
from briefgen.state import digest

from .conftest import copy_case

MORE_STATISTICS = """
  - id: freed
    label: People freed
    value: 300
    unit: count
    as_of: "2021"
    source: src2
  - id: unused
    label: Printed by no brief
    value: 5
    unit: count
    as_of: "2021"
    source: src1
"""

MORE_SOURCES = """
  - id: src2
    publisher: Other Publisher
    title: Another report
    date: 2021-04-01
    kind: report
"""

MORE_QUOTES = """
  - id: q2
    text: "{stat:freed} were freed last year."
    speaker: Someone else
    role: lawyer
    kind: testimony
    source: src1
"""

BRIEFS = {
    # prints the recommendations only: the statistic their rationale cites is used too
    "asks": "blocks:\n  - type: recommendations\n  - type: sources\n",
    # a quote citing a statistic whose source is not the quote's own
    "voices": (
        "blocks:\n  - type: quotes\n    items: [q2]\n  - type: sources\n    heading: Sources\n"
    ),
}


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The minimal project, with a statistic printed only in a quote, one printed by no brief,
    and two more briefs (see BRIEFS)."""
    root = copy_case("minimal", tmp_path / "p")
    append(root / "data" / "statistics.yaml", MORE_STATISTICS)
    append(root / "data" / "sources.yaml", MORE_SOURCES)
    append(root / "data" / "quotes.yaml", MORE_QUOTES)
    for brief_id, blocks in BRIEFS.items():
        (root / "briefs" / f"{brief_id}.yaml").write_text(
            f"audience: readers\nlabel: {brief_id}\ntitle: {brief_id}\ndate: 2021-05-01\n{blocks}"
        )
    return root


def test_a_brief_uses_what_it_prints_and_what_that_refers_to(root: Path) -> None:
    project, _ = api.load(root)
    assert plan.uses(project, "short") == Uses(
        statistics={"people"},
        sources={"src1"},
        recommendations={"release"},
        quotes={"q1"},
        charts={"held"},
    )
    assert plan.uses(project, "asks") == Uses(
        statistics={"people"}, sources={"src1"}, recommendations={"release"}
    )
    assert plan.uses(project, "voices") == Uses(
        statistics={"freed"}, sources={"src1", "src2"}, quotes={"q2"}
    )


def test_select_is_every_brief_or_those_named(root: Path) -> None:
    project, _ = api.load(root)
    assert plan.select(project, []) == ["asks", "short", "voices"]
    assert plan.select(project, ["voices", "short"]) == ["voices", "short"]


def test_select_of_an_unknown_brief_is_a_usage_error_naming_the_known_ones(root: Path) -> None:
    project, _ = api.load(root)
    with pytest.raises(UsageError) as caught:
        plan.select(project, ["short", "nosuch", "other"])
    assert caught.value.message == ("no brief named 'nosuch', 'other' (known: asks, short, voices)")
    assert (caught.value.exit_code, caught.value.argument) == (2, "BRIEF_ID")


def inputs_after(root: Path, old: str, new: str) -> dict[str, dict]:
    """Every brief's inputs once `old` is replaced by `new` in data/statistics.yaml."""
    stats = root / "data" / "statistics.yaml"
    text = stats.read_text(encoding="utf-8")
    assert old in text
    stats.write_text(text.replace(old, new, 1), encoding="utf-8")
    project, _ = api.load(root)
    return {b: plan.inputs(project, b, {}, {}) for b in project.briefs}


def test_inputs_change_with_a_statistic_a_brief_uses_and_only_then(root: Path) -> None:
    before = inputs_after(root, "value: 300", "value: 300")
    unused = inputs_after(root, "value: 5\n", "value: 6\n")
    assert {b: digest(i) for b, i in unused.items()} == {b: digest(i) for b, i in before.items()}
    freed = inputs_after(root, "value: 300", "value: 310")
    assert freed["voices"]["statistics/freed"]["value"] == 310
    assert digest(freed["voices"]) != digest(before["voices"])
    assert freed["asks"] == before["asks"] and freed["short"] == before["short"]


def test_inputs_name_every_entry_a_brief_uses(root: Path) -> None:
    project, _ = api.load(root)
    font = plan.asset_paths(project)[0]
    found = plan.inputs(project, "voices", {font: "abc"}, {})
    entries = sorted(key for key in found if "/" in key)
    assert entries == [
        f"asset/{font}",
        "quotes/q2",
        "sources/src1",
        "sources/src2",
        "statistics/freed",
    ]
    assert found["output"] == "voices.pdf"


def test_a_languages_own_fonts_are_inputs_of_its_briefs_only(tmp_path: Path) -> None:
    from .conftest import copy_shipped

    project, _ = api.load(copy_shipped(tmp_path / "shipped"))
    khmer = "assets/fonts/NotoSansKhmer-Regular.ttf"
    assert khmer in plan.asset_paths(project)
    assets = {rel: "same" for rel in plan.asset_paths(project)}
    before = {b: digest(plan.inputs(project, b, assets, {})) for b in project.briefs}
    after = {
        b: digest(plan.inputs(project, b, {**assets, khmer: "new"}, {})) for b in project.briefs
    }
    assert [b for b in project.briefs if before[b] != after[b]] == ["press-km"]

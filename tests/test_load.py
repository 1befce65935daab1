"""Whatever bytes a YAML file holds, check names the file, the line and what to do: control
characters, encodings, tabs, tags, aliases, empty and cut-off files, YAML 1.1's guesses."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from briefgen import api
from briefgen.errors import ProjectError

from .conftest import copy_case

STATS = "data/statistics.yaml"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(8)
)


@pytest.fixture(scope="module", autouse=True)
def warm(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The data model built and the YAML reader loaded before anything is timed."""
    api.check(copy_case("minimal", tmp_path_factory.mktemp("warm") / "p"))


def problems(root: Path) -> list[str]:
    with pytest.raises(ProjectError) as caught:
        api.check(root)
    return [str(p) for p in caught.value.problems]


def with_file(tmp_path: Path, rel: str, content: bytes) -> Path:
    root = copy_case("minimal", tmp_path / "p")
    (root / rel).write_bytes(content)
    return root


def stats(old: str = "", new: str = "") -> bytes:
    """The minimal project's statistics with `old` replaced by `new`."""
    text = (Path(__file__).parent / "projects/minimal/data/statistics.yaml").read_text()
    return text.replace(old, new).encode() if old else text.encode()


CASES = [
    (
        stats('"2021"', '"20\x0021"'),
        7,
        "a control character (NUL) at line 7 column 15: remove it",
    ),
    (stats("label:", "label:\x1b"), 3, "a control character (ESC) at line 3 column 11: remove it"),
    (
        stats().replace(b"source: src1", b"source: src\xe9"),
        8,
        "not UTF-8 text at column 16 (byte 0xE9)",
    ),
    (stats().decode().encode("utf-16"), 1, "saved as UTF-16; save it as UTF-8"),
    (stats("    unit", "\tunit"), 5, "a tab: indent with spaces"),
    (stats("qualifier:", "qualifier: !custom"), 6, "a YAML tag ('!custom') is not allowed here"),
    (
        stats("value: 1200", "value: 0100"),
        4,
        "a leading zero: write 100, or quote it if it is a code",
    ),
    (stats("value: 1200", "value: 1:20"), 4, "'1:20' reads as a number in base 60 (YAML 1.1)"),
    (
        stats("value: 1200", "value: yes"),
        4,
        "'yes' reads as true/false in some YAML and as text in other",
    ),
    (stats()[:-30], 7, "the file looks cut off at line 7"),
    (b"statistics: [{id: people, label: L", 1, "the file looks cut off at line 1 (YAML: "),
    (b"", 1, "the file is empty; write 'statistics:' with a list of entries under it"),
    (b"- statistics:\n  - id: people\n", 1, "expected a top-level 'statistics:' key"),
    (BOMB.encode(), 1, "aliases (*name) repeat more than 10,000 values"),
    (b"statistics: &s [*s]\n", 1, "an alias (*name) refers to a block it is inside"),
]


@pytest.mark.parametrize(("content", "line", "message"), CASES)
def test_a_broken_file_is_reported_at_its_line_alone(
    content: bytes, line: int, message: str, tmp_path: Path
) -> None:
    """The cause, at its line, and no cascade of 'unknown statistic' where the entries are
    used; within a second and a few MiB, whatever the file holds."""
    root = with_file(tmp_path, STATS, content)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        found = problems(root)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert time.perf_counter() - started < 1.0 and peak < 8 * 2**20
    assert found[0].startswith(f"{STATS}:{line}: error: "), found
    assert message in found[0]
    assert not any("unknown statistic" in p for p in found), found


def test_a_tag_on_a_list_is_refused_not_dropped(tmp_path: Path) -> None:
    root = copy_case("minimal", tmp_path / "p")
    charts = root / "data" / "charts.yaml"
    charts.write_text(
        charts.read_text().replace("statistics: [", "statistics: !!python/object/apply:os.system [")
    )
    assert (
        "data/charts.yaml:5: error: a YAML tag ('!!python/object/apply:os.system') is not "
        "allowed here: remove it" in problems(root)
    )


def test_an_empty_value_says_so(tmp_path: Path) -> None:
    root = with_file(tmp_path, STATS, stats("value: 1200", "value: ~"))
    assert problems(root) == [
        "data/statistics.yaml:4: error: statistics.people.value: the value is empty; write it "
        "after the colon, or delete the line if it is optional"
    ]


def test_recommendations_block_with_none_to_print(tmp_path: Path) -> None:
    root = with_file(tmp_path, "data/recommendations.yaml", b"recommendations: []\n")
    assert problems(root) == [
        "briefs/short.yaml:10: error: blocks[3]: no recommendations to print: add them to "
        "data/recommendations.yaml, or remove this block"
    ]
    (root / "data" / "recommendations.yaml").write_text("# none yet\n")
    assert problems(root) == [
        "data/recommendations.yaml:1: error: the file is empty; write 'recommendations:' with a "
        "list of entries under it"
    ]


def test_a_data_file_left_out_holds_no_entries(tmp_path: Path) -> None:
    root = copy_case("minimal", tmp_path / "p")
    (root / "data" / "quotes.yaml").unlink()
    brief = root / "briefs" / "short.yaml"
    brief.write_text(brief.read_text().replace("items: [q1]", "items: [gone]"))
    assert problems(root) == [
        "briefs/short.yaml:12: error: blocks[4].items: unknown quote 'gone' (known: none)"
    ]


def test_a_yaml_file_briefgen_does_not_read_is_an_error(tmp_path: Path) -> None:
    root = copy_case("minimal", tmp_path / "p")
    (root / "data" / "quotes.yaml").rename(root / "data" / "Quotes.yml")
    (root / "data" / "notes.yaml").write_text("notes: []\n")
    (root / "briefs" / "short.yaml").rename(root / "briefs" / "short.yml")
    assert [p for p in problems(root) if "not read" in p] == [
        "briefs/short.yml:1: error: this file is not read: rename it briefs/short.yaml",
        "data/Quotes.yml:1: error: this file is not read: rename it data/quotes.yaml",
        "data/notes.yaml:1: error: this file is not read: data/ holds sources.yaml, "
        "statistics.yaml, recommendations.yaml, quotes.yaml, charts.yaml only: move it out of "
        "data/",
    ]

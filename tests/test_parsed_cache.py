"""YAML files parsed before, by this user, are read back from the user-level cache (memo.py):
never a different message, never an error when the cache is damaged, nothing with
--no-cache."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from briefgen import api, load, memo

from .conftest import edit


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch, empty_cache: Path) -> Path:
    """As in a new process: nothing parsed in memory, an empty user-level cache (its folder)."""
    monkeypatch.setattr(memo, "_parsed", {})
    return empty_cache


def _with_typed_figure(project: Path) -> None:
    """Two briefs of the same bytes, each with a warning: a figure typed in the text."""
    edit(project / "briefs" / "press.yaml", "heading: Media contact", "heading: Media contact 24")
    shutil.copy(project / "briefs" / "press.yaml", project / "briefs" / "press-twin.yaml")


def test_a_file_parsed_before_is_read_back_with_its_own_name(
    project: Path, fresh_process: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_typed_figure(project)
    first = [str(p) for p in api.check(project)]
    assert {p.split(":")[0] for p in first} == {"briefs/press.yaml", "briefs/press-twin.yaml"}
    parsed = list((fresh_process / "parsed").glob("*.pickle"))
    assert len(parsed) == 9  # briefgen.yaml, 5 data files, 3 briefs (two of the same bytes)
    monkeypatch.setattr(memo, "_parsed", {})

    def not_parsed(*args):
        raise AssertionError("parsed again")

    monkeypatch.setattr(load, "_compose", not_parsed)
    assert [str(p) for p in api.check(project)] == first


@pytest.mark.parametrize("content", [b"", b"\x80\x05junk", pickle.dumps({"data": None})])
def test_a_damaged_or_foreign_cached_parse_is_parsed_again(
    project: Path, fresh_process: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    _with_typed_figure(project)
    first = [str(p) for p in api.check(project)]
    for path in (fresh_process / "parsed").glob("*.pickle"):
        path.write_bytes(content)
    monkeypatch.setattr(memo, "_parsed", {})
    assert [str(p) for p in api.check(project)] == first


def test_a_file_with_a_problem_is_not_cached(project: Path, fresh_process: Path) -> None:
    edit(
        project / "data" / "statistics.yaml",
        "    unit: count\n",
        "    unit: count\n    unit: count\n",
    )
    for _ in range(2):
        with pytest.raises(Exception, match="duplicate key 'unit'"):
            api.check(project)
    names = {pickle.loads(p.read_bytes()).path for p in (fresh_process / "parsed").glob("*")}
    assert "data/statistics.yaml" not in names and "data/sources.yaml" in names


def test_no_cache_parses_without_caching(project: Path, fresh_process: Path) -> None:
    assert api.build(project, ["press"], cache=False).exit_code == 0
    assert not (fresh_process / "parsed").exists()

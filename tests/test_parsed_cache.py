"""YAML files parsed before, by this user, are read back from the user-level cache (memo.py):
never a different message, never an error when the cache is damaged, nothing with
--no-cache."""

from __future__ import annotations

import os
import pickle
import shutil
import time
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


def test_the_cache_of_parses_is_kept_under_its_cap(
    project: Path, fresh_process: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memo, "_sizes", {})
    monkeypatch.setattr(memo, "MAX_BYTES", 40_000)
    folder = fresh_process / "parsed"
    folder.mkdir(parents=True)
    left, writing = folder / ".x.pickle.dead0001.tmp", folder / ".y.pickle.live0002.tmp"
    for path in (left, writing):
        path.write_bytes(b"")
    os.utime(left, (time.time() - 7200, time.time() - 7200))  # a killed build's, long ago
    for i in range(6):  # each edit of the statistics is a new parse (6 kB)
        edit(project / "data" / "statistics.yaml", f"value: {38000 + i}", f"value: {38001 + i}")
        api.check(project)
        assert sum(p.stat().st_size for p in folder.iterdir()) <= 40_000
    assert not left.exists() and writing.exists()
    newest = max(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns)
    assert pickle.loads(newest.read_bytes()).path == "data/statistics.yaml"

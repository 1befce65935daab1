"""The files a build writes: their permissions, and the temporaries a killed build leaves."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from briefgen import api

from .conftest import built


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def written(out: Path) -> list[Path]:
    """The files a build writes: the PDFs, the build state, the chart cache."""
    return [*out.glob("*.pdf"), out / ".briefgen" / "state.json", *out.glob(".briefgen/charts/*")]


def edit_statistic(root: Path) -> None:
    stats = root / "data" / "statistics.yaml"
    stats.write_text(stats.read_text().replace("value: 55770", "value: 61200", 1))


@pytest.fixture
def umask(request: pytest.FixtureRequest):
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


@pytest.mark.parametrize("umask", [0o022, 0o077], indirect=True, ids=["022", "077"])
def test_files_get_the_mode_the_umask_gives_and_a_rebuilt_pdf_keeps_its_own(
    project: Path, umask: int
) -> None:
    built(api.build(project, jobs=1))
    out = project / "out"
    assert {p.name: mode(p) for p in written(out)} == {p.name: 0o666 & ~umask for p in written(out)}
    assert mode(out / ".briefgen") == 0o777 & ~umask
    (out / "donor.pdf").chmod(0o640)  # shared with colleagues by hand
    edit_statistic(project)
    assert [o.status for o in api.build(project, jobs=1).outcomes] == ["built", "built"]
    assert mode(out / "donor.pdf") == 0o640
    assert mode(out / "press.pdf") == 0o666 & ~umask


def test_temporaries_a_killed_build_left_are_removed(project: Path) -> None:
    built(api.build(project, jobs=1))
    out = project / "out"
    left = [
        out / ".donor.pdf.k2j_x9ab.tmp",  # as earlier versions named them
        out / ".press.pdf.0a1b2c3d.tmp",
        out / ".briefgen" / ".state.json.ffee0011.tmp",
        out / ".briefgen" / "charts" / ".0123abcd.pickle.x_yz1234.tmp",
    ]
    theirs = [
        out / "notes.tmp",
        out / ".donor.pdf.backup",
        project / "data" / ".a.pdf.12345678.tmp",
    ]
    for path in [*left, *theirs]:
        path.touch()
    report = api.build(project)
    assert [o.status for o in report.outcomes] == ["up to date", "up to date"]
    assert [p for p in left if p.exists()] == []
    assert [p for p in theirs if not p.exists()] == []

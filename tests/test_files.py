"""The files a build writes: their permissions, the temporaries a killed build leaves, a full
disk, and an output folder that would mix the PDFs with the project's inputs."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from briefgen import api

from .conftest import built
from .test_cli import run


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def written(out: Path, cache: Path) -> list[Path]:
    """The files a build writes: the PDFs, the build state, the user's chart cache."""
    return [*out.glob("*.pdf"), out / ".briefgen" / "state.json", *cache.glob("charts/*")]


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
    project: Path, umask: int, empty_cache: Path
) -> None:
    built(api.build(project, jobs=1))
    out = project / "out"
    files = written(out, empty_cache)
    assert len(files) == 2 + 1 + 3  # two PDFs, the state, two charts and the logo
    assert {p.name: mode(p) for p in files} == {p.name: 0o666 & ~umask for p in files}
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


def test_a_full_disk_while_saving_the_build_state(project: Path, monkeypatch) -> None:
    built(api.build(project, jobs=1))
    edit_statistic(project)
    real_write = Path.write_bytes

    def full(path: Path, data: bytes) -> int:
        if path.name.startswith(".state.json."):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real_write(path, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    code, out, err = run("build", "--project", str(project), "--jobs", "1")
    state = project / "out" / ".briefgen" / "state.json"
    assert code == 1
    assert out.count("\nbuilt       ") + out.startswith("built       ") == 2
    assert err == (
        f"error: {state}: cannot be written (No space left on device); free some space on "
        "the disk, or build elsewhere with --out DIR\n"
    )
    monkeypatch.undo()
    assert not any(p.name.endswith(".tmp") for p in state.parent.iterdir())
    report = api.build(project, jobs=1)  # the disk has room again: the state is saved
    assert report.exit_code == 0 and not report.errors


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 1 MiB file system: a tmpfs mounted for the test, where the test may mount one."""
    where = tmp_path / "disk"
    where.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a file system here")
    yield where
    subprocess.run(["umount", str(where)], check=True)


def fill(disk: Path) -> None:
    with (disk / "filler").open("wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def test_a_full_disk_keeps_the_last_good_pdfs(project: Path, small_disk: Path) -> None:
    out = small_disk / "out"
    built(api.build(project, out=out, jobs=1))
    before = {p.name: p.read_bytes() for p in out.glob("*.pdf")}
    fill(small_disk)
    edit_statistic(project)
    code, _, err = run("build", "--project", str(project), "--out", str(out))
    assert code == 1
    assert "No space left on device" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.glob("*.pdf")} == before
    assert not [p for p in out.rglob("*.tmp")]
    (small_disk / "filler").unlink()
    built(api.build(project, out=out, jobs=1))


@pytest.mark.parametrize("inside", ["data", "briefs/out", "assets"])
def test_an_output_folder_among_the_inputs_is_refused(project: Path, inside: str) -> None:
    before = sorted(project.rglob("*"))
    code, _, err = run("build", "--project", str(project), "--out", str(project / inside))
    assert code == 2
    folder = inside.split("/")[0]
    assert err.endswith(
        f"Error: Invalid value for --out: {project / inside} is "
        f"{'inside ' if '/' in inside else ''}the project's {folder}/ folder, which holds its "
        f"inputs; write the PDFs to a folder of their own, such as {project / 'out'}\n"
    )
    assert sorted(project.rglob("*")) == before


def test_a_brief_named_whose_file_has_an_error_reports_it(project: Path) -> None:
    built(api.build(project, jobs=1))
    pdfs = {p: p.read_bytes() for p in project.glob("out/*.pdf")}
    press = project / "briefs" / "press.yaml"
    press.write_text(press.read_text().replace("label: Press brief", "label: [Press brief", 1))
    code, out, err = run("build", "press", "--project", str(project))
    assert (code, out) == (1, "")
    assert err.startswith(
        f"failed      {project / 'out' / 'press.pdf'} (last good PDF kept)\n"
        "  briefs/press.yaml:4: error: YAML syntax error: did not find expected ',' or ']'"
    )
    assert {p: p.read_bytes() for p in project.glob("out/*.pdf")} == pdfs

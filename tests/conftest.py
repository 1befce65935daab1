"""Shared fixtures: copies of the shipped project and of the small test projects."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# No test leaves a build server behind: the commands tests run each run in a process of their
# own, but in test_server.py, which starts servers of its own and stops them.
os.environ["BRIEFGEN_SERVER"] = "off"

# Statistics that tests' own data files share (their source is src1, the minimal project's).
PEOPLE = """\
  - id: people
    label: People held
    value: 1200
    unit: count
    qualifier: about
    as_of: "2021"
    source: src1
"""


def detained(stat_id: str) -> str:
    """A statistic with a series of three points, the middle one implied (noted)."""
    return f"""\
  - id: {stat_id}
    label: People detained
    value: 200
    unit: count
    qualifier: over
    as_of: "2018"
    source: src1
    series:
      - period: "2016"
        value: 100
      - period: "2017"
        value: 150
        note: Implied by the reported rise.
      - period: "2018"
"""


PROJECTS = Path(__file__).resolve().parent / "projects"

# What a build stopped by a signal (its name for {}) says last: the PDFs kept, or how many it
# had written by then.
STOPPED = (
    r"stopped by {}(: the last good PDFs are kept| after \d+ of \d+ PDFs were written; the "
    r"others keep their last good PDF| once every PDF was written)\n\Z"
)


@pytest.fixture(scope="session", autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user-level cache (charts drawn) of the whole test session, in a temporary folder:
    tests never read or fill the user's own."""
    folder = tmp_path_factory.mktemp("user-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder / "briefgen"


@pytest.fixture
def empty_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty user-level cache of the test's own: every chart the test builds is drawn."""
    folder = tmp_path_factory.mktemp("empty-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "briefgen"


def copy_shipped(dest: Path) -> Path:
    """A copy of the shipped Cambodia project (config, data, briefs, assets) in `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "briefgen.yaml", dest)
    for folder in ("data", "briefs", "assets", "translations"):
        shutil.copytree(REPO / folder, dest / folder)
    return dest


def copy_case(name: str, dest: Path) -> Path:
    """The minimal test project with a case's files laid over it, plus the shipped fonts."""
    shutil.copytree(PROJECTS / "minimal", dest)
    shutil.copytree(REPO / "assets" / "fonts", dest / "assets" / "fonts")
    if name != "minimal":
        for path in (PROJECTS / name).rglob("*"):
            if path.is_file() and path.name != "expected.txt":
                target = dest / path.relative_to(PROJECTS / name)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a project's file (which must hold it) with `new`."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def built(report):
    """The outcomes of a build, asserting that nothing failed."""
    assert report.exit_code == 0, [o.errors for o in report.outcomes]
    return [o for o in report.outcomes if o.status == "built"]


@pytest.fixture(scope="session")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project, built once for the whole session (read-only for tests)."""
    from briefgen import api

    root = copy_shipped(tmp_path_factory.mktemp("shipped"))
    built(api.build(root))
    return root


def copy_english(dest: Path) -> Path:
    """A copy of the shipped project with its English briefs only, donor and press (the Khmer
    brief is tested from the `shipped` build, and with the whole project)."""
    root = copy_shipped(dest)
    (root / "briefs" / "press-km.yaml").unlink()
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh, writable copy of the shipped project's English briefs, donor and press."""
    return copy_english(tmp_path / "project")


def structure(reader) -> list[tuple[int, str, dict]]:
    """The structure tree of a PDF read by pypdf, in reading order: (depth, role, element)."""
    out: list[tuple[int, str, dict]] = []

    def walk(element, depth: int) -> None:
        out.append((depth, str(element.get("/S")), element))
        kids = element.get("/K")
        kids = kids if isinstance(kids, list) else [kids]
        for kid in kids:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and kid.get("/S") is not None:
                walk(kid, depth + 1)

    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    walk(root["/K"].get_object(), 0)
    return out

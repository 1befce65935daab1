"""What makes builds fast never changes what they report: files checked before by their bytes,
the markers the user-level cache keeps, and what `build --watch` prints."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefgen import cache
from briefgen.cli import main

from .conftest import copy_english

SVGLIB_PROBE = """
import sys
from briefgen.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    print("PROBE", "SVGLIB" if "svglib" in sys.modules else "NO-SVGLIB", exit.code)
"""


def svglib_probe(*args: str) -> str:
    """Run one briefgen command in a fresh process: whether it imported svglib, its exit code."""
    result = subprocess.run(
        [sys.executable, "-c", SVGLIB_PROBE, *args], capture_output=True, text=True, check=False
    )
    [line] = [line for line in result.stdout.splitlines() if line.startswith("PROBE ")]
    return line.removeprefix("PROBE ")


def test_a_logo_checked_before_is_not_read_again_but_a_changed_one_is(
    project: Path, empty_cache: Path
) -> None:
    args = ["check", "--project", str(project)]
    assert svglib_probe(*args) == "SVGLIB 0"  # the logo read once, by svglib
    # the logo and the eight fonts (five of the project, the symbols font, two of Khmer)
    assert len(list((empty_cache / "checked").iterdir())) == 9
    assert svglib_probe(*args) == "NO-SVGLIB 0"  # the same bytes: not read again
    (project / "assets" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'>")
    assert svglib_probe(*args) == "SVGLIB 1"


def test_a_build_that_finds_its_charts_cached_never_imports_svglib(
    project: Path, empty_cache: Path
) -> None:
    args = ["build", "--project", str(project)]
    assert svglib_probe(*args) == "SVGLIB 0"  # the charts drawn, read by svglib
    summary = project / "briefs" / "donor.yaml"
    summary.write_text(summary.read_text().replace("Executive summary", "Summary", 1))
    assert svglib_probe(*args) == "NO-SVGLIB 0"
    assert "Summary" in PdfReader(project / "out" / "donor.pdf").pages[0].extract_text()


@pytest.mark.parametrize("damaged", ["assets/logo.svg", "assets/fonts/NotoSans-Bold.ttf"])
def test_files_checked_before_report_the_same_errors_as_a_fresh_check(
    project: Path, empty_cache: Path, damaged: str
) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["check", "--project", str(project)])
    assert first.exit_code == 0, first.output
    remembered = sorted(p.name for p in (empty_cache / "checked").iterdir())
    (project / damaged).write_bytes(b"damaged")
    fresh = runner.invoke(main, ["build", "--no-cache", "--project", str(project)])
    again = runner.invoke(main, ["build", "--project", str(project)])
    assert fresh.exit_code == again.exit_code == 1
    assert fresh.output == again.output
    assert re.search(r"briefgen\.yaml:\d+: error: branding\.", again.output), again.output
    # a failure is not remembered, and --no-cache remembers nothing
    assert sorted(p.name for p in (empty_cache / "checked").iterdir()) == remembered


def test_no_cache_neither_reads_nor_writes_the_checked_files(
    project: Path, empty_cache: Path
) -> None:
    assert svglib_probe("build", "--no-cache", "--project", str(project)) == "SVGLIB 0"
    assert not (empty_cache / "checked").exists()
    assert svglib_probe("check", "--project", str(project)) == "SVGLIB 0"
    args = ["build", "--no-cache", "--force", "--project", str(project)]
    assert svglib_probe(*args) == "SVGLIB 0"  # remembered, but not asked


def test_markers_are_kept_under_their_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_MARKERS", 3)
    charts = cache.ChartCache(tmp_path / "cache")
    for i in range(3):
        charts.remember(f"inputs{i}")
        os.utime(tmp_path / "cache" / "inputs" / f"inputs{i}", (1000 + i, 1000 + i))
    assert charts.seen("inputs0")  # used: kept
    charts.remember("inputs3")
    charts.remember("inputs4")
    kept = sorted(p.name for p in (tmp_path / "cache" / "inputs").iterdir())
    assert kept == ["inputs0", "inputs3", "inputs4"]


def test_watch_prints_how_long_each_rebuild_took(tmp_path: Path) -> None:
    root = copy_english(tmp_path / "project")
    assert CliRunner().invoke(main, ["build", "--project", str(root)]).exit_code == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "build", "press", "--watch", "--project", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert "up to date" in process.stdout.readline()
        time.sleep(0.5)  # the watcher started
        press = root / "briefs" / "press.yaml"
        saved = time.perf_counter()
        press.write_text(press.read_text().replace("A new Amnesty", "A recent Amnesty", 1))
        lines = [process.stdout.readline() for _ in range(3)]
        took = time.perf_counter() - saved
    finally:
        process.terminate()
        process.wait(10)
    assert lines[0].startswith("built       ") and "press.pdf" in lines[0], lines
    assert lines[1].strip() == "subtitle changed"
    match = re.fullmatch(r"rebuilt press\.pdf in (\d+) ms\n", lines[2])
    assert match, lines
    assert 0 < int(match.group(1)) <= took * 1000 + 50


def test_the_state_is_compact_json(project: Path) -> None:
    assert CliRunner().invoke(main, ["build", "--project", str(project)]).exit_code == 0
    text = (project / "out" / ".briefgen" / "state.json").read_text(encoding="utf-8")
    assert "\n" not in text and set(json.loads(text)["briefs"]) == {"donor", "press"}


@pytest.mark.parametrize(
    ("rel", "old", "new"),
    [
        ("data/statistics.yaml", "    unit: count\n", "    unit: count\n    unit: count\n"),
        ("data/statistics.yaml", "value: 38000", "value: lots"),
        ("translations/km.po", '\nmsgstr "ចំនួន', '\nmsgtr "ចំនួន'),
    ],
)
def test_files_read_again_in_one_process_report_what_a_fresh_process_reports(
    project: Path, rel: str, old: str, new: str
) -> None:
    """As `build --watch` reads them, at every save: the same problems, every time."""
    runner = CliRunner()
    check = ["check", "--project", str(project)]
    clean = runner.invoke(main, check)
    path = project / rel
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace(old, new, 1), encoding="utf-8")
    fresh = subprocess.run(
        [sys.executable, "-m", "briefgen", *check], capture_output=True, text=True, check=False
    )
    for _ in range(2):
        again = runner.invoke(main, check)
        assert again.exit_code == fresh.returncode == 1
        assert again.output == fresh.stdout + fresh.stderr, again.output
        assert f"{rel}:" in again.output
    path.write_text(good, encoding="utf-8")
    restored = runner.invoke(main, check)
    assert (restored.exit_code, restored.output) == (clean.exit_code, clean.output)


def test_a_build_that_starts_drawing_before_its_command_line_loads_gives_the_same_pdf(
    project: Path, empty_cache: Path, tmp_path: Path
) -> None:
    command = [sys.executable, "-m", "briefgen", "build", "donor", "--project", str(project)]
    early = subprocess.run([*command, "--out", str(tmp_path / "a")], capture_output=True)
    assert early.returncode == 0, early.stderr
    # the two charts and the logo, drawn: nothing was cached
    assert len(list((empty_cache / "charts").iterdir())) == 3
    result = CliRunner().invoke(
        main,
        ["build", "donor", "--no-cache", "--project", str(project), "--out", str(tmp_path / "b")],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a" / "donor.pdf").read_bytes() == (
        tmp_path / "b" / "donor.pdf"
    ).read_bytes()


def test_the_collector_paused_for_the_imports_is_resumed_and_a_callers_choice_kept(
    project: Path,
) -> None:
    """`briefgen build` pauses garbage collection while it imports and loads the project
    (what they make lives until the process ends), and resumes it once they are; a program
    that calls the library with collection off keeps it off."""
    import gc

    from briefgen import build

    try:
        build.pause_collection()
        assert not gc.isenabled()
        build.load_checked(project, build.BuildOptions())
        assert gc.isenabled()
        gc.disable()  # the caller's choice
        build.pause_collection()
        build.load_checked(project, build.BuildOptions())
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()

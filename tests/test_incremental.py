"""Incremental builds: exactly the right briefs rebuilt, state safe to lose, a lock."""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefgen import api, chart
from briefgen.cache import ChartCache
from briefgen.cli import main
from briefgen.drawer import Drawer
from briefgen.errors import BuildFailed
from briefgen.state import Store

from .conftest import built, copy_english, edit
from .pdfcheck import text_of


def statuses(report) -> dict[str, str]:
    return {o.brief_id: o.status for o in report.outcomes}


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English briefs built once for the whole module (never changed: tests use copies)."""
    root = copy_english(tmp_path_factory.mktemp("incremental") / "project")
    built(api.build(root, jobs=1))
    return root


@pytest.fixture
def built_project(built_once: Path, tmp_path: Path) -> Path:
    """A test's own copy of the built project, out/ and its build state included: the state
    holds paths relative to the project and output folder only, and copying keeps the files'
    modification times, which the state compares."""
    return shutil.copytree(built_once, tmp_path / "project")


def test_second_build_is_up_to_date(built_project: Path) -> None:
    report = api.build(built_project)
    assert statuses(report) == {"donor": "up to date", "press": "up to date"}


def test_statistic_change_rebuilds_exactly_the_briefs_using_it(built_project: Path) -> None:
    # interviewees_legal_aid is printed by the donor summary and a press fact
    edit(built_project / "data" / "statistics.yaml", "value: 2\n", "value: 3\n")
    report = api.build(built_project)
    assert statuses(report) == {"donor": "built", "press": "built"}
    # drug_arrests_2019 is in the data but printed by no brief
    edit(built_project / "data" / "statistics.yaml", "value: 20000", "value: 21000")
    assert statuses(api.build(built_project)) == {"donor": "up to date", "press": "up to date"}


def test_new_value_is_in_the_rebuilt_pdf(built_project: Path) -> None:
    edit(built_project / "data" / "statistics.yaml", "value: 55770", "value: 61200")
    report = api.build(built_project)
    donor = next(o for o in report.outcomes if o.brief_id == "donor")
    assert donor.changes == [
        "statistic arrests_since_2017: at least 55,770 → at least 61,200 "
        "(Radio Free Asia, May 2020)"
    ]
    text = text_of(donor.path)
    assert "has arrested at least 61,200[1] people" in text and "55,770" not in text


def test_quote_used_only_by_press_rebuilds_press_alone(built_project: Path) -> None:
    donor = (built_project / "out" / "donor.pdf").read_bytes()
    edit(built_project / "data" / "quotes.yaml", "the taser on me again", "the taser again")
    report = api.build(built_project)
    assert statuses(report) == {"donor": "up to date", "press": "built"}
    assert report.outcomes[1].changes == ["quote changed: sreyneang"]
    assert (built_project / "out" / "donor.pdf").read_bytes() == donor
    assert "use the taser again" in text_of(built_project / "out" / "press.pdf")


def test_brief_file_config_and_assets_are_inputs(built_project: Path) -> None:
    edit(built_project / "briefs" / "press.yaml", "heading: Voices", "heading: In their words")
    assert statuses(api.build(built_project)) == {"donor": "up to date", "press": "built"}
    edit(built_project / "briefgen.yaml", "#C8702A", "#B5442A")
    assert statuses(api.build(built_project)) == {"donor": "built", "press": "built"}
    logo = built_project / "assets" / "logo.svg"
    logo.write_text(logo.read_text().replace("#C8702A", "#B5442A"))
    report = api.build(built_project)
    assert statuses(report) == {"donor": "built", "press": "built"}
    assert report.outcomes[0].changes == ["assets/logo.svg changed"]


def test_force_rebuilds_everything(built_project: Path) -> None:
    report = api.build(built_project, force=True)
    assert statuses(report) == {"donor": "built", "press": "built"}
    assert report.outcomes[0].changes == ["rebuild forced"]


@pytest.mark.parametrize("damage", ["delete", "garbage", "truncate"])
def test_missing_or_corrupt_state_means_full_rebuild(built_project: Path, damage: str) -> None:
    state = built_project / "out" / ".briefgen" / "state.json"
    if damage == "delete":
        state.unlink()
    elif damage == "garbage":
        state.write_bytes(os.urandom(200))
    else:
        state.write_text(state.read_text()[:50])
    report = api.build(built_project)
    assert statuses(report) == {"donor": "built", "press": "built"}
    assert len(report.notices) == 1
    assert "rebuilding all" in report.notices[0]
    assert statuses(api.build(built_project)) == {"donor": "up to date", "press": "up to date"}


def test_pdf_deleted_or_edited_by_hand_is_rebuilt(built_project: Path) -> None:
    (built_project / "out" / "donor.pdf").unlink()
    report = api.build(built_project)
    assert statuses(report) == {"donor": "built", "press": "up to date"}
    assert report.outcomes[0].changes == ["PDF missing"]
    with (built_project / "out" / "press.pdf").open("ab") as f:
        f.write(b"%edited")
    report = api.build(built_project)
    assert statuses(report) == {"donor": "up to date", "press": "built"}
    assert report.outcomes[1].changes == ["PDF changed since it was built"]


def test_a_shared_chart_is_drawn_once_per_build(project: Path, monkeypatch, empty_cache) -> None:
    drawn = []
    original = chart.render_svg

    def counting(spec):
        drawn.append(spec.kind)
        return original(spec)

    monkeypatch.setattr(chart, "render_svg", counting)
    monkeypatch.setattr(Drawer, "start", lambda: None)  # draw in this process
    built(api.build(project, jobs=2))
    assert sorted(drawn) == ["bar", "hbar"]  # the hbar, CC1's occupancy, is in both briefs


def drawing_nothing(monkeypatch) -> list[str]:
    """Charts drawn from now on, in this process (the list stays empty when none is)."""
    drawn: list[str] = []
    monkeypatch.setattr(chart, "render_svg", lambda spec: drawn.append(spec.kind) or "")
    monkeypatch.setattr(Drawer, "start", lambda: None)  # draw in this process
    return drawn


def cached(cache: Path) -> dict[str, int]:
    """The drawings in a user-level cache folder, with their files' inodes (a rewrite is a
    new file: the cache writes through a temporary file and a rename)."""
    return {p.name: p.stat().st_ino for p in (cache / "charts").glob("*.pickle")}


def test_unchanged_charts_come_from_the_cache(project: Path, monkeypatch, empty_cache) -> None:
    built(api.build(project, jobs=1))
    stamps = cached(empty_cache)
    assert len(stamps) == 3  # two charts and the logo
    drawn = drawing_nothing(monkeypatch)
    edit(project / "data" / "quotes.yaml", "Long", "Long (former inmate)")
    built(api.build(project, force=True))
    assert drawn == [] and cached(empty_cache) == stamps


def test_a_fresh_clone_draws_no_chart_drawn_before(
    project: Path, tmp_path: Path, monkeypatch, empty_cache
) -> None:
    built(api.build(project, jobs=1))  # the charts drawn once on this machine
    drawn = drawing_nothing(monkeypatch)
    clone = copy_english(tmp_path / "clone")  # another folder, no output, no build state
    [donor, press] = built(api.build(clone, jobs=1))
    assert drawn == []
    assert "CC1" in text_of(donor.path) and "Radio Free Asia" in text_of(press.path)
    other = tmp_path / "elsewhere"
    result = CliRunner().invoke(main, ["build", "--project", str(project), "--out", str(other)])
    assert result.exit_code == 0 and drawn == [], result.output


def test_no_cache_draws_every_chart_and_caches_none(
    project: Path, monkeypatch, empty_cache
) -> None:
    built(api.build(project, jobs=1))
    before = cached(empty_cache)
    drawn = []
    original = chart.render_svg
    monkeypatch.setattr(chart, "render_svg", lambda spec: drawn.append(spec.kind) or original(spec))
    monkeypatch.setattr(Drawer, "start", lambda: None)
    clone = copy_english(project.parent / "clone")
    result = CliRunner().invoke(main, ["build", "--no-cache", "--project", str(clone)])
    assert result.exit_code == 0, result.output
    assert sorted(drawn) == ["bar", "hbar"] and cached(empty_cache) == before


@pytest.mark.parametrize("damage", [b"not a pickle", pickle.dumps({"x": 1})])
def test_damaged_chart_cache_is_drawn_again(
    project: Path, empty_cache: Path, damage: bytes
) -> None:
    built(api.build(project, jobs=1))
    for path in (empty_cache / "charts").glob("*.pickle"):
        path.write_bytes(damage)  # not a pickle, or a pickle of something else
    [donor, _press] = built(api.build(copy_english(project.parent / "clone"), jobs=1))
    assert "Radio Free Asia" in text_of(donor.path)
    shutil.rmtree(empty_cache)  # the cache is safe to delete
    [donor, _press] = built(api.build(project, force=True))
    assert "Radio Free Asia" in text_of(donor.path)


def test_the_chart_cache_keeps_under_its_cap_dropping_the_least_recently_used(
    tmp_path: Path,
) -> None:
    from reportlab.graphics.shapes import Drawing, String

    cache = ChartCache(tmp_path / "cache")
    for i in range(5):
        cache.put(f"key{i}", Drawing(10, 10, String(0, 0, "x" * 1000)))
        os.utime(cache.charts / f"key{i}.pickle", (1000 + i, 1000 + i))
    size = (cache.charts / "key0.pickle").stat().st_size
    kept = ChartCache(tmp_path / "cache").drawing("key0")  # used: kept
    assert kept.contents[0].text == "x" * 1000
    cache.prune(limit=3 * size + 100)
    assert sorted(cached(tmp_path / "cache")) == ["key0.pickle", "key3.pickle", "key4.pickle"]


def test_state_is_valid_json_written_atomically(built_project: Path) -> None:
    folder = built_project / "out" / ".briefgen"
    data = json.loads((folder / "state.json").read_text())
    assert set(data["briefs"]) == {"donor", "press"}
    assert not [p for p in folder.rglob("*.tmp")]


def test_same_inputs_give_byte_identical_pdfs(project: Path, tmp_path: Path) -> None:
    first = built(api.build(project, out=tmp_path / "a", jobs=1))
    second = built(api.build(project, out=tmp_path / "b", jobs=2))
    for a, b in zip(first, second, strict=True):
        assert a.path.read_bytes() == b.path.read_bytes()


def test_source_date_epoch_dates_the_pdf(project: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    [press] = built(api.build(project, ["press"]))
    assert PdfReader(press.path).metadata["/CreationDate"].startswith("D:20200913")


def test_one_failing_brief_keeps_the_others_and_its_last_pdf(built_project: Path) -> None:
    donor = built_project / "out" / "donor.pdf"
    before = donor.read_bytes()
    edit(built_project / "briefs" / "donor.yaml", "chart: prison_growth", "chart: nothing")
    edit(built_project / "data" / "statistics.yaml", "value: 55770", "value: 61200")
    report = api.build(built_project)
    assert statuses(report) == {"donor": "failed", "press": "built"}
    assert report.exit_code == 1
    assert (
        report.outcomes[0]
        .errors[0]
        .startswith("briefs/donor.yaml:41: error: blocks[3].chart: unknown chart 'nothing'")
    )
    assert donor.read_bytes() == before
    # once fixed, the donor brief is rebuilt with what changed since its last good build
    edit(built_project / "briefs" / "donor.yaml", "chart: nothing", "chart: prison_growth")
    report = api.build(built_project)
    assert statuses(report) == {"donor": "built", "press": "up to date"}
    assert report.outcomes[0].changes[0].startswith("statistic arrests_since_2017")


def test_second_build_at_once_is_refused(built_project: Path) -> None:
    edit(built_project / "data" / "quotes.yaml", "Long", "Long (former inmate)")
    store = Store(built_project / "out")
    with store.lock(), pytest.raises(BuildFailed) as caught:
        api.build(built_project)
    assert "another briefgen build is running" in caught.value.message
    assert f"pid {os.getpid()}" in caught.value.message


def test_changes_block_says_what_was_updated(built_project: Path) -> None:
    edit(built_project / "briefs" / "press.yaml", "blocks:\n", "blocks:\n  - type: changes\n")
    built(api.build(built_project))
    assert "Updated on" not in text_of(built_project / "out" / "press.pdf")
    edit(built_project / "data" / "statistics.yaml", "value: 55770", "value: 61200")
    edit(built_project / "briefs" / "press.yaml", "date: 2020-05-13", "date: 2020-06-02")
    built(api.build(built_project))
    text = text_of(built_project / "out" / "press.pdf")
    assert (
        "Updated on 2 June 2020: People arrested on suspicion of using or selling drugs since "
        "January 2017 now at least 61,200[1], was at least 55,770."
    ) in text
    before = (built_project / "out" / "press.pdf").read_bytes()
    built(api.build(built_project, force=True))  # the same inputs: the same notice, same bytes
    assert (built_project / "out" / "press.pdf").read_bytes() == before


def test_diff_lists_added_and_removed_entries(built_project: Path) -> None:
    edit(
        built_project / "briefs" / "press.yaml",
        "items: [sreyneang, long, khieu_sopheak, mok_chito]",
        "items: [long, khieu_sopheak, mok_chito, amnesty_urgent]",
    )
    changes = api.diff(built_project)
    assert changes["donor"] == []
    assert "quote added: amnesty_urgent" in changes["press"]
    assert "quote removed: sreyneang" in changes["press"]
    assert any(c.startswith("block 3 changed: quotes") for c in changes["press"])


PROBE = """
import json
import sys
from briefgen.cli import main
for args in json.loads(sys.argv[1]):
    try:
        main(args)
    except SystemExit as exit:
        code = exit.code
    print("PROBE", "MATPLOTLIB" if "matplotlib" in sys.modules else "CLEAN", code)
"""


def probe(*commands: list[str]) -> list[str]:
    """Run briefgen commands in turn in one fresh process: after each, whether matplotlib
    has been imported by then, and the command's exit code."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(commands)],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = result.stdout.splitlines()
    return [line.removeprefix("PROBE ") for line in lines if line.startswith("PROBE ")]


def test_matplotlib_is_imported_only_to_draw(built_project: Path, user_cache: Path) -> None:
    project = ["--project", str(built_project)]
    read_only = [["--help"], ["check", *project], ["list", *project], ["diff", *project]]
    up_to_date = ["build", *project]
    assert probe(*read_only, up_to_date) == ["CLEAN 0"] * 5
    edit(built_project / "data" / "quotes.yaml", "Long", "Long (former inmate)")
    assert probe(["build", *project]) == ["CLEAN 0"]  # text only: charts cached
    edit(built_project / "data" / "statistics.yaml", "value: 5\n", "value: 6\n")
    # a chart's data changed: it is drawn again, by a separate drawing process
    before = set(cached(user_cache))
    assert probe(["build", *project]) == ["CLEAN 0"]
    assert len(set(cached(user_cache)) - before) == 1  # the CC1 occupancy chart
    assert "about 6×" in text_of(built_project / "out" / "donor.pdf")


@contextlib.contextmanager
def watching(root: Path, **settings: object) -> Iterator[None]:
    """`api.watch` of `root` running in a thread for the block's duration."""
    stop = threading.Event()
    thread = threading.Thread(target=api.watch, args=(root,), kwargs=dict(stop=stop, **settings))
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(10)


def wait_for(condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_watch_rebuilds_on_save_and_survives_bad_data(built_project: Path) -> None:
    reports, errors, rebuilt = [], [], []
    settings = dict(jobs=1, on_report=reports.append, on_error=errors.append)
    with watching(built_project, on_rebuilt=lambda *told: rebuilt.append(told), **settings):
        wait_for(lambda: len(reports) == 1, "the first build")
        time.sleep(0.3)  # let the watcher start
        stats = built_project / "data" / "statistics.yaml"
        edit(stats, "value: 55770", "value: lots")
        wait_for(lambda: errors, "the error")
        assert "is not a number" in errors[0].message
        saved = time.time()
        edit(stats, "value: lots", "value: 61200")
        wait_for(lambda: len(reports) >= 2 and reports[-1].count("built") == 2, "the rebuild")
        took = time.time() - saved
    # each PDF rebuilt is told with the time from the file's save to the end of its build
    assert sorted(name for name, _ in rebuilt) == ["donor.pdf", "press.pdf"]
    assert all(0 < seconds <= took + 0.05 for _, seconds in rebuilt), (rebuilt, took)
    assert "at least 61,200" in text_of(built_project / "out" / "donor.pdf")


def test_watch_never_rebuilds_for_its_own_output_even_after_a_failed_first_build(
    project: Path,
) -> None:
    config = project / "briefgen.yaml"
    edit(config, "output: out", "output: pdfs")
    stats = project / "data" / "statistics.yaml"
    edit(stats, "value: 55770", "value: lots")  # the first build fails
    reports, errors = [], []
    with watching(project, jobs=1, on_report=reports.append, on_error=errors.append):
        wait_for(lambda: errors, "the first build")
        time.sleep(0.3)  # let the watcher start
        edit(stats, "value: lots", "value: 61200")
        wait_for(lambda: reports, "the rebuild")
        time.sleep(1.5)  # writing pdfs/ must not start another build
    assert len(reports) == 1 and reports[0].count("built") == 2
    assert (project / "pdfs" / "donor.pdf").exists()


SAVED_MEANWHILE = {  # a file saved while the PDFs are written, and what it changes
    "brief": ("briefs/donor.yaml", "Executive summary", "Summary saved meanwhile"),
    "config": ("briefgen.yaml", "Example Rights Network", "Rights Network Saved Meanwhile"),
    "font": ("assets/fonts/NotoSans-Regular.ttf", None, "assets/fonts/NotoSans-Bold.ttf"),
}


@pytest.mark.parametrize("when", ["first build", "forced build", "second build"])
@pytest.mark.parametrize("kind", list(SAVED_MEANWHILE))
def test_a_file_saved_while_a_build_runs_is_built_by_the_next(
    built_project: Path, monkeypatch: pytest.MonkeyPatch, when: str, kind: str
) -> None:
    """A build records the files as it read them: the next build, quick check included,
    builds what was saved after this one read it, as a --force build would."""
    from briefgen import build

    if when == "first build":
        shutil.rmtree(built_project / "out")
    elif when == "second build":  # the next build, not forced, has something to rebuild
        edit(built_project / "briefs" / "donor.yaml", "Executive summary", "Summary for donors")
    rel, old, new = SAVED_MEANWHILE[kind]
    path = built_project / rel
    write_briefs = build.write_briefs

    def saved_meanwhile(*args, **kwargs):
        written = write_briefs(*args, **kwargs)
        if old is None:  # a file replaced by another
            path.write_bytes((built_project / new).read_bytes())
        else:
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace(old if old in text else "Summary for donors", new, 1))
        return written

    monkeypatch.setattr(build, "write_briefs", saved_meanwhile)
    api.build(built_project, jobs=1, force=when == "forced build")
    monkeypatch.setattr(build, "write_briefs", write_briefs)
    assert statuses(api.build(built_project, jobs=1))["donor"] == "built"
    if old is not None:
        assert new in text_of(built_project / "out" / "donor.pdf")


def test_a_folder_named_like_a_data_file_is_reported(built_project: Path) -> None:
    (built_project / "data" / "extra.yaml").mkdir()
    result = CliRunner().invoke(main, ["build", "--project", str(built_project)])
    assert result.exit_code == 1, result.output
    assert "data/extra.yaml" in result.output and "internal error" not in result.output


def test_a_yml_file_added_after_a_build_is_reported_by_the_next(built_project: Path) -> None:
    """The quick check sees every file the load looks at, `.yml` ones included."""
    (built_project / "briefs" / "board.yml").write_text("title: Board\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--project", str(built_project)])
    assert "briefs/board.yml" in result.output, result.output


def test_source_date_epoch_set_or_changed_rebuilds_the_briefs(
    built_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SOURCE_DATE_EPOCH dates the PDFs: a build with another one is not up to date."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1589328000")
    report = api.build(built_project, jobs=1)
    assert statuses(report) == {"donor": "built", "press": "built"}
    assert "SOURCE_DATE_EPOCH changed" in report.outcomes[0].changes
    assert statuses(api.build(built_project, jobs=1))["donor"] == "up to date"
    forced = api.build(built_project, jobs=1, force=True, out=built_project / "forced")
    assert built(forced)  # the same bytes as a forced build: the dates are the epoch's
    assert (built_project / "out" / "donor.pdf").read_bytes() == (
        built_project / "forced" / "donor.pdf"
    ).read_bytes()


def test_watch_with_force_rebuilds_every_brief_first_and_no_verify_checks_none(
    built_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`build --watch --force --no-verify`: the first build rebuilds the briefs up to date,
    and no PDF is checked."""
    import briefgen.verify

    monkeypatch.setattr(briefgen.verify, "verify", lambda *a, **k: pytest.fail("checked"))
    reports: list = []
    with watching(built_project, jobs=1, on_report=reports.append, force=True, verify=False):
        wait_for(lambda: reports, "the first build")
    assert statuses(reports[0]) == {"donor": "built", "press": "built"}

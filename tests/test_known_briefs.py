"""Briefs known to be as they were (incremental.py): a build that checks only the briefs
whose inputs changed reports, and writes, exactly what a forced build of a fresh copy does."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen import api, build
from briefgen.errors import ProjectError
from briefgen.validate import references

from .conftest import built, copy_shipped, edit

# A statistic only the donor brief prints, and two claims about one quantity, one printed by
# the press brief only, the other by no brief: they agree until a test makes them disagree.
STATS = """
  - id: donor_only
    label: A figure the donor brief prints
    value: 120
    unit: count
    as_of: May 2020
    source: afp2020

  - id: claim_printed
    label: Beds in CC1
    value: 300
    unit: count
    as_of: May 2020
    source: afp2020
    quantity: cc1_beds

  - id: claim_unprinted
    label: Beds in CC1
    value: 300
    unit: count
    as_of: May 2020
    source: rfa2020
    quantity: cc1_beds
"""


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project, with the statistics above, its Khmer brief no longer a draft (so
    that no brief has a warning), built once: every brief is recorded as known."""
    root = copy_shipped(tmp_path_factory.mktemp("known") / "project")
    edit(root / "briefgen.yaml", "    draft: true\n", "")
    _append(root / "data" / "statistics.yaml", STATS)
    _append(
        root / "briefs" / "donor.yaml", '\n  - type: text\n    text: "{stat:donor_only} beds."\n'
    )
    _append(root / "briefs" / "press.yaml", '\n  - type: text\n    text: "{stat:claim_printed}."\n')
    report = api.build(root)
    built(report)
    assert report.warnings == []
    state = json.loads((root / "out" / ".briefgen" / "state.json").read_text())
    assert all(brief["known"]["fingerprint"] for brief in state["briefs"].values())
    return root


@pytest.fixture
def built_project(built_once: Path, tmp_path: Path) -> Path:
    return shutil.copytree(built_once, tmp_path / "project")


def outcome(root: Path, force: bool = False) -> tuple[list[str], dict[str, list[str]], dict]:
    """What a build shows: its problems, the errors of each brief, and the PDFs it wrote."""
    try:
        report = api.build(root, force=force)
    except ProjectError as exc:
        return [str(p) for p in exc.problems], {}, {}
    errors = {o.brief_id: o.errors for o in report.outcomes}
    pdfs = {o.brief_id: o.path.read_bytes() for o in report.outcomes if o.status != "failed"}
    return [str(p) for p in report.warnings], errors, pdfs


def _rename(root: Path) -> None:
    (root / "briefs" / "press.yaml").rename(root / "briefs" / "news.yaml")


def _font(root: Path) -> None:
    fonts = root / "assets" / "fonts"
    shutil.copy(fonts / "NotoSerif-Bold.ttf", fonts / "NotoSans-Bold.ttf")


EDITS: dict[str, Callable[[Path], None]] = {
    "a brief's text": lambda r: edit(r / "briefs" / "press.yaml", "Media contact", "Press desk"),
    "a statistic one brief prints": lambda r: edit(
        r / "data" / "statistics.yaml", "value: 120\n", "value: 130\n"
    ),
    "a statistic that now dates a brief": lambda r: edit(
        r / "data" / "statistics.yaml",
        "value: 120\n    unit: count\n    as_of: May 2020",
        "value: 120\n    unit: count\n    as_of: May 2009",
    ),
    "a claim no brief prints, now disagreeing": lambda r: edit(
        r / "data" / "statistics.yaml",
        "value: 300\n    unit: count\n    as_of: May 2020\n    source: rfa2020",
        "value: 900\n    unit: count\n    as_of: May 2020\n    source: rfa2020",
    ),
    "a statistic's source, now unknown": lambda r: edit(
        r / "data" / "statistics.yaml",
        "value: 120\n    unit: count\n    as_of: May 2020\n    source: afp2020",
        "value: 120\n    unit: count\n    as_of: May 2020\n    source: afp2021",
    ),
    "a translation": lambda r: edit(
        r / "translations" / "km.po", 'msgstr "ការរំលោភបំពាន៖', 'msgstr "ការរំលោភបំពាន ៖'
    ),
    "a translation removed": lambda r: edit(
        r / "translations" / "km.po",
        'msgstr "ការរំលោភបំពាន៖ តម្លៃមនុស្សនៃយុទ្ធនាការប្រឆាំងគ្រឿងញៀនរបស់កម្ពុជា"',
        'msgstr ""',
    ),
    "briefgen.yaml": lambda r: edit(r / "briefgen.yaml", "Example Rights Network", "Rights Now"),
    "a font": _font,
    "the logo": lambda r: edit(r / "assets" / "logo.svg", 'fill="#C8702A"', 'fill="#2A70C8"'),
    "a brief deleted": lambda r: (r / "briefs" / "press.yaml").unlink(),
    "a data file deleted": lambda r: (r / "data" / "quotes.yaml").unlink(),
    "a brief renamed": _rename,
}


@pytest.mark.parametrize("name", list(EDITS))
def test_a_build_of_what_changed_shows_what_a_forced_build_does(
    built_project: Path, tmp_path: Path, name: str
) -> None:
    fresh = shutil.copytree(built_project, tmp_path / "fresh", ignore=shutil.ignore_patterns("out"))
    for root in (built_project, fresh):
        EDITS[name](root)
    assert outcome(built_project) == outcome(fresh, force=True)


def checked_briefs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The briefs whose references the next build checks, in order."""
    checked: list[str] = []
    check = references.brief

    def spy(project, brief_id, collector) -> None:
        checked.append(brief_id)
        check(project, brief_id, collector)

    monkeypatch.setattr(references, "brief", spy)
    return checked


def test_only_the_briefs_printing_a_change_are_checked_again(
    built_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = checked_briefs(monkeypatch)
    EDITS["a statistic one brief prints"](built_project)
    report = api.build(built_project)
    assert checked == ["donor"]
    assert {o.brief_id: o.status for o in report.outcomes} == {
        "donor": "built",
        "press": "up to date",
        "press-km": "up to date",
    }
    checked.clear()
    assert [o.status for o in api.build(built_project, force=True).outcomes] == ["built"] * 3
    assert sorted(checked) == ["donor", "press", "press-km"]  # --force checks every brief


def test_a_brief_with_a_warning_is_checked_every_time(
    built_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(built_project / "briefs" / "press.yaml", "Media contact", "Media contact for 30 days")
    first = api.build(built_project)
    assert [w.file for w in first.warnings] == ["briefs/press.yaml"]
    checked = checked_briefs(monkeypatch)
    EDITS["a statistic one brief prints"](built_project)
    assert [str(w) for w in api.build(built_project).warnings] == [str(w) for w in first.warnings]
    assert checked == ["donor", "press"]


@pytest.mark.parametrize(
    "record", [{"fingerprint": 5, "uses": "statistics"}, {"fingerprint": "x"}, [], "known"]
)
def test_a_foreign_record_means_the_brief_is_checked(
    built_project: Path, monkeypatch: pytest.MonkeyPatch, record: object
) -> None:
    path = built_project / "out" / ".briefgen" / "state.json"
    state = json.loads(path.read_text())
    state["briefs"]["press"]["known"] = record
    path.write_text(json.dumps(state))
    checked = checked_briefs(monkeypatch)
    EDITS["a statistic one brief prints"](built_project)
    assert outcome(built_project)[0] == []
    assert "press" in checked


def test_lost_inputs_of_a_brief_mean_it_is_rebuilt_saying_only_why(built_project: Path) -> None:
    for path in (built_project / "out" / ".briefgen" / "inputs").glob("*.json"):
        path.write_text("{not json")
    EDITS["a statistic one brief prints"](built_project)
    report = api.build(built_project)
    assert report.exit_code == 0
    [donor] = [o for o in report.outcomes if o.status == "built"]
    assert donor.brief_id == "donor" and donor.changes == ["build settings changed"]


def test_a_new_day_checks_every_brief_again(
    built_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a testimony's consent may end: what was clean yesterday is checked again today
    monkeypatch.setenv("BRIEFGEN_TODAY", "2031-01-01")
    checked = checked_briefs(monkeypatch)
    EDITS["a statistic one brief prints"](built_project)
    api.build(built_project)
    assert sorted(checked) == ["donor", "press", "press-km"]


def test_a_state_saved_by_another_build_meanwhile_means_checking_everything(
    built_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = built_project / "out" / ".briefgen" / "state.json"
    load_checked = build.load_checked
    calls: list[bool] = []

    def saved_meanwhile(root, options, store=None):
        calls.append(store is not None)
        loaded = load_checked(root, options, store)
        if len(calls) == 1:  # as if another build saved its state before this one locked
            state.write_bytes(state.read_bytes())
            os.utime(state, ns=(1, 1))
        return loaded

    monkeypatch.setattr(build, "load_checked", saved_meanwhile)
    checked = checked_briefs(monkeypatch)
    EDITS["a statistic one brief prints"](built_project)
    report = api.build(built_project)
    assert calls == [True, False]
    assert sorted(checked) == ["donor", "donor", "press", "press-km"]
    assert [o.status for o in report.outcomes] == ["built", "up to date", "up to date"]


def test_a_warning_in_a_data_file_means_every_brief_is_checked(
    built_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a source no entry cites: a warning in data/sources.yaml, which could be any brief's
    _append(
        built_project / "data" / "sources.yaml",
        "\n  - id: uncited\n    publisher: Nobody\n    title: Unread\n    date: 2020-01-01\n"
        "    kind: news\n",
    )
    first = api.build(built_project)
    assert [w.file for w in first.warnings] == ["data/sources.yaml"]
    checked = checked_briefs(monkeypatch)
    EDITS["a statistic one brief prints"](built_project)
    assert [str(w) for w in api.build(built_project).warnings] == [str(w) for w in first.warnings]
    assert sorted(checked) == ["donor", "press", "press-km"]


def test_a_warning_a_brief_causes_in_a_data_file_stays_while_another_brief_changes(
    built_project: Path, tmp_path: Path
) -> None:
    EDITS["a statistic that now dates a brief"](built_project)  # a warning naming the donor brief
    assert [w.file for w in api.build(built_project).warnings] == ["data/statistics.yaml"]
    fresh = shutil.copytree(built_project, tmp_path / "fresh", ignore=shutil.ignore_patterns("out"))
    for root in (built_project, fresh):
        EDITS["a brief's text"](root)
    assert outcome(built_project) == outcome(fresh, force=True)

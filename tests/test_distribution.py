"""The distribution log and correction notes, end to end on a copy of the shipped project:
send copies, change a figure, withdraw a testimony; `outdated` lists both and the note says
both, without the testimony, and passes verify. And audit flags the withdrawn testimony."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from briefgen.cli import main

from .conftest import built, edit
from .pdfcheck import text_of
from .test_consent import line_of


def run(*args: str, today: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env={"BRIEFGEN_TODAY": today})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout + result.stderr


def test_sent_outdated_and_correction_notes(project: Path) -> None:
    from briefgen import api

    built(api.build(project, jobs=1))
    p = str(project)
    code, out = run(
        "sent", str(project / "out" / "donor.pdf"), "--to", "Jane Doe", "--on", "2020-05-13",
        "--contact", "jane@example.org", "--project", p, today="2020-05-20",
    )  # fmt: skip
    assert code == 0, out
    assert run("sent", str(project / "out" / "press.pdf"), "--to", "Desk", "--project", p,
               today="2020-05-20")[0] == 0  # fmt: skip
    log = yaml.safe_load((project / "distribution.yaml").read_text(encoding="utf-8"))["sent"]
    assert [(e["to"], e["brief"], e["on"]) for e in log] == [
        ("Jane Doe", "donor", "2020-05-13"),
        ("Desk", "press", "2020-05-20"),
    ]
    assert run("outdated", "--project", p, today="2020-05-20")[0] == 0

    edit(project / "data" / "statistics.yaml", "value: 55770", "value: 61200")
    edit(
        project / "data" / "quotes.yaml",
        "      reference: CONSENT-2020-016\n",
        "      reference: CONSENT-2020-016\n      withdrawn: 2020-06-01\n",
    )
    notes = project / "notes"
    code, out = run("outdated", "--notes", str(notes), "--project", p, today="2020-06-02")
    assert code == 1, out
    assert (
        "Jane Doe <jane@example.org>\n"
        "  donor, sent 2020-05-13 (built 2020-05-13): outdated\n"
        "    changed    arrests_since_2017  at least 55,770 → at least 61,200 "
        "(Radio Free Asia, May 2020)\n"
        "    withdrawn  maly  (consent withdrawn 2020-06-01)\n"
        "Desk\n"
        "  press, sent 2020-05-20 (built 2020-05-13): outdated\n"
        "    changed    arrests_since_2017  at least 55,770 → at least 61,200 "
        "(Radio Free Asia, May 2020)\n"
        "2 of 2 copies sent are outdated\n"
    ) in out
    note = notes / "jane-doe-donor.pdf"
    assert len(PdfReader(note).pages) == 1
    text = text_of(note)
    assert "On 13 May 2020 we sent you Health, not handcuffs. Since then:" in text
    assert "now at least 61,200[1], was at least 55,770" in text
    assert (
        "A testimony has been withdrawn at its giver’s request: please do not quote or forward "
        "page 3 of the earlier copy."
    ) in text
    assert "Radio Free Asia" in text  # the sources list
    assert "Maly" not in text and "freedom" not in text  # never the testimony nor its speaker
    assert "withdrawn" not in text_of(notes / "desk-press.pdf")
    assert run("verify", str(note), str(notes / "desk-press.pdf"), today="2020-06-02")[0] == 0


def test_audit_flags_a_withdrawn_testimony_in_an_earlier_pdf(project: Path) -> None:
    from briefgen import api

    built(api.build(project, jobs=1))
    earlier = project / "earlier.pdf"
    earlier.write_bytes((project / "out" / "donor.pdf").read_bytes())
    edit(
        project / "data" / "quotes.yaml",
        "      reference: CONSENT-2020-016\n",
        "      reference: CONSENT-2020-016\n      withdrawn: 2020-06-01\n",
    )
    code, out = run("audit", str(earlier), "--project", str(project), today="2020-06-02")
    assert code == 1
    assert "  withdrawn  maly  (consent withdrawn 2020-06-01)\n" in out
    assert "all 9 figures are current" in out
    # and the brief that prints it is refused from now on, at its line
    line = line_of(project / "briefs" / "donor.yaml", "items: [long, maly]")
    code, out = run("check", "--project", str(project), today="2020-06-02")
    assert code == 1 and f"briefs/donor.yaml:{line}: error: blocks[6].items[2]" in out


def test_sent_refuses_a_file_not_made_by_briefgen(project: Path, tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    other = tmp_path / "other.pdf"
    canvas = Canvas(str(other))
    canvas.drawString(72, 720, "not a brief")
    canvas.save()
    code, out = run("sent", str(other), "--to", "X", "--project", str(project), today="2020-05-20")
    assert code == 2 and "not made by briefgen" in out
    assert not (project / "distribution.yaml").exists()


LOG = """sent:
  - to: Desk
    'on': 2020-05-20
    brief: press
    fingerprint: abc
    copy: sent/press-abc.pdf
"""


@pytest.mark.parametrize(
    ("old", "new", "line", "says"),
    [
        ("'on': 2020-05-20", "'on': [2020-05-20", 4, "YAML syntax error"),
        ("to: Desk", "to: [Desk, Post]", 2, "sent[1].to: expected text here"),
        ("2020-05-20", "yesterday", 3, "sent[1].on: 'yesterday' is not a date"),
    ],
)
def test_a_damaged_log_is_an_error_at_its_line_and_nothing_is_written(
    project: Path, shipped: Path, old: str, new: str, line: int, says: str
) -> None:
    log = project / "distribution.yaml"
    log.write_text(LOG.replace(old, new), encoding="utf-8")
    before = log.read_bytes()
    p, pdf = str(project), str(shipped / "out" / "press.pdf")
    code, out = run("sent", pdf, "--to", "Post", "--project", p, today="2020-06-02")
    assert code == 1 and f"distribution.yaml:{line}: error: {says}" in out, out
    assert out.rstrip().endswith("1 problem found; nothing was recorded.")
    notes = project / "notes"
    code, out = run("outdated", "--notes", str(notes), "--project", p, today="2020-06-02")
    assert code == 1 and f"distribution.yaml:{line}: error: {says}" in out, out
    assert out.rstrip().endswith("1 problem found; no copy was compared.")
    assert log.read_bytes() == before
    assert not (project / "sent").exists() and not notes.exists()


def test_a_copy_missing_under_sent_is_named_and_sending_it_again_puts_it_back(
    project: Path, shipped: Path
) -> None:
    p, pdf = str(project), str(shipped / "out" / "press.pdf")
    assert run("sent", pdf, "--to", "Desk", "--project", p, today="2020-05-20")[0] == 0
    [kept] = (project / "sent").glob("*.pdf")
    kept.unlink()
    code, out = run("outdated", "--project", p, today="2020-06-02")
    line = line_of(project / "distribution.yaml", "copy: sent/")
    assert (
        code == 1
        and (
            f"distribution.yaml:{line}: error: sent[1].copy: the copy kept when it was sent cannot "
            f"be read (sent/{kept.name} is missing): put it back from a backup, or give the PDF "
            'you sent to `briefgen sent` again (`briefgen sent FILE.pdf --to "Desk"`), which keeps '
            "it anew\n1 problem found; no copy was compared."
        )
        in out
    ), out
    log = (project / "distribution.yaml").read_bytes()
    code, out = run("sent", pdf, "--to", "Desk", "--project", p, today="2020-06-02")
    assert code == 0 and out.startswith("already recorded: press (") and kept.exists()
    assert (project / "distribution.yaml").read_bytes() == log
    assert run("outdated", "--project", p, today="2020-06-02") == (
        0,
        "Desk\n  press, sent 2020-05-20 (built 2020-05-13): current\n"
        "0 of 1 copies sent are outdated\n",
    )


def test_a_copy_sent_twice_to_the_same_recipient_is_logged_once(project: Path) -> None:
    from briefgen import api

    p, press = str(project), project / "out" / "press.pdf"
    built(api.build(project, ["press"], jobs=1))
    first = run("sent", str(press), "--to", "Desk", "--on", "2020-05-13", "--project", p,
                today="2020-05-20")  # fmt: skip
    assert first[0] == 0 and first[1].startswith("recorded: press (")
    again = run("sent", str(press), "--to", "Desk", "--project", p, today="2020-05-21")
    assert again[0] == 0 and again[1].startswith("already recorded: press (")
    assert "sent to Desk on 2020-05-13" in again[1]  # the first sending is kept
    assert run("sent", str(press), "--to", "Post", "--project", p, today="2020-05-21")[0] == 0
    # a newer copy of the same brief to the same recipient is another entry
    edit(project / "data" / "statistics.yaml", "value: 55770", "value: 61200")
    built(api.build(project, ["press"], jobs=1))
    assert run("sent", str(press), "--to", "Desk", "--project", p, today="2020-06-02")[0] == 0
    log = yaml.safe_load((project / "distribution.yaml").read_text(encoding="utf-8"))["sent"]
    assert [(e["to"], e["on"]) for e in log] == [
        ("Desk", "2020-05-13"),
        ("Post", "2020-05-21"),
        ("Desk", "2020-06-02"),
    ]
    # both of Desk's copies outdated: a note for each, neither written over the other
    edit(project / "data" / "statistics.yaml", "value: 61200", "value: 62000")
    notes = project / "notes"
    code, out = run("outdated", "--notes", str(notes), "--project", p, today="2020-06-10")
    assert code == 1 and "3 of 3 copies sent are outdated" in out
    assert sorted(f.name for f in notes.iterdir()) == [
        "desk-press-2.pdf",
        "desk-press.pdf",
        "post-press.pdf",
    ]
    assert "was at least 61,200" in text_of(notes / "desk-press-2.pdf")


def test_the_schema_describes_the_log_sent_writes(project: Path, shipped: Path) -> None:
    import json

    pdf = str(shipped / "out" / "press.pdf")
    assert run("sent", pdf, "--to", "Desk", "--contact", "d@example.org", "--project",
               str(project), today="2020-05-20")[0] == 0  # fmt: skip
    code, out = run("schema", today="2020-05-20")
    entry = json.loads(out)["distribution.yaml"]["properties"]["sent"]["items"]
    [written] = yaml.safe_load((project / "distribution.yaml").read_text())["sent"]
    assert code == 0 and set(entry["required"]) <= set(written) == set(entry["properties"])


def test_sent_refuses_a_copy_built_by_another_project(project: Path, tmp_path: Path) -> None:
    from briefgen import api

    from .conftest import copy_case

    other = copy_case("minimal", tmp_path / "other")
    built(api.build(other, jobs=1))
    p = str(project)
    code, out = run("sent", str(other / "out" / "short.pdf"), "--to", "Desk", "--on",
                    "2021-05-02", "--project", p, today="2021-05-03")  # fmt: skip
    assert code == 2, out
    assert "a copy of brief 'short', which this project does not have (its briefs: donor, " in out
    # the same brief id as one of this project's, figures of another campaign
    (other / "briefs" / "short.yaml").rename(other / "briefs" / "donor.yaml")
    built(api.build(other, jobs=1))
    code, out = run("sent", str(other / "out" / "donor.pdf"), "--to", "Desk", "--on",
                    "2021-05-02", "--project", p, today="2021-05-03")  # fmt: skip
    assert code == 2, out
    assert "a copy of brief 'donor' whose figures are none of this project's statistics" in out
    assert not (project / "distribution.yaml").exists() and not (project / "sent").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "  "], "--to is empty: say who received the copy"),
        (["--to", ""], "--to is empty: say who received the copy"),
        (
            ["--to", "Desk", "--on", "2020-05-12"],
            "--on 2020-05-12 is before the date the copy carries (2020-05-13)",
        ),
        (["--to", "Desk", "--on", "2020-05-21"], "--on 2020-05-21 is after today (2020-05-20)"),
    ],
    ids=["blank", "empty", "before-built", "future"],
)
def test_sent_refuses_a_blank_recipient_or_an_impossible_day(
    project: Path, shipped: Path, args: list[str], message: str
) -> None:
    pdf = str(shipped / "out" / "donor.pdf")
    code, out = run("sent", pdf, *args, "--project", str(project), today="2020-05-20")
    assert code == 2 and message in out, out
    assert not (project / "distribution.yaml").exists()

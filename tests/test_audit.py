"""Briefs carry their figures; audit checks a brief built earlier against today's data."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from briefgen import __version__, api
from briefgen.cli import main
from briefgen.state import Store, digest

from .conftest import built
from .pdfcheck import text_of


def table(path: Path) -> dict:
    return json.loads(PdfReader(path).attachments["figures.json"][0])


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", ["donor", "press"])
def test_every_printed_figure_is_in_the_attached_table(shipped: Path, name: str) -> None:
    path = shipped / "out" / f"{name}.pdf"
    attachments = PdfReader(path).attachments
    assert set(attachments) == {"figures.csv", "figures.json", "quotes.csv"}
    data = table(path)
    assert (data["brief"], data["briefgen"]) == (name, __version__)
    rows = data["figures"]
    assert rows and {r["statistic"] for r in rows} >= {"prison_population", "cc1_population"}
    text = text_of(path).lower()  # a figure opening a sentence is capitalised
    for row in rows:
        assert row["printed"] in text, row
        # the figure is cited where it is printed (chart bars: by the chart's source line)
        cited = re.search(re.escape(row["printed"]) + r"\[[\d, ]+\]", text)
        assert cited or row["printed"].endswith("×"), row
    with_csv = list(csv.DictReader(io.StringIO(attachments["figures.csv"][0].decode())))
    assert [r["statistic"] for r in with_csv] == [r["statistic"] for r in rows]
    assert [r["printed"] for r in with_csv] == [r["printed"] for r in rows]
    cc1 = next(r for r in rows if r["statistic"] == "cc1_occupancy_rfa")
    assert (cc1["qualifier"], cc1["source"], cc1["source_publisher"], cc1["source_date"]) == (
        "about",
        "rfa2020",
        "Radio Free Asia",
        "2020-05",
    )


def test_xmp_records_version_and_data_fingerprint(shipped: Path) -> None:
    path = shipped / "out" / "donor.pdf"
    raw = PdfReader(path).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    state = Store(shipped / "out").load()[0]
    assert f"<briefgen:version>{__version__}</briefgen:version>" in raw
    assert f"<briefgen:fingerprint>{state.briefs['donor'].key}</briefgen:fingerprint>" in raw
    assert state.briefs["donor"].key == digest(state.briefs["donor"].inputs)
    assert table(path)["fingerprint"] == state.briefs["donor"].key
    assert '<rdf:li xml:lang="x-default">Health, not handcuffs</rdf:li>' in raw


def test_audit_of_a_current_brief(shipped: Path) -> None:
    code, out, _ = run("audit", str(shipped / "out" / "press.pdf"), "--project", str(shipped))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].endswith(f"press.pdf: brief 'press', built by briefgen {__version__}")
    assert all(line.startswith("  same ") for line in lines[1:-1])
    assert lines[-1] == f"all {len(lines) - 2} figures are current"


def test_audit_reports_exactly_what_changed(project: Path, tmp_path: Path) -> None:
    [donor, _] = built(api.build(project))
    sent = tmp_path / "sent-to-donors.pdf"
    shutil.copy(donor.path, sent)
    stats = project / "data" / "statistics.yaml"
    stats.write_text(stats.read_text().replace("value: 55770", "value: 61200", 1))
    result = api.audit(sent, project)
    assert result.exit_code == 1
    [changed] = result.outdated
    assert (changed.statistic, changed.printed, changed.now, changed.source) == (
        "arrests_since_2017",
        "at least 55,770",
        "at least 61,200",
        "Radio Free Asia, May 2020",
    )
    code, out, _ = run("audit", str(sent), "--project", str(project))
    assert code == 1
    assert (
        "  changed  arrests_since_2017       at least 55,770 → at least 61,200 "
        "(Radio Free Asia, May 2020)" in out
    )
    assert out.splitlines()[-1].startswith("1 of 9 figures are outdated")


def test_audit_reports_removed_figures(project: Path, tmp_path: Path) -> None:
    [_, press] = built(api.build(project))
    sent = tmp_path / "press.pdf"
    shutil.copy(press.path, sent)
    brief = project / "briefs" / "press.yaml"
    brief.write_text(
        brief.read_text().replace(
            '      - "Only {stat:interviewees_legal_aid} of {stat:interviewees} interviewees '
            'received free legal aid"\n',
            "",
        )
    )
    stats = project / "data" / "statistics.yaml"
    text = stats.read_text()
    assert text.rstrip().endswith("source: rfa2020")  # the statistic removed is the last one
    stats.write_text(text[: text.index("  - id: interviewees_legal_aid")])
    donor = project / "briefs" / "donor.yaml"
    donor.write_text(
        donor.read_text().replace(
            " Only {stat:interviewees_legal_aid} of them\n      received free legal aid.", ""
        )
    )
    result = api.audit(sent, project)
    assert [(f.status, f.statistic) for f in result.outdated] == [
        ("removed", "interviewees_legal_aid")
    ]


def test_audit_of_random_bytes_and_foreign_pdfs_exits_2(tmp_path: Path, project: Path) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(os.urandom(4000))
    foreign = tmp_path / "letter.pdf"
    canvas = Canvas(str(foreign))
    canvas.drawString(100, 700, "Not a brief")
    canvas.save()
    truncated = tmp_path / "truncated.pdf"
    [donor, _] = built(api.build(project))
    truncated.write_bytes(donor.path.read_bytes()[:3000])
    for path, says in [
        (junk, "not a readable PDF"),
        (foreign, "not made by briefgen"),
        (truncated, ""),
    ]:
        code, out, err = run("audit", str(path), "--project", str(project))
        assert code == 2, (path, out, err)
        assert err.startswith(f"Error: {path}: ") and says in err
        assert "Traceback" not in err


def test_audit_of_a_missing_file_is_a_usage_error(project: Path) -> None:
    code, _, err = run("audit", "nowhere.pdf", "--project", str(project))
    assert code == 2 and "does not exist" in err

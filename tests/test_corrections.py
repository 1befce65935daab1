"""Correction notes in the copy's language and on its page size: a Khmer note prints the old
figure as the Khmer brief printed it and names a removed figure by its Khmer label (older
copies, whose table has no labels, by the statistic's id); a Letter brief's note is on Letter,
a declared audience's brief gets its note."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pikepdf
from pypdf import PdfReader

from briefgen import api

from .conftest import built, copy_shipped
from .test_audiences import _add_parliament
from .test_build import actual_text
from .test_distribution import edit, run, text_of

REMOVED = "  - id: interviewees_legal_aid\n"
KM_LABEL = "អ្នកត្រូវបានសម្ភាសន៍ដែលទទួលបានជំនួយផ្លូវច្បាប់ដោយឥតគិតថ្លៃ"


def remove_legal_aid(root: Path) -> None:
    """Take the statistic interviewees_legal_aid (the last one) out of the data and the
    briefs that print it."""
    stats = root / "data" / "statistics.yaml"
    text = stats.read_text(encoding="utf-8")
    stats.write_text(text[: text.index(REMOVED)], encoding="utf-8")
    for brief in (root / "briefs").glob("*.yaml"):
        lines = brief.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if "interviewees_legal_aid" not in line]
        brief.write_text("".join(kept), encoding="utf-8")


def withdraw(root: Path, reference: str) -> None:
    """The giver of the testimony with this consent reference withdraws it on 2020-06-01."""
    line = f"      reference: {reference}\n"
    edit(root / "data" / "quotes.yaml", line, f"{line}      withdrawn: 2020-06-01\n")


def test_a_khmer_note_states_old_figures_and_removed_labels_in_khmer(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path / "km")
    for other in ("donor", "press"):
        (root / "briefs" / f"{other}.yaml").unlink()
    built(api.build(root, jobs=1))
    p = str(root)
    sent = ("sent", str(root / "out" / "press-km.pdf"), "--to", "Phnom Penh Post", "--project", p)
    assert run(*sent, "--on", "2020-05-14", today="2020-05-20")[0] == 0

    edit(root / "data" / "statistics.yaml", "value: 55770", "value: 61200")
    remove_legal_aid(root)
    withdraw(root, "CONSENT-2020-014")  # Sreyneang's, printed by press-km
    code, out = run("outdated", "--notes", str(root / "notes"), "--project", p, today="2020-06-02")
    assert code == 1, out
    assert f"    removed    interviewees_legal_aid  {KM_LABEL}: ២\n" in out
    note = root / "notes" / "phnom-penh-post-press-km.pdf"
    khmer = re.sub(r"\s+", "", actual_text(PdfReader(note)))  # Khmer as written
    for written in [
        "នៅថ្ងៃទី ១៤ ឧសភា ២០២០",  # sent on 14 May 2020
        "ពីមុន យ៉ាងហោចណាស់ ៥៥,៧៧០",  # was at least 55,770, in Khmer
        f"{KM_LABEL}៖ លែងមានចែងទៀតហើយ (ពីមុន ២)",  # no longer stated (was 2)
        "ទំព័រ ១ នៃច្បាប់ចម្លងមុន",  # page 1 of the earlier copy
    ]:
        assert re.sub(r"\s+", "", written) in khmer, written
    text = text_of(note)
    assert "at least" not in text and "interviewees_legal_aid" not in text
    assert "Sreyneang" not in text and "taser" not in text
    assert PdfReader(note).trailer["/Root"]["/Lang"] == "km"
    assert run("verify", str(note), today="2020-06-02")[0] == 0


def strip_labels(pdf: Path) -> None:
    """Make `pdf` look built before figures tables had labels: its figures.json without
    them (the copy's fingerprint is unchanged)."""
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        table = json.loads(doc.attachments["figures.json"].get_file().read_bytes())
        for row in table["figures"]:
            del row["label"]
        data = json.dumps(table).encode("utf-8")
        doc.attachments["figures.json"] = pikepdf.AttachedFileSpec(doc, data)
        doc.save(pdf)


def test_a_copy_from_before_labels_names_a_removed_figure_by_its_id(project: Path) -> None:
    built(api.build(project, ["press"], jobs=1))
    p = str(project)
    assert run("sent", str(project / "out" / "press.pdf"), "--to", "Desk", "--project", p,
               today="2020-05-20")[0] == 0  # fmt: skip
    [kept] = (project / "sent").glob("*.pdf")
    strip_labels(kept)
    remove_legal_aid(project)
    code, out = run("outdated", "--notes", str(project / "notes"), "--project", p,
                    today="2020-06-02")  # fmt: skip
    assert code == 1 and "    removed    interviewees_legal_aid  2\n" in out, out
    assert "interviewees_legal_aid: no longer stated (was 2)" in text_of(
        project / "notes" / "desk-press.pdf"
    )
    code, out = run("audit", str(kept), "--project", p, today="2020-06-02")
    assert code == 1 and "removed  interviewees_legal_aid" in out, out


def test_a_copy_with_labels_names_a_removed_figure_by_its_label(project: Path) -> None:
    built(api.build(project, ["press"], jobs=1))
    p = str(project)
    assert run("sent", str(project / "out" / "press.pdf"), "--to", "Desk", "--project", p,
               today="2020-05-20")[0] == 0  # fmt: skip
    remove_legal_aid(project)
    code, out = run("outdated", "--notes", str(project / "notes"), "--project", p,
                    today="2020-06-02")  # fmt: skip
    assert code == 1
    assert "    removed    interviewees_legal_aid  Interviewees given free legal aid: 2\n" in out
    text = text_of(project / "notes" / "desk-press.pdf")
    assert "Interviewees given free legal aid: no longer stated (was 2)" in text


def test_a_note_is_on_the_copys_page_size_for_a_declared_audience_too(project: Path) -> None:
    _add_parliament(project)
    edit(
        project / "briefs" / "parliament.yaml",
        "language: en\n",
        "language: en\npage_size: Letter\n",
    )
    built(api.build(project, ["parliament", "donor"], jobs=1))
    p = str(project)
    for brief in ("parliament", "donor"):
        assert run("sent", str(project / "out" / f"{brief}.pdf"), "--to", "MP", "--project", p,
                   today="2020-05-20")[0] == 0  # fmt: skip
    edit(project / "data" / "statistics.yaml", "value: 55770", "value: 61200")
    code, out = run("outdated", "--notes", str(project / "notes"), "--project", p,
                    today="2020-06-02")  # fmt: skip
    assert code == 1 and "2 of 2 copies sent are outdated" in out, out
    sizes = {}
    for brief in ("parliament", "donor"):
        note = project / "notes" / f"mp-{brief}.pdf"
        assert "now at least 61,200[1], was at least 55,770" in text_of(note)
        box = PdfReader(note).pages[0].mediabox
        sizes[brief] = (round(float(box.width)), round(float(box.height)))
    assert sizes == {"parliament": (612, 792), "donor": (595, 842)}  # Letter, A4


def test_the_figures_table_labels_each_statistic_in_the_briefs_language(shipped: Path) -> None:
    import csv
    import io

    labels = {}
    for name in ("press", "press-km"):
        attached = PdfReader(shipped / "out" / f"{name}.pdf").attachments
        rows = json.loads(attached["figures.json"][0])["figures"]
        labels[name] = {row["statistic"]: row["label"] for row in rows}
        table = list(csv.DictReader(io.StringIO(attached["figures.csv"][0].decode())))
        assert [(r["statistic"], r["label"]) for r in table] == [
            (r["statistic"], r["label"]) for r in rows
        ]
    assert labels["press"]["interviewees_legal_aid"] == "Interviewees given free legal aid"
    assert labels["press-km"]["interviewees_legal_aid"] == KM_LABEL  # from translations/km.po
    assert set(labels["press"]) == set(labels["press-km"]) and all(labels["press-km"].values())

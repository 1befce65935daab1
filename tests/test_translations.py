"""Translations in PO catalogs: export, status, fuzzy and obsolete entries, inline moves and
stale inline translations, through the command line."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner
from pypdf import PdfReader

from briefgen.cli import main

from .conftest import copy_shipped

KEY = "recommendations.decongest.title"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def catalog(root: Path):
    with (root / "translations" / "km.po").open("rb") as f:
        return read_po(f)


def save(root: Path, cat) -> None:
    with (root / "translations" / "km.po").open("wb") as f:
        write_po(f, cat, include_previous=True)


@pytest.fixture
def km(tmp_path: Path) -> Path:
    root = copy_shipped(tmp_path / "p")
    for name in ("donor.yaml", "press.yaml"):
        (root / "briefs" / name).unlink()
    return root


def test_shipped_status_counts_every_khmer_text() -> None:
    code, out, _ = run("translations", "status", "--project", str(Path(__file__).parent.parent))
    assert code == 0
    assert "km: briefs press-km (translations/km.po and inline)" in out
    assert "  translated    30  30 in the catalog, 0 inline" in out
    assert "  missing        0" in out


def test_an_edited_msgstr_is_printed(km: Path) -> None:
    code, out, _ = run("translations", "export", "km", "--project", str(km))
    assert code == 0 and "30 texts, 30 translated" in out
    cat = catalog(km)
    cat.get("Decongest prisons and centres during COVID-19", KEY).string = "Zqxw decongest"
    save(km, cat)
    assert run("build", "--project", str(km))[0] == 0
    text = "".join(p.extract_text() for p in PdfReader(km / "out" / "press-km.pdf").pages)
    assert "Zqxw decongest" in text


def test_a_changed_source_makes_its_entry_fuzzy(km: Path) -> None:
    recs = km / "data" / "recommendations.yaml"
    old = "Decongest prisons and centres during COVID-19"
    recs.write_text(recs.read_text().replace(old, "Empty the prisons during COVID-19"))
    assert run("translations", "export", "km", "--project", str(km))[0] == 0
    message = catalog(km).get("Empty the prisons during COVID-19", KEY)
    assert message.fuzzy and message.string
    po = (km / "translations" / "km.po").read_text()
    assert f'#, fuzzy\n#| msgid "{old}"\nmsgctxt "{KEY}"' in po
    code, out, _ = run("translations", "status", "km", "--project", str(km))
    assert code == 1 and f"  fuzzy          1  need review: {KEY}" in out
    code, _, err = run("check", "--strict", "--project", str(km))
    assert code == 1
    assert f"translations/km.po:{message.lineno}: warning: {KEY}: the 'km' translation is " in err
    code, _, err = run("build", "--project", str(km))
    assert code == 0 and f"translations/km.po:{message.lineno}: warning" in err


def test_a_text_no_longer_printed_becomes_obsolete(km: Path) -> None:
    brief = km / "briefs" / "press-km.yaml"
    brief.write_text(brief.read_text().replace("  - type: chart\n    chart: cc1_occupancy\n", ""))
    assert run("translations", "export", "km", "--project", str(km))[0] == 0
    assert '#~ msgctxt "charts.cc1_occupancy.title"' in (km / "translations/km.po").read_text()
    assert any(m.context == "charts.cc1_occupancy.title" for m in catalog(km).obsolete.values())
    code, out, _ = run("translations", "status", "km", "--project", str(km))
    assert code == 0 and "  obsolete       6  #~ entries, lines " in out


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_msgfmt_accepts_the_catalogs(km: Path) -> None:
    recs = km / "data" / "recommendations.yaml"
    recs.write_text(recs.read_text().replace("during COVID-19", "in COVID-19"))
    assert run("translations", "export", "km", "--project", str(km))[0] == 0
    for po in [km / "translations/km.po", Path(__file__).parent.parent / "translations/km.po"]:
        done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=False)
        assert done.returncode == 0


def test_move_inline_keeps_comments_and_the_brief(km: Path) -> None:
    (km / "translations" / "km.po").unlink()
    config = km / "briefgen.yaml"
    title = "ការរំលោភបំពាន"
    config.write_text(
        config.read_text().replace(
            "campaign:\n  title:\n",
            f"campaign:\n  # the report's name\n  title:\n    km: {title}\n",
        )
    )
    quotes = km / "data" / "quotes.yaml"
    quotes.write_text(
        quotes.read_text().replace(
            "role: {en: former CC1 inmate}", "role: {en: former CC1 inmate, km: អតីត}  # keep"
        )
    )
    code, out, _ = run("translations", "export", "km", "--move-inline", "--project", str(km))
    assert code == 0 and "moved 2 inline translations" in out
    assert "  # the report's name\n  title:\n    en:" in config.read_text()
    assert "role: {en: former CC1 inmate}  # keep" in quotes.read_text()
    assert catalog(km).get("former CC1 inmate", "quotes.long.role").string == "អតីត"


def test_a_stale_inline_translation_is_flagged(km: Path) -> None:
    cat = catalog(km)
    cat.delete("former CC1 inmate", "quotes.long.role")
    save(km, cat)
    quotes = km / "data" / "quotes.yaml"
    before = quotes.read_text()
    quotes.write_text(before.replace("{en: former CC1 inmate}", "{en: former CC1 inmate, km: អតីត}"))
    assert run("build", "--project", str(km))[0] == 0  # the pair is recorded
    quotes.write_text(quotes.read_text().replace("former CC1 inmate", "former inmate"))
    code, _, err = run("check", "--project", str(km))
    assert code == 0
    assert "warning: quotes.long.role: the English of quotes.long.role changed on " in err
    assert "after its km translation: review it" in err


def test_a_text_translated_inline_and_in_the_catalog_is_an_error(km: Path) -> None:
    recs = km / "data" / "recommendations.yaml"
    english = "      en: Decongest prisons and centres during COVID-19\n"
    assert english in recs.read_text()
    recs.write_text(recs.read_text().replace(english, english + "      km: ពន្ធនាគារ\n"))
    line = recs.read_text().splitlines().index(english.rstrip("\n")) + 2  # the km: line
    code, _, err = run("check", "--project", str(km))
    assert code == 1
    assert f"data/recommendations.yaml:{line}: error: {KEY}: translated into 'km' both here" in err
    assert "--move-inline" in err


def test_a_damaged_catalog_is_one_error_at_its_line(km: Path) -> None:
    po = km / "translations" / "km.po"
    lines = po.read_text().splitlines(keepends=True)
    damaged = next(i for i, line in enumerate(lines) if i > 25 and line.startswith("msgstr "))
    lines[damaged] = lines[damaged].replace("msgstr ", "msgtr ", 1)
    po.write_text("".join(lines))
    code, _, err = run("check", "--project", str(km))
    assert code == 1
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert errors == [
        f"translations/km.po:{damaged + 1}: error: not a valid PO file (Unknown or misformatted "
        "keyword): fix this line, or open the file in a PO editor (Poedit) and save it again"
    ]


def test_an_entry_no_text_has_is_a_warning_at_its_line(km: Path) -> None:
    po = km / "translations" / "km.po"
    line = len(po.read_text().splitlines()) + 3  # after a blank line and msgctxt: msgid
    with po.open("a") as f:
        f.write('\nmsgctxt "recommendations.gone.title"\nmsgid "Gone"\nmsgstr "ចំណងជើង"\n')
    code, _, err = run("check", "--project", str(km))
    assert code == 0
    assert (
        f"translations/km.po:{line}: warning: recommendations.gone.title: no text has this key "
        "any more (removed or renamed)"
    ) in err
    assert run("check", "--strict", "--project", str(km))[0] == 1


def test_status_without_a_catalog_counts_every_text_missing(km: Path) -> None:
    (km / "translations" / "km.po").unlink()
    code, out, _ = run("translations", "status", "km", "--project", str(km))
    assert code == 1
    assert "km: briefs press-km (inline only)" in out
    assert "  missing       30  briefgen.campaign.title, " in out

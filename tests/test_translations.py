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


def lineno(path: Path, start: str, after: int = 0) -> int:
    """The line number of the first line of `path` from line `after` on that starts so."""
    lines = path.read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if i > after and line.startswith(start))


def test_a_catalog_named_as_a_po_editor_names_it(km: Path) -> None:
    po = km / "translations" / "km.po"
    po.rename(km / "translations" / "KM.po")
    code, out, _ = run("translations", "status", "km", "--project", str(km))
    assert code == 0 and "km: briefs press-km (translations/KM.po and inline)" in out
    (km / "translations" / "KM.po").rename(km / "translations" / "km_KH.po")
    code, _, err = run("check", "--project", str(km))
    assert code == 1
    assert [line for line in err.splitlines() if ": error: " in line] == [
        "translations/km_KH.po:1: error: 'km_KH' is not the language code of a brief (briefs "
        "are in: km): rename the file translations/km.po"
    ]


def test_an_underscore_in_a_catalogs_name_is_a_hyphen(km: Path) -> None:
    brief, config = km / "briefs" / "press-km.yaml", km / "briefgen.yaml"
    brief.write_text(brief.read_text().replace("\nlanguage: km\n", "\nlanguage: km-KH\n"))
    config.write_text(config.read_text().replace("\n  km:\n", "\n  km-KH:\n"))
    (km / "translations" / "km.po").rename(km / "translations" / "km_KH.po")
    code, out, _ = run("translations", "status", "--project", str(km))
    assert code == 0 and "km-KH: briefs press-km (translations/km_KH.po and inline)" in out
    assert "  translated    30  30 in the catalog" in out


def test_a_plural_entry_is_an_error_at_its_line(km: Path) -> None:
    po = km / "translations" / "km.po"
    with po.open("a") as f:
        f.write('\nmsgctxt "x.y"\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "q"\n')
    code, _, err = run("check", "--project", str(km))
    assert code == 1
    assert (
        f"translations/km.po:{lineno(po, 'msgid_plural')}: error: msgid_plural: plural forms "
        "are not used by briefgen"
    ) in err


def test_a_charset_other_than_utf8_is_an_error_at_the_header(km: Path) -> None:
    po = km / "translations" / "km.po"
    po.write_text(po.read_text().replace("charset=utf-8", "charset=latin-1"))
    line = lineno(po, '"Content-Type:')
    for command in ("check", "build"):
        code, _, err = run(command, "--project", str(km))
        assert code == 1
        assert f"translations/km.po:{line}: error: the header says the file is in latin-1" in err
        assert "save it as UTF-8" in err


def test_an_unquoted_msgstr_is_an_error_at_its_line(km: Path) -> None:
    po = km / "translations" / "km.po"
    po.write_text(po.read_text().replace('msgstr "ការរំលោភ', "msgstr ការរំលោភ", 1))
    code, _, err = run("check", "--project", str(km))
    assert code == 1
    line = lineno(po, "msgstr ការរំលោភ")
    assert f"translations/km.po:{line}: error: the text of msgstr must be in double quotes" in err
    assert run("translations", "export", "km", "--project", str(km))[0] == 1
    assert "msgstr ការរំលោភ" in po.read_text()  # not rewritten


@pytest.mark.parametrize(
    "msgid", ["Decongest prisons", "Decongest prisons and centres during COVID-19"]
)
def test_a_duplicate_entry_is_an_error_at_its_line(km: Path, msgid: str) -> None:
    po = km / "translations" / "km.po"
    first = lineno(po, "msgid", lineno(po, f'msgctxt "{KEY}"'))
    end = len(po.read_text().splitlines())
    with po.open("a") as f:
        f.write(f'\nmsgctxt "{KEY}"\nmsgid "{msgid}"\nmsgstr "ចាស់"\n')
    code, _, err = run("check", "--project", str(km))
    assert code == 1
    line = end + 3  # after a blank line and msgctxt
    assert (
        f"translations/km.po:{line}: error: {KEY}: duplicate entry for {KEY} (also line {first})"
        in err
    )


def test_an_error_in_a_msgstr_is_at_the_catalogs_line(km: Path) -> None:
    cat = catalog(km)
    message = cat.get("Decongest prisons and centres during COVID-19", KEY)
    message.string = "ពន្ធនាគារ {stat:no_such_stat}"
    save(km, cat)
    code, _, err = run("check", "--project", str(km))
    assert code == 1
    errors = [line for line in err.splitlines() if "no_such_stat" in line]
    assert len(errors) == 1 and errors[0].startswith(
        f"translations/km.po:{message.lineno}: error: {KEY}:"
    )


def test_a_warning_about_a_msgstr_is_at_the_catalogs_line(km: Path) -> None:
    cat = catalog(km)
    message = cat.get("Decongest prisons and centres during COVID-19", KEY)
    message.string = "ពន្ធនាគារ 55,770 នាក់"  # a statistic's figure typed, not {stat:}
    save(km, cat)
    code, _, err = run("check", "--project", str(km))
    assert code == 0
    assert f"translations/km.po:{message.lineno}: warning: {KEY}: '55,770' is printed" in err


def test_move_inline_replaces_the_catalogs_translation(km: Path) -> None:
    recs = km / "data" / "recommendations.yaml"
    english = "      en: Decongest prisons and centres during COVID-19\n"
    recs.write_text(recs.read_text().replace(english, english + "      km: ពន្ធនាគារថ្មី\n"))
    code, _, err = run("check", "--project", str(km))
    assert code == 1 and "--move-inline` to move this one into the catalog, replacing" in err
    assert run("translations", "export", "km", "--project", str(km))[0] == 0  # keeps both
    message = catalog(km).get("Decongest prisons and centres during COVID-19", KEY)
    assert message.string and message.string != "ពន្ធនាគារថ្មី"
    code, out, _ = run("translations", "export", "km", "--move-inline", "--project", str(km))
    assert code == 0
    assert (
        f"replaced the catalog's translation of 1 texts with the one written inline: {KEY}" in out
    )
    assert "ពន្ធនាគារថ្មី" not in recs.read_text()
    message = catalog(km).get("Decongest prisons and centres during COVID-19", KEY)
    assert message.string == "ពន្ធនាគារថ្មី" and not message.fuzzy
    assert run("check", "--project", str(km))[0] == 0


def test_an_invalid_entry_does_not_orphan_its_catalog_entries(km: Path) -> None:
    quotes = km / "data" / "quotes.yaml"
    consent = (
        "    consent:                        # illustrative\n      audiences: [donors, press]\n"
    )
    assert consent in quotes.read_text()
    quotes.write_text(quotes.read_text().replace(consent, consent + "      until: next year\n", 1))
    code, _, err = run("check", "--project", str(km))
    assert code == 1 and "quotes.sreyneang.consent.until" in err
    assert "no text has this key any more" not in err


def test_status_of_a_language_no_brief_is_in(km: Path) -> None:
    code, _, err = run("translations", "status", "xx", "--project", str(km))
    assert code == 2 and "no brief is in 'xx' (briefs are in: km)" in err


def test_an_orphan_catalog_and_a_wrong_language_header_are_warnings(km: Path) -> None:
    po = km / "translations" / "km.po"
    (km / "translations" / "xx.po").write_bytes(po.read_bytes())
    po.write_text(po.read_text().replace('"Language: km\\n"', '"Language: fr\\n"'))
    code, _, err = run("check", "--project", str(km))
    assert code == 0
    assert "translations/xx.po:1: warning: no brief is in 'xx' (briefs are in: km)" in err
    line = lineno(po, '"Language: fr')
    assert f"translations/km.po:{line}: warning: the header says the catalog is in 'fr'" in err


def test_a_statistics_scope_is_not_asked_for(km: Path) -> None:
    stats = km / "data" / "statistics.yaml"
    label = "  - id: arrests_since_2017\n"
    scoped = label + "    quantity: arrests\n    scope: arrested by police\n"
    stats.write_text(stats.read_text().replace(label, scoped))
    code, _, err = run("check", "--project", str(km))
    assert code == 0 and "scope" not in err
    assert run("translations", "export", "km", "--project", str(km))[0] == 0
    assert ".scope" not in (km / "translations" / "km.po").read_text()


def test_the_shipped_catalog_is_what_export_writes(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path / "p")
    shipped = (root / "translations" / "km.po").read_bytes()
    assert run("translations", "export", "km", "--project", str(root))[0] == 0
    assert (root / "translations" / "km.po").read_bytes() == shipped

"""`briefgen translations`: the PO catalogs translators work in (`export`, `status`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import api
from . import main
from .common import PROJECT, Group


@main.group(cls=Group)
def translations() -> None:
    """Translate briefs through gettext PO catalogs (translations/LANG.po), which Poedit,
    Weblate, Crowdin or Lokalise open.

    \b
    Examples:
      briefgen translations export fr
      briefgen translations export km --move-inline
      briefgen translations status
    """


@translations.command()
@click.argument("lang")
@click.option(
    "--move-inline",
    is_flag=True,
    help="Move the translations written in the YAML ({en: ..., LANG: ...}) into the catalog.",
)
@PROJECT
def export(lang: str, move_inline: bool, project: Path) -> None:
    """Write or update translations/LANG.po with every text the briefs in LANG print.

    Existing translations are kept; one whose English changed is kept marked fuzzy, with the
    text it was made for (#| msgid); entries for texts that no longer exist become obsolete
    (#~). Comments and layout of the YAML are kept by --move-inline; a text translated both
    inline and in the catalog gets the inline translation, which replaces the catalog's.

    \b
    Examples:
      briefgen translations export fr
      briefgen translations export km --move-inline
    """
    report = api.translations_export(project, lang, move_inline)
    click.echo(
        f"wrote {report.path}: {report.texts} texts, {report.translated} translated, "
        f"{report.fuzzy} fuzzy (to review), {report.untranslated} untranslated, "
        f"{report.obsolete} obsolete"
    )
    if report.moved:
        click.echo(f"moved {report.moved} inline translations into the catalog")
    if report.replaced:
        click.echo(
            f"replaced the catalog's translation of {len(report.replaced)} texts with the one "
            f"written inline: {', '.join(report.replaced)}"
        )
    if report.left_inline:
        click.echo(
            f"left {report.left_inline} inline translations in the YAML "
            "(--move-inline moves them into the catalog)"
        )


@translations.command()
@click.argument("lang", required=False)
@PROJECT
def status(lang: str | None, project: Path) -> None:
    """Per language, the texts its briefs print: translated, fuzzy, missing and reviewed.

    Exit code 1 when a brief would print a fuzzy or missing translation; 2 when no brief is
    in LANG.

    \b
    Examples:
      briefgen translations status
      briefgen translations status km
    """
    found = api.translations_status(project, lang)
    for item in found:
        where = f"{item.catalog} and inline" if item.catalog else "inline only"
        click.echo(f"{item.language}: briefs {', '.join(item.briefs) or 'none'} ({where})")
        rows = [
            ("texts", item.texts, "printed by these briefs"),
            (
                "translated",
                item.in_catalog + item.inline,
                f"{item.in_catalog} in the catalog, {item.inline} inline",
            ),
            ("fuzzy", len(item.fuzzy), "need review: " + ", ".join(item.fuzzy[:5])),
            ("missing", len(item.missing), ", ".join(item.missing[:5])),
            (
                "reviewed",
                item.reviewed,
                f"languages.{item.language}.draft: awaiting review" if item.draft else "",
            ),
            (
                "obsolete",
                len(item.obsolete),
                "#~ entries, lines " + ", ".join(map(str, item.obsolete[:10])),
            ),
        ]
        for name, count, note in rows:
            note = note if count or name == "reviewed" else ""
            click.echo(f"  {name:<11}{count:>5}  {note}".rstrip())
    if not all(item.printable for item in found):
        sys.exit(1)

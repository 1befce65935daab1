"""The `briefgen` command: parses options and calls the library API, nothing more."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import __version__, api

PROJECT = click.option(
    "--project",
    "project",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The project folder.",
)


def _warn(problems: list) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
def main() -> None:
    """Build polished PDF briefs, one per audience, from a campaign's data in YAML.

    \b
    Examples:
      briefgen build                 build every brief into out/
      briefgen build press           build briefs/press.yaml only
      briefgen check                 report every problem in the data, build nothing
      briefgen list                  show the briefs and where they are written
    """


@main.command()
@click.argument("brief_ids", metavar="[BRIEF_ID]...", nargs=-1)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: `output` in briefgen.yaml).",
)
@PROJECT
def build(brief_ids: tuple[str, ...], out: Path | None, project: Path) -> None:
    """Build all briefs, or those named.

    Prints one line per PDF written: path, pages, size. Nothing is written when the data
    has errors, and a failed build never replaces the last good PDF.

    \b
    Examples:
      briefgen build
      briefgen build donor press --out /tmp/briefs
      briefgen build --project ../other-campaign
    """
    _warn(api.check(project))
    for written in api.build(project, brief_ids, out):
        click.echo(
            f"{written.path}  {written.pages} page{'s' if written.pages != 1 else ''}"
            f"  {written.size / 1024:.0f} KiB"
        )


@main.command()
@PROJECT
def check(project: Path) -> None:
    """Load and validate everything; build nothing.

    Exit code 0 when the data is clean, 1 with every problem listed as FILE:LINE: message.

    \b
    Examples:
      briefgen check
      briefgen check --project ../other-campaign
    """
    warnings = api.check(project)
    _warn(warnings)
    click.echo(
        f"ok: {project.resolve().name} is valid"
        + (f" ({len(warnings)} warnings)" if warnings else "")
    )


@main.command("list")
@PROJECT
def list_(project: Path) -> None:
    """List the briefs: id, audience, title, language and output path.

    \b
    Examples:
      briefgen list
    """
    rows = [
        (b.id, b.audience, b.language, str(b.output), b.title) for b in api.list_briefs(project)
    ]
    headers = ("ID", "AUDIENCE", "LANG", "OUTPUT", "TITLE")
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(4)]
    for row in [headers, *rows]:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + "  " + row[4])


@main.command()
@click.option("--markdown", is_flag=True, help="Print the field reference as Markdown instead.")
def schema(markdown: bool) -> None:
    """Print the JSON Schema of every file kind, for editors' completion and checks.

    \b
    Examples:
      briefgen schema > briefgen.schema.json
      briefgen schema --markdown > docs/fields.md
    """
    from .model import field_reference, json_schema

    click.echo(field_reference() if markdown else json.dumps(json_schema(), indent=2), nl=False)

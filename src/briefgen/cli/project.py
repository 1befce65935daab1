"""Commands that read the project and build nothing: `diff`, `check`, `list`, `schema`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .. import api
from . import main
from .common import OUT, PROJECT, STRICT, warn


@main.command()
@OUT
@PROJECT
def diff(out: Path | None, project: Path) -> None:
    """Show, per brief, what the next build will change since the last one.

    Statistics are shown with their old and new values and source; quotes, recommendations
    and blocks added or removed are listed.

    \b
    Examples:
      briefgen diff
      briefgen diff --out /tmp/briefs
    """
    for brief_id, changes in api.diff(project, out).items():
        if not changes:
            click.echo(f"{brief_id}: up to date")
            continue
        click.echo(f"{brief_id}:")
        for change in changes:
            click.echo(f"  {change}")


@main.command()
@PROJECT
@STRICT
def check(project: Path, strict: bool) -> None:
    """Load and validate everything, and check the numbers' consistency; build nothing.

    Exit code 0 when the data is clean, 1 with every problem listed as
    FILE:LINE: severity: message. Warnings (claims that disagree, figures typed in prose,
    unused sources, stale statistics...) fail only with --strict.

    \b
    Examples:
      briefgen check
      briefgen check --strict
      briefgen check --project ../other-campaign
    """
    warnings = api.check(project, strict)
    warn(warnings)
    click.echo(
        f"ok: {project.resolve().name} is valid"
        + (f" ({len(warnings)} warning{'s' if len(warnings) != 1 else ''})" if warnings else "")
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
    from ..schema import field_reference, json_schema

    click.echo(field_reference() if markdown else json.dumps(json_schema(), indent=2), nl=False)

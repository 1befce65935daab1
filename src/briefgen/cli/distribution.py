"""Commands that track the copies sent: `sent` and `outdated`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import api
from . import main
from .common import PROJECT


@main.command()
@click.argument(
    "pdf", metavar="FILE.pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--to", "to", required=True, help="Who received it: a person, desk or outlet.")
@click.option(
    "--on",
    "on",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The day it was sent (default: today).",
)
@click.option("--contact", default=None, help="How to reach them, e.g. an e-mail address.")
@PROJECT
def sent(pdf: Path, to: str, on: object, contact: str | None, project: Path) -> None:
    """Record that this copy of a brief was sent to someone.

    Reads the brief id and data fingerprint from the PDF (as `audit` does), adds an entry to
    distribution.yaml in the project and keeps the copy under sent/, so that `briefgen
    outdated` can tell who holds a copy that no longer matches the data. The log names
    people: keep it private. Sending the same copy to the same recipient again adds nothing:
    the log keeps the first sending ("already recorded"). Exit code 2 when the file is not a
    brief made by briefgen for this project, the recipient is blank, or the day is before the
    date the copy carries or after today; 1 when the log or the data is damaged (nothing is written
    then).

    \b
    Examples:
      briefgen sent out/donor.pdf --to "Jane Doe, Example Fund" --contact jane@example.org
      briefgen sent out/press.pdf --to "Phnom Penh Post" --on 2020-05-13
    """
    day = on.date() if on is not None else None  # type: ignore[attr-defined]
    delivery, new = api.sent(pdf, to, day, contact, project)
    click.echo(
        f"{'recorded' if new else 'already recorded'}: {delivery.brief} "
        f"({delivery.fingerprint[:12]}) sent to {delivery.to} on {delivery.on}; copy kept as "
        f"{delivery.copy_kept}"
    )


@main.command()
@click.option(
    "--notes",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write a one-page correction note PDF per outdated copy into this folder.",
)
@PROJECT
def outdated(notes: Path | None, project: Path) -> None:
    """List, per recipient, the copies they hold that no longer match today's data.

    Figures changed (old → new, with source) or removed, and testimonies whose consent was
    withdrawn or has ended since. With --notes DIR, writes a correction note for each
    outdated copy, in the brief's language; a note never repeats a withdrawn testimony. Exit
    code 0 when every copy is current, 1 otherwise; also 1, with nothing listed, when the log
    is damaged or a copy kept under sent/ is missing (the error says which and what to do).

    \b
    Examples:
      briefgen outdated
      briefgen outdated --notes corrections/
    """
    from ..audit import FigureStatus

    held, written = api.outdated(project, notes)
    recipients: dict[str, list] = {}
    for item in held:
        who = item.delivery.to + (f" <{item.delivery.contact}>" if item.delivery.contact else "")
        recipients.setdefault(who, []).append(item)
    for who, items in recipients.items():
        click.echo(who)
        for item in items:
            state = "outdated" if item.outdated else "current"
            click.echo(
                f"  {item.delivery.brief}, sent {item.delivery.on} (built "
                f"{item.delivery.built or '?'}): {state}"
            )
            for figure in item.audit.outdated:
                what = figure.printed
                if figure.status == FigureStatus.CHANGED:
                    what = f"{figure.printed} → {figure.now} ({figure.source})"
                elif figure.label:  # removed: its label, from the copy's table, says what it was
                    what = f"{figure.label}: {figure.printed}"
                click.echo(f"    {figure.status:9}  {figure.statistic}  {what}")
            for quote in item.audit.quotes:
                click.echo(f"    {quote.status:9}  {quote.quote}  ({quote.detail})")
    stale = [item for item in held if item.outdated]
    click.echo(f"{len(stale)} of {len(held)} copies sent are outdated")
    for path in written:
        click.echo(f"correction note: {path}")
    sys.exit(1 if stale else 0)

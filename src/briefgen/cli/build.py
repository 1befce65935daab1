"""`briefgen build`, once or watching: the build's progress and its report."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from .. import api
from ..children import STOPS
from ..report import BriefStatus, BuildReport
from . import main
from .common import OUT, PROJECT, STRICT, for_click, warn


@main.command()
@click.argument("brief_ids", metavar="[BRIEF_ID]...", nargs=-1)
@OUT
@PROJECT
@click.option("--force", is_flag=True, help="Rebuild every brief, even those up to date.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Briefs built in parallel processes (default: number of cores).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but problems.")
@click.option("--watch", is_flag=True, help="Keep running; rebuild when a file is saved.")
@click.option(
    "--no-verify",
    "skip_verify",
    is_flag=True,
    help="Do not check each PDF as a tagged, accessible PDF before it is written.",
)
@click.option(
    "--no-cache",
    "no_cache",
    is_flag=True,
    help="Draw every chart, neither reading nor filling the user-level chart cache.",
)
@STRICT
def build(
    brief_ids: tuple[str, ...],
    out: Path | None,
    project: Path,
    force: bool,
    jobs: int | None,
    quiet: bool,
    watch: bool,
    skip_verify: bool,
    no_cache: bool,
    strict: bool,
) -> None:
    """Build all briefs, or those named, when their inputs changed.

    Prints one line per brief: `built` with the PDF's path, pages and size and what changed
    since the last build, or `up to date`. Nothing is written when shared data has errors;
    a brief that fails keeps its last good PDF, and the build exits 1.

    \b
    Examples:
      briefgen build
      briefgen build donor press --out /tmp/briefs
      briefgen build --force --jobs 2
      briefgen build --watch
    """
    with _stopped_by_signals() as signals:
        if watch:
            settings = dict(strict=strict, cache=not no_cache, force=force, verify=not skip_verify)
            _watch(project, brief_ids, out, jobs, quiet, settings, signals)
            return
        with _ProgressBar(quiet) as bar:
            report = api.build(
                project,
                brief_ids,
                out,
                force=force,
                jobs=jobs,
                progress=lambda brief_id: (signals.wrote(brief_id), bar.advance(brief_id)),
                on_plan=lambda count: (signals.planning(count), bar.start(count)),
                strict=strict,
                verify=not skip_verify,
                cache=not no_cache,
            )
    _show(report, quiet)
    sys.exit(report.exit_code)


class _Signals:
    """The signals that came while a command ran (_stopped_by_signals), and how many of the
    PDFs its build planned it had written by then."""

    def __init__(self) -> None:
        self.received: list[signal.Signals] = []
        self.planned = self.written = 0

    def halt(self) -> None:
        """End the command if a signal came: one a library swallowed, if it is still running."""
        if self.received:
            raise KeyboardInterrupt

    def planning(self, count: int) -> None:
        """A build is about to write `count` PDFs, unless a signal came."""
        self.halt()
        self.planned, self.written = count, 0

    def wrote(self, _brief_id: str) -> None:
        """A PDF is in place; the next one is written unless a signal came."""
        self.written += 1
        self.halt()

    def stopped(self, signum: signal.Signals) -> str:
        """What a command the signal `signum` stopped says of its PDFs."""
        if not self.written:
            return f"stopped by {signum.name}: the last good PDFs are kept"
        if self.written < self.planned:
            return (
                f"stopped by {signum.name} after {self.written} of {self.planned} PDFs were "
                "written; the others keep their last good PDF"
            )
        return f"stopped by {signum.name} once every PDF was written"


@contextlib.contextmanager
def _stopped_by_signals() -> Iterator[_Signals]:
    """End the command on SIGTERM or SIGHUP (a CI job cancelled, a terminal closed) as on
    Ctrl+C: the build stops, its workers with it, and the last good PDFs are kept. The exit
    code says which signal ended it (128 + its number), as a shell's does. Whatever error the
    build ends with once a signal came is the signal's doing: a library whose import it
    interrupted may report it as its own (pikepdf: "failed to import").

    A library may also swallow it (ReportLab imports HarfBuzz in a bare `try`/`except`): the
    block is given the signals received, whose `halt` it calls where a build may stop: before
    it replaces a PDF, after each, after each build of --watch."""
    signals = _Signals()
    received = signals.received

    def stop(signum: int, _frame: Any) -> None:
        received.append(signal.Signals(signum))
        raise KeyboardInterrupt

    # Not a signal ignored as the command started (nohup's SIGHUP, a background job's Ctrl+C)
    stops = [
        s for s in STOPS if signal.getsignal(s) in (signal.SIG_DFL, signal.default_int_handler)
    ]
    previous = {signum: signal.signal(signum, stop) for signum in stops}
    try:
        yield signals
    except BaseException as error:
        if not received and not isinstance(error, KeyboardInterrupt):
            raise
        signum = received[0] if received else signal.SIGINT
        click.echo(signals.stopped(signum), err=True)
        sys.stdout.flush()
        sys.stderr.flush()
        # The build has cleaned up as it unwound. Exit at once with the signal's code: in
        # Python's own shutdown (its handlers reset, forked children reaped) the exit code
        # was seen to turn into a death by SIGINT, about once in twenty-five stops.
        os._exit(128 + signum)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _watch(
    project: Path,
    brief_ids: tuple[str, ...],
    out: Path | None,
    jobs: int | None,
    quiet: bool,
    settings: dict[str, bool],
    signals: _Signals,
) -> None:
    click.echo("watching for changes; press Ctrl+C to stop", err=True)
    try:
        api.watch(
            project,
            brief_ids,
            out,
            jobs,
            on_report=lambda report: (signals.halt(), _show(report, quiet)),
            on_error=lambda error: (signals.halt(), for_click(error).show()),
            on_plan=signals.planning,
            progress=signals.wrote,
            on_rebuilt=lambda name, seconds: (
                quiet or click.echo(f"rebuilt {name} in {seconds * 1000:.0f} ms")
            ),
            **settings,
        )
    except KeyboardInterrupt:
        if any(signum != signal.SIGINT for signum in signals.received):
            raise  # SIGTERM, SIGHUP: the command ends with the signal's exit code
        click.echo("stopped", err=True)


class _ProgressBar:
    """A progress bar on a terminal, shown once a build knows it writes several briefs."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Any = None

    def start(self, count: int) -> None:
        """Show the bar when `count` briefs will be written (several, on a terminal)."""
        if count > 1 and not self.quiet and sys.stdout.isatty():
            self.bar = click.progressbar(length=count, label="building", file=sys.stderr)
            self.bar.__enter__()

    def advance(self, _brief_id: str) -> None:
        """One more brief written."""
        if self.bar is not None:
            self.bar.update(1)

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _show(report: BuildReport, quiet: bool) -> None:
    warn(report.warnings)
    for notice in report.notices:
        click.echo(f"notice: {notice}", err=True)
    for outcome in report.outcomes:
        if outcome.status == BriefStatus.FAILED:
            kept = " (last good PDF kept)" if outcome.path.exists() else ""
            click.echo(f"failed      {outcome.path}{kept}", err=True)
            for error in outcome.errors:
                click.echo(f"  {error}", err=True)
        elif quiet:
            continue
        elif outcome.status == BriefStatus.BUILT:
            pages = f"{outcome.pages} page{'s' if outcome.pages != 1 else ''}"
            click.echo(f"built       {outcome.path}  {pages}  {outcome.size / 1024:.0f} KiB")
            for change in outcome.changes:
                click.echo(f"              {change}")
        else:
            click.echo(f"up to date  {outcome.path}")
    for error in report.errors:
        click.echo(f"error: {error}", err=True)

"""The `briefgen` command: parses options and calls the library API, nothing more.

It alone knows Click: briefgen's own exceptions (errors.py) are shown as Click shows its own,
and end the command with their exit codes.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from . import __version__, api
from .errors import BriefgenError, NotAPdf, ProjectError, UsageError
from .report import BriefStatus, BuildReport

PROJECT = click.option(
    "--project",
    "project",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The project folder.",
)


OUT = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: `output` in briefgen.yaml).",
)


STRICT = click.option("--strict", is_flag=True, help="Fail on warnings, as on errors.")


def _warn(problems: list) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


class _Listed(click.ClickException):
    """Problems listed one per line, each saying where it is: no `Error:` in front."""

    def show(self, file: Any = None) -> None:
        click.echo(self.message, file=file, err=True)


def _for_click(error: BriefgenError, ctx: click.Context | None = None) -> click.ClickException:
    """Click's counterpart of one of briefgen's errors: its message, its exit code."""
    if isinstance(error, UsageError):  # shown with the command's usage, as Click's own are
        return click.BadParameter(error.message, ctx=ctx, param_hint=error.argument)
    shown = (_Listed if isinstance(error, ProjectError) else click.ClickException)(error.message)
    shown.exit_code = error.exit_code
    return shown


class _Command(click.Command):
    """A command whose briefgen errors end it as Click's own errors do."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BriefgenError as error:
            raise _for_click(error, ctx) from error


class _Group(click.Group):
    command_class = _Command


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
def main() -> None:
    """Build polished PDF briefs, one per audience, from a campaign's data in YAML.

    \b
    Examples:
      briefgen build                 build every brief into out/
      briefgen build press           build briefs/press.yaml only
      briefgen check                 report every problem in the data, build nothing
      briefgen list                  show the briefs and where they are written
      briefgen diff                  what the next build will change
      briefgen audit out/donor.pdf   is a brief sent earlier still current?
      briefgen verify out/*.pdf      are the PDFs tagged and accessible?
    """


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
    with _stopped_by_signals():
        if watch:
            _watch(project, brief_ids, out, jobs, quiet, strict)
            return
        with _ProgressBar(quiet) as bar:
            report = api.build(
                project,
                brief_ids,
                out,
                force=force,
                jobs=jobs,
                progress=bar.advance,
                on_plan=bar.start,
                strict=strict,
                verify=not skip_verify,
            )
    _show(report, quiet)
    sys.exit(report.exit_code)


@contextlib.contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """End the command on SIGTERM or SIGHUP (a CI job cancelled, a terminal closed) as on
    Ctrl+C: the build stops, its workers with it, and the last good PDFs are kept. The exit
    code says which signal ended it (128 + its number), as a shell's does."""
    received = [signal.SIGINT]

    def stop(signum: int, _frame: Any) -> None:
        received[0] = signal.Signals(signum)
        raise KeyboardInterrupt

    stops = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous = {signum: signal.signal(signum, stop) for signum in stops}
    try:
        yield
    except KeyboardInterrupt:
        click.echo(f"stopped by {received[0].name}: the last good PDFs are kept", err=True)
        sys.stdout.flush()
        sys.stderr.flush()
        # The build has cleaned up as it unwound. Exit at once with the signal's code: in
        # Python's own shutdown (its handlers reset, forked children reaped) the exit code
        # was seen to turn into a death by SIGINT, about once in twenty-five stops.
        os._exit(128 + received[0])
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _watch(
    project: Path,
    brief_ids: tuple[str, ...],
    out: Path | None,
    jobs: int | None,
    quiet: bool,
    strict: bool,
) -> None:
    click.echo("watching for changes; press Ctrl+C to stop", err=True)
    try:
        api.watch(
            project,
            brief_ids,
            out,
            jobs,
            on_report=lambda report: _show(report, quiet),
            on_error=lambda error: _for_click(error).show(),
            strict=strict,
        )
    except KeyboardInterrupt:
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
    _warn(report.warnings)
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
    _warn(warnings)
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
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@PROJECT
def audit(pdf: Path, project: Path) -> None:
    """Check a brief built earlier, figure by figure, against the current data.

    Every brief carries a table of the figures it prints. Each is reported as `same`,
    `changed` (old → new, with today's source) or `removed`. Exit code 0 when every figure is
    current, 1 when some are outdated, 2 when the file is not a brief made by briefgen.

    \b
    Examples:
      briefgen audit out/donor.pdf
      briefgen audit ~/Downloads/press-brief.pdf --project ../cambodia
    """
    from .audit import FigureStatus

    result = api.audit(pdf, project)
    click.echo(f"{pdf}: brief '{result.brief}', built by briefgen {result.version}")
    width = max((len(f.statistic) for f in result.figures), default=0)
    for figure in result.figures:
        what = figure.printed
        if figure.status == FigureStatus.CHANGED:
            what = f"{figure.printed} → {figure.now} ({figure.source})"
        click.echo(f"  {figure.status:8} {figure.statistic:{width}}  {what}")
    count = len(result.figures)
    if result.outdated:
        click.echo(
            f"{len(result.outdated)} of {count} figures are outdated: rebuild the brief "
            f"(briefgen build {result.brief})"
        )
    else:
        click.echo(f"all {count} figures are current")
    sys.exit(result.exit_code)


@main.command()
@click.argument(
    "pdfs",
    metavar="FILE.pdf...",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
def verify(pdfs: tuple[Path, ...]) -> None:
    """Check PDFs as tagged, accessible briefs (PDF/UA-1's machine-checkable rules).

    Checks that the PDF is tagged and marked; that every painting operator is inside a
    tagged or an artifact sequence; that marked content, the ParentTree and the structure
    tree agree; heading order; table header scope; figures' alternative text; links tagged,
    with descriptions; fonts embedded with ToUnicode maps; language, title and XMP
    metadata. Prints the findings with their pages. Exit code 0 when every PDF passes, 1
    when some have findings, 2 when a file is not a PDF. `build` runs the same check on
    every PDF it writes.

    \b
    Examples:
      briefgen verify out/donor.pdf
      briefgen verify out/*.pdf
    """
    code = 0
    for pdf in pdfs:
        try:
            report = api.verify(pdf)
        except NotAPdf as error:  # the other files are still checked
            click.echo(error.message, err=True)
            code = max(code, error.exit_code)
            continue
        for finding in report.findings:
            click.echo(f"{pdf}: {finding}")
        if report.findings:
            code = max(code, 1)
        else:
            click.echo(
                f"{pdf}: ok: tagged, {report.elements} structure elements, "
                f"{report.sequences} marked-content sequences"
            )
    sys.exit(code)


@main.command()
@click.option("--markdown", is_flag=True, help="Print the field reference as Markdown instead.")
def schema(markdown: bool) -> None:
    """Print the JSON Schema of every file kind, for editors' completion and checks.

    \b
    Examples:
      briefgen schema > briefgen.schema.json
      briefgen schema --markdown > docs/fields.md
    """
    from .schema import field_reference, json_schema

    click.echo(field_reference() if markdown else json.dumps(json_schema(), indent=2), nl=False)

"""Commands that read PDFs built earlier: `audit` and `verify`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import api
from ..errors import NotAPdf
from . import main
from .common import PROJECT


@main.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@PROJECT
def audit(pdf: Path, project: Path) -> None:
    """Check a brief built earlier, figure by figure, against the current data.

    Every brief carries a table of the figures it prints. Each is reported as `same`,
    `changed` (old → new, with today's source) or `removed`; a testimony it prints whose
    consent was since withdrawn or has expired is reported too. Exit code 0 when everything
    is current, 1 when some are outdated, 2 when the file is not a brief made by briefgen.

    \b
    Examples:
      briefgen audit out/donor.pdf
      briefgen audit ~/Downloads/press-brief.pdf --project ../cambodia
    """
    from ..audit import FigureStatus

    result = api.audit(pdf, project)
    click.echo(f"{pdf}: brief '{result.brief}', built by briefgen {result.version}")
    width = max((len(f.statistic) for f in result.figures), default=0)
    for figure in result.figures:
        what = figure.printed
        if figure.status == FigureStatus.CHANGED:
            what = f"{figure.printed} → {figure.now} ({figure.source})"
        click.echo(f"  {figure.status:8} {figure.statistic:{width}}  {what}")
    for quote in result.quotes:
        click.echo(f"  {quote.status:9}  {quote.quote}  ({quote.detail})")
    if result.quotes:
        click.echo(
            f"{len(result.quotes)} testimonies may no longer be printed: stop using this copy "
            "(briefgen outdated --notes DIR writes correction notes to those who hold it)"
        )
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

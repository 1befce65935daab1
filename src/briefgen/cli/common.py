"""What every `briefgen` command shares: the common options, and briefgen's errors shown as
Click shows its own, ending the command with their exit codes."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from ..errors import BriefgenError, InternalError, ProjectError, UsageError

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


def warn(problems: list) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


class _Listed(click.ClickException):
    """Problems listed one per line, each saying where it is: no `Error:` in front."""

    def show(self, file: Any = None) -> None:
        click.echo(self.message, file=file, err=True)


def for_click(error: BriefgenError, ctx: click.Context | None = None) -> click.ClickException:
    """Click's counterpart of one of briefgen's errors: its message, its exit code."""
    if isinstance(error, UsageError):  # shown with the command's usage, as Click's own are
        return click.BadParameter(error.message, ctx=ctx, param_hint=error.argument)
    shown = (_Listed if isinstance(error, ProjectError) else click.ClickException)(error.message)
    shown.exit_code = error.exit_code
    return shown


class Command(click.Command):
    """A command whose briefgen errors end it as Click's own errors do, and whose bugs end it
    with one line asking for a report (a traceback only with BRIEFGEN_DEBUG=1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BriefgenError as error:
            raise for_click(error, ctx) from error
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            if os.environ.get("BRIEFGEN_DEBUG"):
                raise
            raise for_click(InternalError(error), ctx) from error


class Group(click.Group):
    """briefgen's commands; Ctrl+C, while the command line is read or a command runs, ends
    it with 130 as a shell ends a command it interrupted (Click would say "Aborted!" and exit
    1); a build, which handles it, says which PDFs it kept."""

    command_class = Command

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with _interrupted_exits():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with _interrupted_exits():
            return super().invoke(ctx)


@contextlib.contextmanager
def _interrupted_exits() -> Iterator[None]:
    try:
        yield
    except KeyboardInterrupt:
        raise click.exceptions.Exit(130) from None

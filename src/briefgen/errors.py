"""User-facing problems: collected across all files, reported together, owning their exit code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import click

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the project's data, located at FILE:LINE."""

    file: str
    line: int
    key: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" {self.key}:" if self.key else ""
        return f"{where}: {self.severity}:{key} {self.message}"


class ProjectError(click.ClickException):
    """The project's data is invalid: every problem found, at once (exit code 1)."""

    exit_code = 1

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        errors = sum(p.severity == "error" for p in self.problems)
        if errors:
            what = f"{errors} problem{'s' if errors != 1 else ''} found"
        else:  # warnings that --strict turns into failures
            count = len(self.problems)
            what = f"{count} warning{'s' if count != 1 else ''} with --strict"
        super().__init__(f"{what}; nothing was built.")

    def format_message(self) -> str:
        """All problems, one per line, then a summary."""
        return "\n".join([*map(str, self.problems), self.message])

    def show(self, file=None) -> None:
        click.echo(self.format_message(), file=file, err=True)


class BuildFailed(click.ClickException):
    """The build could not run (another build holds the lock, or the output folder cannot
    be written): exit code 1."""

    exit_code = 1

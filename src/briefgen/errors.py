"""User-facing problems and failures: briefgen's own exceptions, each owning its exit code.

Only the command line (the package cli) knows Click: it shows these messages and exits with
their codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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


class BriefgenError(Exception):
    """A failure the user can act on: a message saying what to do, and the exit code."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(BriefgenError):
    """The command was asked for something that does not exist, such as an unknown brief id
    (exit code 2); `argument` names what was wrong, as the command line spells it."""

    exit_code = 2

    def __init__(self, message: str, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument


class ProjectError(BriefgenError):
    """The project's data is invalid: every problem found, at once (exit code 1).

    The message lists the problems, one per line, then a summary line ending with what the
    command did not do (`outcome`).
    """

    def __init__(self, problems: list[Problem], outcome: str = "nothing was built") -> None:
        self.problems = sorted(problems)
        errors = sum(p.severity == "error" for p in self.problems)
        if errors:
            what = f"{errors} problem{'s' if errors != 1 else ''} found"
        else:  # warnings that --strict turns into failures
            count = len(self.problems)
            what = f"{count} warning{'s' if count != 1 else ''} with --strict"
        super().__init__("\n".join([*map(str, self.problems), f"{what}; {outcome}."]))


class BuildFailed(BriefgenError):
    """The build could not run: another build holds the lock, or the output folder cannot
    be written (exit code 1)."""


class NotABrief(BriefgenError):
    """The file given to audit is not a PDF made by briefgen, or carries no figures table
    (exit code 2)."""

    exit_code = 2


class NotAPdf(BriefgenError):
    """The file given to verify cannot be read as a PDF (exit code 2)."""

    exit_code = 2


class InternalError(BriefgenError):
    """A bug in briefgen, not in the user's input: what went wrong, and a request to report
    it (exit code 70, sysexits' EX_SOFTWARE), never a traceback."""

    exit_code = 70

    def __init__(self, error: Exception) -> None:
        doing = "".join(f" {note}" for note in getattr(error, "__notes__", ()))
        super().__init__(
            f"internal error{doing} ({type(error).__name__}: {error}); please report it, with "
            "the command you ran (BRIEFGEN_DEBUG=1 shows where it happened)"
        )

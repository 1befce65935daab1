"""The outcome of a build: what happened to each brief, and the exit code that follows."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from .errors import Problem


class BriefStatus(StrEnum):
    """What a build did with one brief, in the words the command line prints."""

    BUILT = "built"
    UP_TO_DATE = "up to date"
    FAILED = "failed"


@dataclass
class BriefOutcome:
    """What happened to one brief."""

    brief_id: str
    status: BriefStatus
    path: Path
    pages: int = 0
    size: int = 0
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class BuildReport:
    """Counts built, up-to-date and failed briefs, and decides the exit code."""

    outcomes: list[BriefOutcome] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the build's own, such as a full disk

    def count(self, status: BriefStatus) -> int:
        """How many briefs ended with `status`."""
        return sum(o.status == status for o in self.outcomes)

    @property
    def exit_code(self) -> int:
        """1 when a brief or the build failed, else 0."""
        return 1 if self.count(BriefStatus.FAILED) or self.errors else 0

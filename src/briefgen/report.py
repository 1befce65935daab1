"""The outcome of a build: what happened to each brief, and the exit code that follows."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem


@dataclass
class Outcome:
    """What happened to one brief."""

    brief_id: str
    status: str  # "built", "up to date" or "failed"
    path: Path
    pages: int = 0
    size: int = 0
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Counts built, up-to-date and failed briefs, and decides the exit code."""

    outcomes: list[Outcome] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def exit_code(self) -> int:
        return 1 if self.count("failed") else 0

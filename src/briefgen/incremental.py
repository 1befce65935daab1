"""Briefs known to be as they were: a brief whose last build reported nothing in it, and whose
own file and every entry it printed are unchanged since, is neither checked nor planned again.

What a brief's checks read (validate.references, validate.languages, checks, plan.inputs) is
its own file, briefgen.yaml, the translation catalogs, the assets, the ids of every entry (a
recommendations block prints them all, in order), the claims that disagree
(checks.disagreements), today's date, and the entries it prints (plan.uses). A fingerprint of
all of it is recorded with the brief after a build that reported nothing in the brief's file,
and nothing outside the briefs' files (a warning in a data file may be any brief's); the next
build skips the brief's checks when the fingerprint, worked out with the entries it printed
then, is the same: they would find nothing again. Its build key is then the recorded one too.
A brief with a warning is checked every time; with --force, every brief is.

A missing or foreign record means the brief is checked, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from . import __version__, clock
from .state import BriefState, State, digest

if TYPE_CHECKING:
    from .errors import Problem
    from .load import RawProject
    from .project import Project
    from .report import BuildReport

KINDS = ("statistics", "sources", "recommendations", "quotes", "charts")
_dump = partial(BaseModel.model_dump, mode="json", exclude_defaults=True)


class Known:
    """The briefs of one build known to be as they were (`current`), and the records that let
    the next build know them (`record`)."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.shared: str | None = None  # the fingerprint of what every brief reads
        self.printed: dict[str, str] = {}  # the fingerprint of the entries of each uses key
        self.current: set[str] = set()

    def prepare(self, project: Project) -> None:
        """Take now, as the build has read them, the fingerprint of what every brief reads: a
        brief recorded once its PDF is written must not be recorded with a file saved while
        it was written (no brief known, or --force: nothing has taken it before)."""
        if self.shared is None:
            with contextlib.suppress(OSError):  # an asset gone: validation has reported it
                self.shared = _shared(project, self.state)

    def find(self, raw: RawProject, project: Project) -> set[str]:
        """The briefs whose checks would find nothing again (see the module's docstring)."""
        for brief_id, doc in raw.briefs.items():
            last = self.state.briefs.get(brief_id)
            known = last.known if last is not None else None
            if brief_id not in project.briefs or not _dict(known):
                continue
            try:
                now = self.fingerprint(project, doc.text, known["uses"])
            except (KeyError, TypeError, AttributeError):  # a record of another shape
                continue
            except OSError:  # an asset is missing: validation reports it
                return self.current
            if now == known.get("fingerprint"):
                self.current.add(brief_id)
        return self.current

    def fingerprint(self, project: Project, text: str, uses: str) -> str:
        """The fingerprint of what the checks of a brief, written `text`, read; `uses` names
        the entries it prints, in the state's table of them."""
        if self.shared is None:
            self.shared = _shared(project, self.state)
        if uses not in self.printed:
            printed = self.state.uses[uses]
            self.printed[uses] = digest(
                [
                    [kind, entry_id, _entry(getattr(project, kind).get(entry_id))]
                    for kind in KINDS
                    for entry_id in printed[kind]
                ]
            )
        own = hashlib.sha256(text.encode()).hexdigest()
        return hashlib.sha256(f"{self.shared}{own}{self.printed[uses]}".encode()).hexdigest()

    def record(self, raw: RawProject, project: Project, report: BuildReport) -> None:
        """Record in the state each brief whose PDF is now built from the project as it is
        (built or up to date), and what it was checked against if the build reported nothing
        in it (see the module's docstring)."""
        from .report import BriefStatus

        now = [o.brief_id for o in report.outcomes if o.status != BriefStatus.FAILED]
        records = self._records(raw, project, report.warnings, now)
        for brief_id in now:
            self.state.briefs[brief_id].known = records.get(brief_id, {})
        named = {b.known.get("uses") for b in self.state.briefs.values() if _dict(b.known)}
        self.state.uses = {k: v for k, v in self.state.uses.items() if k in named}

    def _records(
        self, raw: RawProject, project: Project, problems: list[Problem], briefs: list[str]
    ) -> dict[str, dict[str, Any]]:
        from .plan import uses

        files = {doc.path for doc in raw.briefs.values()}
        if any(p.file not in files for p in problems):
            return {}
        reported = {p.file for p in problems}
        out = {}
        for brief_id in briefs:
            doc = raw.briefs.get(brief_id)
            if doc is None or brief_id not in project.briefs or doc.path in reported:
                continue
            last = self.state.briefs.get(brief_id)
            if brief_id in self.current and last is not None:
                out[brief_id] = last.known  # as it was: nothing it reads changed
                continue
            used = uses(project, brief_id)
            printed = {kind: sorted(getattr(used, kind)) for kind in KINDS}
            key = digest(printed)  # briefs of one audience often print the same entries
            self.state.uses[key] = printed
            out[brief_id] = {"fingerprint": self.fingerprint(project, doc.text, key), "uses": key}
        return out


def _shared(project: Project, state: State) -> str:
    """The fingerprint of what the checks of every brief read (see the module's docstring)."""
    from .checks import disagreements
    from .plan import hash_assets

    catalogs = sorted((project.root / "translations").glob("*.po"))
    return digest(
        [
            __version__,
            clock.today().isoformat(),
            clock.source_date_epoch(),
            _bytes(project.root / "briefgen.yaml"),
            [(path.name, _bytes(path)) for path in catalogs],
            sorted(project.unread_catalogs),
            {kind: list(getattr(project, kind)) for kind in KINDS},
            sorted(sorted(c.id for c in group) for group in disagreements(project).values()),
            hash_assets(project, state.assets),
        ]
    )


def _dict(known: Any) -> bool:
    """Whether a brief's record is of this version's shape (a dict), to be read."""
    return isinstance(known, dict) and bool(known)


def _entry(entry: BaseModel | None) -> str:
    """The fingerprint of an entry; of none, when it is gone."""
    return digest(None if entry is None else _dump(entry))


def _bytes(path: Path) -> str:
    """The SHA-256 of a file's bytes; empty when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def stale_reason(last: BriefState | None, key: str, target: Path, force: bool) -> list[str] | None:
    """None when the brief is up to date (its key is `key`, its PDF the one built); otherwise
    why it is rebuilt, said when its inputs did not change (a brief never built needs none)."""
    if last is None:
        return []
    if not force and last.key == key and last.built(target):
        return None
    if force:
        return ["rebuild forced"]
    if not target.exists():
        return ["PDF missing"]
    if last.key == key:
        return ["PDF changed since it was built"]
    return ["build settings changed"]

"""The library API behind the CLI: load, check, list and build a project's briefs, and
export and report on its translations."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from .audit import FigureAudit
    from .distribution import Delivery, Held
    from .drawer import Drawer
    from .errors import BriefgenError, Problem
    from .project import Project
    from .report import BuildReport
    from .translations.export import ExportReport
    from .translations.status import LanguageStatus
    from .verify import AccessibilityReport


@dataclass(frozen=True)
class BriefInfo:
    """One brief as `briefgen list` shows it."""

    id: str
    audience: str
    label: str
    title: str
    language: str
    output: Path


def load(root: Path | str = ".") -> tuple[Project, list[Problem]]:
    """Load, validate and check the project at `root`; raise ProjectError listing every error.

    Returns the project and its warnings.
    """
    from .checks import check
    from .load import load_project
    from .validate import validate

    return check(validate(load_project(Path(root)))).project_and_warnings()


def _data(root: Path | str) -> Project:
    """The project's data, loaded, validated and checked: ProjectError for errors in shared
    data only (a brief refused, e.g. for printing a withdrawn testimony, leaves the data
    usable for comparing copies sent earlier)."""
    from .checks import check
    from .load import load_project
    from .validate import validate

    return check(validate(load_project(Path(root)))).project


def check(root: Path | str = ".", strict: bool = False) -> list[Problem]:
    """Validate everything, build nothing; return the warnings. Errors raise ProjectError,
    and so do warnings when `strict`."""
    warnings = load(root)[1]
    if strict and warnings:
        from .errors import ProjectError

        raise ProjectError(warnings)
    return warnings


def list_briefs(root: Path | str = ".", out: Path | str | None = None) -> list[BriefInfo]:
    """The project's briefs, in file-name order."""
    project, _ = load(root)
    folder = Path(out) if out is not None else project.output_dir
    return [
        BriefInfo(
            brief_id,
            brief.audience,
            brief.label.get(brief.language) or "",
            brief.title.get(brief.language) or "",
            brief.language,
            folder / project.output_name(brief_id),
        )
        for brief_id, brief in project.briefs.items()
    ]


def build(
    root: Path | str = ".",
    briefs: tuple[str, ...] | list[str] = (),
    out: Path | str | None = None,
    force: bool = False,
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    drawer: Drawer | None = None,
    strict: bool = False,
    verify: bool = True,
    cache: bool = True,
) -> BuildReport:
    """Build the named briefs (default: all) whose inputs changed; see build.BuildOptions
    for what each parameter means, and build.run for the phases."""
    from .build import BuildOptions, run

    options = BuildOptions(
        briefs=tuple(briefs),
        out=Path(out) if out is not None else None,
        force=force,
        jobs=jobs,
        strict=strict,
        verify=verify,
        progress=progress,
        on_plan=on_plan,
        drawer=drawer,
        cache=cache,
    )
    return run(Path(root), options)


def diff(root: Path | str = ".", out: Path | str | None = None) -> dict[str, list[str]]:
    """What the next build would change, per brief (an empty list: up to date)."""
    from .build import pending

    return pending(Path(root), Path(out) if out is not None else None)


def verify(pdf: Path | str) -> AccessibilityReport:
    """Check a PDF as a tagged, accessible brief (PDF/UA-1's machine-checkable rules that
    concern briefs). Raises errors.NotAPdf for a file that cannot be read as a PDF."""
    from .verify import verify as check

    return check(Path(pdf))


def audit(pdf: Path | str, root: Path | str = ".") -> FigureAudit:
    """Check a brief built earlier, figure by figure, against the project's current data.

    Raises errors.NotABrief for a file that is not a brief made by briefgen.
    """
    from .audit import compare, read_table

    table = read_table(Path(pdf))  # before the project: a foreign file is told apart first
    project = _data(root)
    return compare(Path(pdf), table, project)


def sent(
    pdf: Path | str,
    to: str,
    on: dt.date | None = None,
    contact: str | None = None,
    root: Path | str = ".",
) -> tuple[Delivery, bool]:
    """Record in the project's distribution.yaml that the copy `pdf` went to `to` (on `on`,
    default today), keeping the copy under sent/: the entry, and whether it is new (False
    when `to` was sent this copy before: the log keeps one entry). Raises errors.NotABrief
    for a file that is not a brief made by briefgen for this project, errors.UsageError for a
    blank recipient or a day the copy cannot have been sent, errors.ProjectError for a damaged
    log or data."""
    from .distribution import record

    return record(_data(root), Path(pdf), to, on, contact)


def outdated(
    root: Path | str = ".", notes: Path | str | None = None
) -> tuple[list[Held], list[Path]]:
    """Every copy in the distribution log, compared with today's data; with `notes`, a
    correction note PDF written there for each outdated copy (their paths)."""
    from .distribution import outdated as compare

    project = _data(root)
    held = compare(project)
    if notes is None:
        return held, []
    from .corrections import write_notes

    return held, write_notes(project, held, Path(notes))


def watch(
    root: Path | str = ".",
    briefs: tuple[str, ...] | list[str] = (),
    out: Path | str | None = None,
    jobs: int | None = None,
    on_report: Callable[[BuildReport], None] = lambda _r: None,
    on_error: Callable[[BriefgenError], None] = lambda _e: None,
    stop: Any = None,
    strict: bool = False,
    on_rebuilt: Callable[[str, float], None] = lambda _name, _seconds: None,
    cache: bool = True,
    force: bool = False,
    verify: bool = True,
    on_plan: Callable[[int], None] | None = None,
    progress: Callable[[str], None] | None = None,
) -> None:
    """Build, then rebuild what changed each time a file of the project is saved.

    Invalid data in between is passed to `on_error` and the watch goes on; after a rebuild,
    `on_rebuilt` gets each PDF's name and the seconds from the save to the rebuilt PDF. It
    ends when the `stop` event (a threading.Event) is set, or on Ctrl+C. With `force`, the
    first build rebuilds every brief; `verify`, `on_plan` and `progress` as for `build`, for
    each build.
    """
    from .build import BuildOptions
    from .watch import watch as keep_watching

    options = BuildOptions(
        briefs=tuple(briefs),
        out=Path(out) if out is not None else None,
        jobs=jobs,
        strict=strict,
        cache=cache,
        force=force,
        verify=verify,
        on_plan=on_plan,
        progress=progress,
    )
    keep_watching(Path(root).resolve(), options, on_report, on_error, on_rebuilt, stop)


def translations_export(root: Path | str, lang: str, move_inline: bool = False) -> ExportReport:
    """Write or update translations/LANG.po with every text the briefs in `lang` print,
    keeping its translations (those whose source changed marked fuzzy); with `move_inline`,
    the inline translations move into it, out of the YAML."""
    from .translations.export import export

    return export(_translatable(root), lang, move_inline)


def translations_status(root: Path | str = ".", lang: str | None = None) -> list[LanguageStatus]:
    """Per language (`lang`, or every language a brief is in but the project's own), its
    texts translated, to review, missing and reviewed; UsageError when no brief is in `lang`."""
    from .translations.status import status
    from .validate.languages import same_language

    project = _translatable(root)
    found = {b.language for b in project.briefs.values()}
    langs = [lang] if lang else sorted(found)
    return [
        status(project, code) for code in langs if not same_language(code, project.config.language)
    ]


def _translatable(root: Path | str) -> Project:
    """The project validated but for its texts' translations, which the caller reports on."""
    from .load import load_project
    from .validate import validate

    return validate(load_project(Path(root)), translated=False).project_and_warnings()[0]

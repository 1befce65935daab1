"""The library API behind the CLI: load, check, list and build a project's briefs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from .audit import Audit as AuditResult
    from .chart import Drawer
    from .errors import Problem
    from .project import Project
    from .report import Report
    from .verify import Report as VerifyReport


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
    """Load and validate the project at `root`; raise ProjectError listing every error.

    Returns the project and its warnings.
    """
    from .load import load_project
    from .validate import validate

    return validate(load_project(Path(root))).project_and_warnings()


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
) -> Report:
    """Build the named briefs (default: all) whose inputs changed; see build.run.

    `drawer` is a chart.Drawer kept by a long-running caller (see watch); without one, a
    build that will probably draw charts starts its own, to import matplotlib in parallel.
    """
    from .state import charts_likely, quick_report

    out_dir = Path(out) if out is not None else output_dir(root)
    if not force and out_dir is not None:
        report = quick_report(Path(root), list(briefs), out_dir)
        if report is not None:  # nothing changed: known without parsing anything
            if strict and report.warnings:
                from .errors import ProjectError

                raise ProjectError(report.warnings)
            return report
    own = None
    if drawer is None and (out_dir is None or charts_likely(Path(root), out_dir)):
        from .chart import Drawer

        drawer = own = Drawer.start()  # imports matplotlib while this process validates
    try:
        from .build import run

        return run(root, briefs, out, force, jobs, progress, on_plan, drawer, strict, verify)
    finally:
        if own is not None:
            own.close()


def output_dir(root: Path | str) -> Path | None:
    """The output folder named in briefgen.yaml, read without validating anything."""
    import yaml

    from .load import CONFIG_FILE, DEFAULT_OUTPUT

    try:
        config = yaml.safe_load((Path(root) / CONFIG_FILE).read_text(encoding="utf-8"))
        output = config.get("output", DEFAULT_OUTPUT) if isinstance(config, dict) else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return Path(root) / output if isinstance(output, str) else None


def diff(root: Path | str = ".", out: Path | str | None = None) -> dict[str, list[str]]:
    """What the next build would change, per brief (an empty list: up to date)."""
    from .build import pending

    return pending(root, out)


def verify(pdf: Path | str) -> VerifyReport:
    """Check a PDF as a tagged, accessible brief (PDF/UA-1's machine-checkable rules that
    concern briefs). Raises verify.NotAPdf for a file that cannot be read as a PDF."""
    from .verify import verify as check

    return check(Path(pdf))


def audit(pdf: Path | str, root: Path | str = ".") -> AuditResult:
    """Check a brief built earlier, figure by figure, against the project's current data.

    Raises audit.NotABrief for a file that is not a brief made by briefgen.
    """
    from .audit import compare, read_table

    table = read_table(Path(pdf))  # before the project: a foreign file is told apart first
    project, _ = load(root)
    return compare(Path(pdf), table, project)


def watch(
    root: Path | str = ".",
    briefs: tuple[str, ...] | list[str] = (),
    out: Path | str | None = None,
    jobs: int | None = None,
    on_report: Callable[[Report], None] = lambda _r: None,
    on_error: Callable[[Exception], None] = lambda _e: None,
    stop: Any = None,
    strict: bool = False,
) -> None:
    """Build, then rebuild what changed each time a file of the project is saved.

    Invalid data in between is passed to `on_error` and the watch goes on; it ends when the
    `stop` event (a threading.Event) is set, or on Ctrl+C.
    """
    import click
    import watchfiles

    from .chart import Drawer

    root = Path(root).resolve()
    drawer = Drawer.start()  # one for the whole session: matplotlib is imported once

    def rebuild() -> Path | None:
        try:
            report = build(root, briefs, out, jobs=jobs, drawer=drawer, strict=strict)
        except click.ClickException as exc:  # invalid data, a lock, an unwritable file
            on_error(exc)
            return None
        on_report(report)
        return report.outcomes[0].path.parent if report.outcomes else None

    out_dir = rebuild() or root / "out"
    watched = watchfiles.DefaultFilter(ignore_paths=[str(out_dir.resolve())])
    for _changes in watchfiles.watch(
        root, watch_filter=watched, stop_event=stop, debounce=200, step=50, rust_timeout=500
    ):
        rebuild()

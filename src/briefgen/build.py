"""The build command: rebuild exactly the briefs whose inputs changed, and say what changed."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import diff, plan
from .errors import Problem
from .load import load_project
from .project import Project
from .state import BriefState, State, Store, digest, sha256_file
from .validate import validate


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


@dataclass
class Stale:
    """A brief to rebuild, with what changed and the inputs it will be built from."""

    brief_id: str
    inputs: dict[str, Any]
    changes: list[str]


def update_history(project: Project, state: State) -> dict[str, dict[str, Any]]:
    """Statistics whose printed value differs from the last build, with their old form."""
    history = dict(state.history)
    for stat_id, stat in project.statistics.items():
        now = stat.model_dump(mode="json")
        was = state.statistics.get(stat_id)
        if was is not None and diff.printed(was) != diff.printed(now):
            history[stat_id] = {"old": was, "new": now}
    return history


def _stale(
    project: Project,
    brief_ids: list[str],
    state: State,
    out_dir: Path,
    assets: dict[str, str],
    history: dict[str, dict[str, Any]],
    force: bool,
) -> tuple[list[Stale], list[str]]:
    """Split the briefs into those to rebuild and those up to date."""
    stale, current = [], []
    for brief_id in brief_ids:
        found = plan.inputs(project, brief_id, assets, history)
        key = digest(found)
        last = state.briefs.get(brief_id)
        target = out_dir / project.output_name(brief_id)
        changes = diff.changes(last.inputs if last else None, found)
        if force:
            changes = changes or ["rebuild forced"]
        elif last is None:
            pass
        elif not target.exists():
            changes = changes or ["PDF missing"]
        elif last.key == key and sha256_file(target) != last.pdf_sha256:
            changes = ["PDF changed since it was built"]
        elif last.key == key:
            current.append(brief_id)
            continue
        elif not changes:
            changes = ["build settings changed"]
        stale.append(Stale(brief_id, found, changes))
    return stale, current


def _charts(
    project: Project, stale: list[Stale], store: Store, assets: dict[str, str]
) -> dict[tuple[str, str], str]:
    """The SVG of every chart a stale brief needs: from the cache, or drawn once per build."""
    from .layout import CHART_HEIGHT, MARGIN_X, PAGE_SIZES

    size = (PAGE_SIZES[project.config.page_size][0] - 2 * MARGIN_X, CHART_HEIGHT)
    svgs: dict[tuple[str, str], str] = {}
    for item in stale:
        lang = project.briefs[item.brief_id].language
        for chart_id in sorted(plan.uses(project, item.brief_id).charts):
            if (chart_id, lang) in svgs:
                continue
            key = plan.chart_key(project, chart_id, lang, assets, size)
            svg = store.chart(key)
            if svg is None:
                from . import chart, fonts  # matplotlib is imported only here

                svg = chart.render_svg(project, chart_id, lang, fonts.register(project), *size)
                store.put_chart(key, svg)
            svgs[(chart_id, lang)] = svg
    return svgs


# Set in the parent before worker processes are forked, so that they inherit it.
_JOB: dict[str, Any] = {}


def _render(brief_id: str) -> tuple[str, Any, str | None]:
    """Build one brief (in this process or a forked worker); never raises."""
    from . import chart, fonts
    from .errors import ProjectError
    from .write import render

    project: Project = _JOB["project"]
    svgs: dict[tuple[str, str], str] = _JOB["svgs"]
    drawings: dict[tuple[str, str], Any] = _JOB.setdefault("drawings", {})
    lang = project.briefs[brief_id].language

    def drawing(chart_id: str) -> Any:
        # one conversion per chart and process: a drawing can be drawn into many PDFs
        if (chart_id, lang) not in drawings:
            drawings[(chart_id, lang)] = chart.to_drawing(svgs[(chart_id, lang)])
        return drawings[(chart_id, lang)]

    try:
        fonts.register(project)
        written = render(
            project,
            brief_id,
            drawing,
            _JOB["out_dir"] / project.output_name(brief_id),
            _JOB["history"],
        )
    except ProjectError as exc:
        return brief_id, None, "\n".join(map(str, exc.problems))
    except OSError as exc:
        return brief_id, None, f"cannot be written ({exc.strerror or exc})"
    except Exception as exc:
        return brief_id, None, f"internal error ({type(exc).__name__}: {exc}); please report it"
    return brief_id, written, None


def _render_all(
    brief_ids: list[str], jobs: int, progress: Callable[[str], None]
) -> dict[str, tuple[Any, str | None]]:
    results: dict[str, tuple[Any, str | None]] = {}
    if jobs <= 1 or len(brief_ids) <= 1:
        for brief_id in brief_ids:
            _, written, error = _render(brief_id)
            results[brief_id] = (written, error)
            progress(brief_id)
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    workers = min(jobs, len(brief_ids))
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures = [pool.submit(_render, brief_id) for brief_id in brief_ids]
        for future in as_completed(futures):
            brief_id, written, error = future.result()
            results[brief_id] = (written, error)
            progress(brief_id)
    return results


def run(
    root: Path | str = ".",
    briefs: tuple[str, ...] | list[str] = (),
    out: Path | str | None = None,
    force: bool = False,
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> Report:
    """Build the named briefs (default: all) whose inputs changed since the last build.

    Raises ProjectError when shared data (briefgen.yaml, data/*.yaml) has errors; errors in
    one brief's file fail that brief only, reported in the Report.
    """
    raw = load_project(Path(root))
    checked = validate(raw)
    project = checked.project
    report = Report(warnings=checked.warnings)
    requested = list(briefs)
    selected = plan.select(project, [b for b in requested if b not in checked.failed])
    failed = [b for b in requested or checked.failed if b in checked.failed]
    out_dir = Path(out) if out is not None else project.output_dir
    store = Store(out_dir)
    with store.lock():
        state, notice = store.load()
        if notice:
            report.notices.append(notice)
        assets = plan.hash_assets(project, state.assets)
        history = update_history(project, state)
        stale, current = _stale(project, selected, state, out_dir, assets, history, force)
        if on_plan:
            on_plan(len(stale))
        if stale:
            from . import fonts

            fonts.register(project)  # before forking: workers inherit the registered fonts
        svgs = _charts(project, stale, store, assets) if stale else {}
        _JOB.update(project=project, svgs=svgs, out_dir=out_dir, history=history)
        try:
            results = _render_all(
                [s.brief_id for s in stale],
                jobs or os.cpu_count() or 1,
                progress or (lambda _id: None),
            )
        finally:
            _JOB.clear()
        for item in stale:
            written, error = results[item.brief_id]
            target = out_dir / project.output_name(item.brief_id)
            if error is not None:
                report.outcomes.append(
                    Outcome(item.brief_id, "failed", target, errors=error.splitlines())
                )
                continue
            # a first build is not a change worth listing
            changes = item.changes if item.brief_id in state.briefs else []
            state.briefs[item.brief_id] = BriefState(
                digest(item.inputs), written.path.name, sha256_file(written.path), item.inputs
            )
            report.outcomes.append(
                Outcome(item.brief_id, "built", written.path, written.pages, written.size, changes)
            )
        for brief_id in current:
            report.outcomes.append(
                Outcome(brief_id, "up to date", out_dir / project.output_name(brief_id))
            )
        for brief_id in failed:
            report.outcomes.append(
                Outcome(
                    brief_id,
                    "failed",
                    out_dir / f"{brief_id}.pdf",
                    errors=[str(p) for p in checked.failed[brief_id]],
                )
            )
        state.statistics = {k: v.model_dump(mode="json") for k, v in project.statistics.items()}
        state.history = history
        store.save(state)
    order = {b: i for i, b in enumerate(requested or raw.briefs)}
    report.outcomes.sort(key=lambda o: order[o.brief_id])
    return report


def pending(root: Path | str = ".", out: Path | str | None = None) -> dict[str, list[str]]:
    """What a build would change, per brief (empty list: up to date)."""
    project, _ = validate(load_project(Path(root))).strict()
    out_dir = Path(out) if out is not None else project.output_dir
    state, _notice = Store(out_dir).load()
    assets = plan.hash_assets(project, dict(state.assets))
    history = update_history(project, state)
    stale, current = _stale(
        project, list(project.briefs), state, out_dir, assets, history, force=False
    )
    found = {s.brief_id: s.changes for s in stale}
    found.update({b: [] for b in current})
    return {b: found[b] for b in project.briefs}

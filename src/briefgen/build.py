"""The build command: rebuild exactly the briefs whose inputs changed, and say what changed."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__, chart, diff, plan
from .errors import ProjectError
from .load import load_project
from .project import Artwork, Project
from .report import Outcome, Report
from .state import BriefState, State, Store, digest, quick_record, sha256_file
from .validate import validate


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
        if (
            not force
            and last is not None
            and last.key == key
            and target.exists()
            and sha256_file(target) == last.pdf_sha256
        ):
            current.append(brief_id)
            continue
        changes = diff.changes(last.inputs if last else None, found)  # only for stale briefs
        if force:
            changes = changes or ["rebuild forced"]
        elif last is None:
            pass
        elif not target.exists():
            changes = changes or ["PDF missing"]
        elif last.key == key:
            changes = ["PDF changed since it was built"]
        elif not changes:
            changes = ["build settings changed"]
        stale.append(Stale(brief_id, found, changes))
    return stale, current


def _artwork(
    project: Project,
    stale: list[Stale],
    store: Store,
    assets: dict[str, str],
    drawer: chart.Drawer | None,
) -> Artwork:
    """Every chart a stale brief needs, and the logo, as drawings: from the cache, or drawn
    once per build (by `drawer`, a process that imported matplotlib early, when given)."""
    from .layout import CHART_HEIGHT, MARGIN_X, PAGE_SIZES

    size = (PAGE_SIZES[project.config.page_size][0] - 2 * MARGIN_X, CHART_HEIGHT)
    fonts = {rel: sha for rel, sha in assets.items() if rel != project.config.branding.logo}
    art = Artwork()
    missing: dict[tuple[str, Any], tuple[str, chart.ChartSpec]] = {}
    for item in stale:
        style = project.style(item.brief_id)
        for chart_id in sorted(plan.uses(project, item.brief_id).charts):
            if (chart_id, style) in art.charts or (chart_id, style) in missing:
                continue
            spec = chart.spec(project, chart_id, style, *size)
            key = chart.cache_key(spec, fonts)
            drawing = store.drawing(key)
            if drawing is None:
                missing[(chart_id, style)] = (key, spec)
            else:
                art.charts[(chart_id, style)] = drawing
    specs = [spec for _key, spec in missing.values()]
    svgs = drawer.draw(specs) if drawer is not None else [chart.render_svg(s) for s in specs]
    for (where, (key, _spec)), svg in zip(missing.items(), svgs, strict=True):
        drawing = chart.to_drawing(svg)
        store.put_drawing(key, drawing)
        art.charts[where] = drawing
    logo = project.config.branding.logo
    if logo is not None and logo.lower().endswith(".svg"):
        key = digest(["logo", assets[logo], __version__])
        art.logo = store.drawing(key)
        if art.logo is None:
            art.logo = _checked_logo(project, logo, lambda path: chart.svg_file_drawing(path))
            store.put_drawing(key, art.logo)
    elif logo is not None:  # a raster image, drawn from its file
        art.logo = _checked_logo(project, logo, lambda path: _raster(path))
    return art


def _raster(path: Path) -> Path:
    from reportlab.lib.utils import ImageReader

    ImageReader(str(path)).getSize()  # reads the image's header: raises if it is not one
    return path


def _checked_logo(project: Project, logo: str, read: Callable[[Path], Any]) -> Any:
    """The logo, read by `read`; a ProjectError at its line if it is not a usable image."""
    from .errors import Problem
    from .load import CONFIG_FILE

    try:
        drawing = read(project.path(logo))
        if drawing is None or getattr(drawing, "height", 1) <= 0:
            raise ValueError(logo)
    except Exception as exc:  # svglib, lxml and PIL each fail their own way
        line = project.origins[("config", CONFIG_FILE)].line(("branding", "logo"))
        raise ProjectError(
            [
                Problem(
                    CONFIG_FILE,
                    line,
                    "branding.logo",
                    # the readers' own messages name internals (file objects, resources)
                    f"'{logo}' cannot be read as an image; use a valid SVG, PNG or JPEG file",
                )
            ]
        ) from exc
    return drawing


# Set in the parent before worker processes are forked, so that they inherit it.
_JOB: dict[str, Any] = {}


def _render(brief_id: str) -> tuple[str, Any, str | None]:
    """Build one brief (in this process or a forked worker); never raises."""
    from .verify import NotAccessible
    from .write import render

    project: Project = _JOB["project"]
    try:
        written = render(
            project,
            brief_id,
            _JOB["art"],
            _JOB["out_dir"] / project.output_name(brief_id),
            _JOB["history"],
            _JOB["keys"][brief_id],
            check=_JOB["verify"],
        )
    except NotAccessible as exc:
        return brief_id, None, f"fails its accessibility check ({exc}); please report it"
    except OSError as exc:
        return brief_id, None, f"cannot be written ({exc.strerror or exc})"
    except Exception as exc:  # one brief's bug must not cost the others their PDFs
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
    drawer: chart.Drawer | None = None,
    strict: bool = False,
    verify: bool = True,
) -> Report:
    """Build the named briefs (default: all) whose inputs changed since the last build,
    each checked as a tagged PDF (verify.py) before it replaces the last one.

    Raises ProjectError when shared data (briefgen.yaml, data/*.yaml) has errors, or any
    warning with `strict`; errors in
    one brief's file fail that brief only, reported in the Report.
    """
    raw = load_project(Path(root))
    checked = validate(raw)
    if strict and checked.warnings:
        raise ProjectError(checked.warnings)
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
        art = Artwork()
        if stale:
            from . import fonts

            fonts.register(project)  # before forking: workers inherit the registered fonts
            art = _artwork(project, stale, store, assets, drawer)
        keys = {s.brief_id: digest(s.inputs) for s in stale}  # the data's fingerprints
        if verify and stale:
            from . import verify as _verify  # noqa: F401  (imported once, before forking)

        _JOB.update(
            project=project, art=art, out_dir=out_dir, history=history, keys=keys, verify=verify
        )
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
        order = {b: i for i, b in enumerate(requested or raw.briefs)}
        report.outcomes.sort(key=lambda o: order[o.brief_id])
        state.statistics = {k: v.model_dump(mode="json") for k, v in project.statistics.items()}
        state.history = history
        state.quick = {}
        if report.exit_code == 0:
            state.quick = quick_record(Path(root), requested, plan.asset_paths(project), report)
        store.save(state)
    return report


def pending(root: Path | str = ".", out: Path | str | None = None) -> dict[str, list[str]]:
    """What a build would change, per brief (empty list: up to date)."""
    project, _ = validate(load_project(Path(root))).project_and_warnings()
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

"""The build: rebuild exactly the briefs whose inputs changed, and say what changed.

`run` runs its phases in order, each a function with typed inputs and outputs:

    recognise_unchanged  nothing changed since the last successful build: known from the
                         bytes of the project's files alone, before anything is parsed
    load_checked         load → validate → check the project; the briefs asked for
    plan_stale           plan: which briefs are stale, and what changed in each
    draw_charts          the charts and logo the stale briefs print: cached, or drawn (by
                         the chart drawer, drawer.py)
    write_briefs         lay out (layout.brief.lay_out) → write (write.write_pdf) → verify
                         (verify.verify) each stale brief, then put it in place, in
                         worker processes when there are several (workers.py)
    commit               the build state saved, the report made
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Only light modules here: a build starts its chart drawer (run) before it imports pydantic,
# the data model and ReportLab, which the phases import when they run.
from . import __version__, chart
from .cache import ChartCache, bypassed
from .drawer import Drawer, chart_drawer
from .errors import BuildFailed, Problem, ProjectError, UsageError
from .report import BriefOutcome, BriefStatus, BuildReport
from .state import (
    BriefState,
    State,
    Store,
    chart_inputs,
    configured_output,
    digest,
    file_stamp,
    inputs_digest,
    quick_record,
    quick_report,
    sha256_file,
)

if TYPE_CHECKING:
    from .incremental import Known
    from .load import RawProject
    from .project import Artwork, Project
    from .workers import WriteResult


INPUT_FOLDERS = ("data", "briefs", "assets")


@dataclass(frozen=True)
class BuildOptions:
    """What a build is asked to do."""

    briefs: tuple[str, ...] = ()  # the ids of the briefs to build; none: every brief
    out: Path | None = None  # the output folder; None: `output` in briefgen.yaml
    force: bool = False  # rebuild the briefs that are up to date too
    jobs: int | None = None  # worker processes writing briefs; None: one per core
    strict: bool = False  # warnings fail the build, as errors do
    verify: bool = True  # check each PDF as a tagged PDF before it replaces the last
    progress: Callable[[str], None] | None = None  # told each brief id once it is written
    on_plan: Callable[[int], None] | None = None  # told how many briefs it writes, before the first
    drawer: Drawer | None = None  # a chart drawer a long-running caller keeps
    cache: bool = True  # use the user-level chart cache (False: draw every chart, cache none)
    charts: ChartCache | None = None  # the chart cache a long-running caller keeps warm


@dataclass
class Loaded:
    """The project, loaded, validated and checked, and the briefs the build was asked for."""

    project: Project
    warnings: list[Problem]
    selected: list[str]  # the briefs to build that can be built
    failed: dict[str, list[Problem]]  # the briefs to build whose own file has errors
    order: list[str]  # every brief asked for, in the order the report lists them
    raw: RawProject | None = None  # the files as read
    # the last build's state read before loading: (its file, its stamp before), it, its notice
    last: tuple[tuple[Path, list[int] | None], State, str | None] | None = None
    known: Known | None = None


@dataclass
class Stale:
    """A brief to rebuild, with what changed and the inputs it will be built from."""

    brief_id: str
    inputs: dict[str, Any]
    changes: list[str]


@dataclass
class BuildPlan:
    """What the build will write, decided against the last build's state."""

    out_dir: Path
    state: State  # the last build's, which commit updates
    notices: list[str]
    assets: dict[str, str]  # the content hash of each asset file, by path
    stamps: dict[str, list[int]]  # the size and time of each asset file as it was hashed
    history: dict[str, dict[str, Any]]  # see State.updated_history
    stale: list[Stale]
    current: list[str]  # the briefs up to date


def run(root: Path, options: BuildOptions) -> BuildReport:
    """Build the briefs asked for whose inputs changed since the last build, phase by phase.

    Raises ProjectError when shared data (briefgen.yaml, data/*.yaml) has errors, or any
    warning with `strict`; errors in one brief's file fail that brief only, as its outcome.
    """
    if options.out is not None:
        refuse_input_folder(root, options.out)
    out_dir = options.out or configured_output(root)
    inputs = inputs_digest(root, list(options.briefs))  # before any file is read
    report = recognise_unchanged(root, out_dir, options, inputs)
    if report is not None:
        return report
    cache = options.charts or ChartCache(enabled=options.cache)
    with bypassed(not options.cache), chart_drawer(root, cache, options) as drawer:
        loaded = load_checked(root, options, Store(out_dir) if out_dir is not None else None)
        store = Store(options.out or loaded.project.output_dir)
        with store.lock():
            if loaded.last is not None and loaded.last[0] != (store.path, store.stamp()):
                loaded = load_checked(root, options)  # another build saved its state since
            planned = plan_stale(loaded, store, options)
            own = drawer is not options.drawer
            art = draw_charts(loaded.project, planned, cache, drawer, options.verify, own)
            if options.on_plan:  # after what may interrupt it, before any PDF is replaced
                options.on_plan(len(planned.stale))
            written = write_briefs(loaded.project, planned, art, options)
            report = commit(loaded, planned, written, store, options, inputs)
    if report.exit_code == 0 and not planned.current:
        # every chart of these files that these briefs print is cached now
        cache.remember(chart_inputs(root, options.briefs))
    return report


def refuse_input_folder(root: Path, out: Path) -> None:
    """UsageError for an output folder inside one the project reads its inputs from: the PDFs
    and the build state would be mixed with the campaign's data."""
    where = out.resolve()
    for folder in INPUT_FOLDERS:
        inputs = (root / folder).resolve()
        if where == inputs or inputs in where.parents:
            inside = "" if where == inputs else "inside "
            raise UsageError(
                f"{out} is {inside}the project's {folder}/ folder, which holds its inputs; "
                f"write the PDFs to a folder of their own, such as {root / 'out'}",
                argument="--out",
            )


def recognise_unchanged(
    root: Path, out_dir: Path | None, options: BuildOptions, inputs: str
) -> BuildReport | None:
    """Every brief up to date, when no file changed since the last successful build and no
    PDF was touched (the state's fingerprint of the files' bytes, `inputs` now); None
    otherwise."""
    if options.force or out_dir is None:
        return None
    report = quick_report(root, inputs, out_dir)
    if report is not None and options.strict and report.warnings:
        raise ProjectError(report.warnings)
    return report


def load_checked(root: Path, options: BuildOptions, store: Store | None = None) -> Loaded:
    """Load, validate and check the project (but the briefs `store` knows as they were), pick
    the briefs asked for. ProjectError for errors in shared data, or warnings with `strict`."""
    from . import plan
    from .checks import check
    from .incremental import Known
    from .load import load_project
    from .validate import validate

    _freeze("imports")
    last = ((store.path, store.stamp()), *store.load()) if store is not None else None
    known = Known(last[1]) if last is not None else None
    raw = load_project(root)
    checked = check(validate(raw, known=None if options.force else known))
    if known is not None:
        known.prepare(checked.project)
    if options.strict and checked.warnings:
        raise ProjectError(checked.warnings)
    requested = list(options.briefs)
    failed = [b for b in requested or checked.failed if b in checked.failed]
    valid = [b for b in requested if b not in checked.failed]
    _freeze("the first project")
    _resume_collection()
    # briefs named that all failed leave nothing to build, not every brief
    selected = plan.select(checked.project, valid) if valid or not requested else []
    return Loaded(
        checked.project,
        checked.warnings,
        selected,
        {b: checked.failed[b] for b in failed},
        requested or list(raw.briefs),
        raw,
        last,
        known,
    )


_frozen: set[str] = set()  # the points (_freeze) this process has passed
_paused: list[bool] = []  # the collector paused until the project is loaded (pause_collection)


def pause_collection() -> None:
    """Collect no garbage until the modules a build needs and its project are loaded: in a
    process that builds once, what they make lives until it ends (and the chart drawer,
    forked meanwhile, imports matplotlib without a collection either); load_checked resumes
    it once they are frozen."""
    if gc.isenabled():
        gc.disable()
        _paused.append(True)


def _freeze(point: str) -> None:
    """Once per process at each point, keep full garbage collections from scanning again the
    objects alive now (the imports', the first project's), which live until the process ends."""
    if point not in _frozen:
        _frozen.add(point)
        gc.freeze()


def _resume_collection() -> None:
    """Collect garbage again, if pause_collection paused it."""
    if _paused:
        _paused.clear()
        gc.enable()


def plan_stale(loaded: Loaded, store: Store, options: BuildOptions) -> BuildPlan:
    """Split the selected briefs into those to rebuild, with what changed in each, and those
    up to date, against the state the last build left in `store`."""
    from . import diff, plan
    from .incremental import stale_reason

    project = loaded.project
    state, notice = loaded.last[1:] if loaded.last is not None else store.load()
    assets = plan.hash_assets(project, state.assets)
    # state.assets holds [mtime_ns, size, hash]; a stamp is [size, mtime_ns] (file_stamp)
    stamps = {rel: [state.assets[rel][1], state.assets[rel][0]] for rel in assets}
    history = state.updated_history(project)
    stale, current = [], []
    known = loaded.known.current if loaded.known is not None else set()
    for brief_id in loaded.selected:
        last = state.briefs.get(brief_id)
        target = store.out_dir / project.output_name(brief_id)
        if brief_id in known and last and stale_reason(last, last.key, target, False) is None:
            current.append(brief_id)  # its inputs are those of its last build
            continue
        found = plan.inputs(project, brief_id, assets, history)
        reason = stale_reason(last, digest(found), target, options.force)
        if reason is None:
            current.append(brief_id)
            continue
        lost = last is not None and last.inputs is None  # the state lost them: the reason says
        changes = [] if lost else diff.changes(last.inputs if last else None, found)
        stale.append(Stale(brief_id, found, changes or reason))
    notices = [notice] if notice else []
    return BuildPlan(store.out_dir, state, notices, assets, stamps, history, stale, current)


def draw_charts(
    project: Project,
    planned: BuildPlan,
    cache: ChartCache,
    drawer: Drawer | None,
    verify: bool = True,
    own: bool = False,
) -> Artwork:
    """Every chart a stale brief prints, and the logo, as drawings: from the cache, or drawn
    once per build (by `drawer`, a process that imported matplotlib early, when given; the
    build's `own`, stopped once it is known to have nothing to draw).

    The fonts are registered first (the charts' specs depend on the characters they have,
    drawings measure their text in them, and the workers that write the briefs inherit
    them); while the drawer draws, this process reads the logo and imports what writing (and
    with `verify`, checking) a brief needs: none of it waits for the charts."""
    from . import fonts
    from .project import Artwork

    drawings, missing = {}, {}
    if planned.stale:
        fonts.register(project)  # the charts' specs ask which characters the fonts have
        drawings, missing = _cached_charts(project, planned, cache)
    specs = [spec for _key, spec in missing.values()]
    if drawer is not None and own and not specs:
        drawer.close()  # still importing matplotlib, on the core the build can use
    elif drawer is not None:
        drawer.send(specs)
    if not planned.stale:
        return Artwork()
    logo = _logo(project, planned, cache)
    _import_writing(verify)
    svgs = iter(drawer.receive() if drawer is not None else map(chart.render_svg, specs))
    for where, (key, _spec) in missing.items():
        try:
            svg = next(svgs, None)
            if svg is None:
                raise RuntimeError("the drawer sent fewer drawings than it was sent charts")
            drawing = chart.to_drawing(svg)
        except Exception as exc:  # a bug: the report names the chart it happened in
            exc.add_note(f"drawing the chart '{where[0]}'")
            raise
        cache.put(key, drawing)
        drawings[where] = drawing
    if next(svgs, None) is not None:
        raise RuntimeError("the drawer sent more drawings than it was sent charts")
    return Artwork(drawings, logo)


Where = tuple[str, Any, str]  # a chart drawn for a brief: chart id, notation, paper


def _cached_charts(
    project: Project, planned: BuildPlan, cache: ChartCache
) -> tuple[dict[Where, Any], dict[Where, tuple[str, chart.ChartSpec]]]:
    """The drawings of the charts the stale briefs print that are cached, and the key and
    spec of each that is not, by (chart id, notation, paper)."""
    from . import plan
    from .paper import chart_size, page_size

    logo = project.config.branding.logo
    fonts = {rel: sha for rel, sha in planned.assets.items() if rel != logo}
    drawings: dict[Where, Any] = {}
    missing: dict[Where, tuple[str, chart.ChartSpec]] = {}
    for item in planned.stale:
        notation = project.notation(item.brief_id)
        paper = page_size(project, item.brief_id)
        size = chart_size(paper)
        for chart_id in sorted(plan.uses(project, item.brief_id).charts):
            where = (chart_id, notation, paper)
            if where in drawings or where in missing:
                continue
            spec = chart.spec(project, chart_id, notation, *size)
            key = chart.cache_key(spec, fonts)
            drawing = cache.drawing(key)
            if drawing is None:
                missing[where] = (key, spec)
            else:
                drawings[where] = drawing
    return drawings, missing


def _import_writing(verify: bool) -> None:
    """Import the modules that lay out, write and verify a brief (80 ms of ReportLab and
    pikepdf in a fresh process), once, before any worker is forked."""
    from . import write  # noqa: F401
    from .layout import brief  # noqa: F401

    if verify:
        from . import verify as _verify  # noqa: F401


def _logo(project: Project, planned: BuildPlan, cache: ChartCache) -> Any:
    """The logo: a drawing of an SVG file (cached), the path of a raster image, or None."""
    logo = project.config.branding.logo
    if logo is None:
        return None
    if not logo.lower().endswith(".svg"):  # a raster image, drawn from its file
        return project.path(logo)
    key = digest(["logo", planned.assets[logo], __version__, chart.drawing_libraries()])
    drawing = cache.drawing(key)
    if drawing is None:  # validation has read it (validate/assets.py)
        drawing = chart.svg_file_drawing(project.path(logo))
        cache.put(key, drawing)
    return drawing


def write_briefs(
    project: Project, planned: BuildPlan, art: Artwork, options: BuildOptions
) -> dict[str, WriteResult]:
    """Lay out, write and verify every stale brief, in parallel worker processes when there
    are several; a brief that fails costs the others nothing."""
    from .workers import WriteJob, write_all

    brief_ids = [s.brief_id for s in planned.stale]
    if not brief_ids:
        return {}
    _import_writing(options.verify)  # once, before forking
    job = WriteJob(
        project,
        art,
        planned.out_dir,
        planned.history,
        {s.brief_id: digest(s.inputs) for s in planned.stale},  # the data's fingerprints
        options.verify,
    )
    progress = options.progress or (lambda _brief_id: None)
    return write_all(job, brief_ids, options.jobs, progress)


def commit(
    loaded: Loaded,
    planned: BuildPlan,
    written: dict[str, WriteResult],
    store: Store,
    options: BuildOptions,
    inputs: str,
) -> BuildReport:
    """Record what each brief was built from in the build state (and `inputs`, the digest
    of the files as the build began), and save it; report every brief asked for, in order."""
    project, state = loaded.project, planned.state
    report = BuildReport(notices=planned.notices, warnings=loaded.warnings)
    for item in planned.stale:
        result = written[item.brief_id]
        report.outcomes.append(_recorded(project, item, result, state, planned.out_dir))
    for brief_id in planned.current:
        target = planned.out_dir / project.output_name(brief_id)
        report.outcomes.append(BriefOutcome(brief_id, BriefStatus.UP_TO_DATE, target))
    for brief_id, problems in loaded.failed.items():
        report.outcomes.append(
            BriefOutcome(
                brief_id,
                BriefStatus.FAILED,
                planned.out_dir / f"{brief_id}.pdf",
                errors=[str(p) for p in problems],
            )
        )
    order = {b: i for i, b in enumerate(loaded.order)}
    report.outcomes.sort(key=lambda o: order[o.brief_id])
    state.statistics = {k: v.model_dump(mode="json") for k, v in project.statistics.items()}
    state.history = planned.history
    from .translations import review

    state.translations = review.record(project, state.translations, dt.date.today())
    if loaded.known is not None and loaded.raw is not None:
        loaded.known.record(loaded.raw, project, report)
    state.quick = {}
    if report.exit_code == 0:
        state.quick = quick_record(inputs, planned.stamps, report)
    try:
        store.save(state)
    except BuildFailed as exc:  # the PDFs are in place: the next build finds them changed
        report.errors.append(exc.message)
    return report


def _recorded(
    project: Project, item: Stale, result: WriteResult, state: State, out_dir: Path
) -> BriefOutcome:
    """The outcome of writing a stale brief; a brief written is recorded in the state."""
    written = result.written
    if written is None:
        target = out_dir / project.output_name(item.brief_id)
        errors = (result.error or "").splitlines()
        return BriefOutcome(item.brief_id, BriefStatus.FAILED, target, errors=errors)
    # a first build is not a change worth listing
    changes = item.changes if item.brief_id in state.briefs else []
    state.briefs[item.brief_id] = BriefState(
        digest(item.inputs),
        written.path.name,
        sha256_file(written.path),
        loaded=item.inputs,
        stamp=file_stamp(written.path),
    )
    return BriefOutcome(
        item.brief_id, BriefStatus.BUILT, written.path, written.pages, written.size, changes
    )


def pending(root: Path, out: Path | None = None) -> dict[str, list[str]]:
    """What a build would change, per brief (empty list: up to date): the build's own plan,
    made without the lock and without writing anything."""
    from .checks import check
    from .load import load_project
    from .validate import validate

    project, warnings = check(validate(load_project(root))).project_and_warnings()
    loaded = Loaded(project, warnings, list(project.briefs), {}, list(project.briefs))
    planned = plan_stale(loaded, Store(out or project.output_dir), BuildOptions(out=out))
    changes = {s.brief_id: s.changes for s in planned.stale}
    return {b: changes.get(b, []) for b in project.briefs}

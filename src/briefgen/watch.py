"""`build --watch`: rebuild what changed each time a file of the project is saved, with
everything a rebuild can reuse kept warm between rebuilds: the modules imported, the fonts
registered, the chart-drawing process running and the charts drawn so far in memory."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .build import BuildOptions, run
from .cache import ChartCache
from .drawer import Drawer
from .errors import BriefgenError
from .load import DEFAULT_OUTPUT
from .report import BriefStatus, BuildReport
from .state import configured_output

# How long the watcher waits for more changes once it has seen one (watchfiles' `step`): an
# editor's save is a write or a rename, seen at once; a longer wait adds to every rebuild.
STEP_MS = 10


def saved_at(paths: Iterable[str]) -> float:
    """When the latest of these files was saved (its modification time), or now when none of
    them exists any more."""
    times = []
    for path in paths:
        try:
            times.append(os.stat(path).st_mtime)
        except OSError:
            continue
    return max(times, default=time.time())


def _warm_up(root: Path) -> None:
    """Load what a rebuild loads (the modules, the project's fonts) before the first build, so
    that the first save is rebuilt as fast as the next ones even when the first build has
    nothing to do (and no save is missed while they load); a project with errors is left to
    the builds to report."""
    from . import api, fonts
    from .server import warm

    warm()
    try:
        project, _warnings = api.load(root)
    except BriefgenError:
        return
    fonts.register(project)


def watch(
    root: Path,
    options: BuildOptions,
    on_report: Callable[[BuildReport], None],
    on_error: Callable[[BriefgenError], None],
    on_rebuilt: Callable[[str, float], None],
    stop: Any = None,
) -> None:
    """Build, then rebuild on every save until `stop` is set (or Ctrl+C); after a rebuild,
    `on_rebuilt` is told each PDF written and the seconds from the save to the build's end."""
    import watchfiles

    options = replace(options, drawer=Drawer.start(), charts=ChartCache(enabled=options.cache))

    def rebuild(saved: float | None) -> None:
        try:
            report = run(root, options)
        except BriefgenError as exc:  # invalid data, a lock, an unwritable file
            on_error(exc)
            return
        done = time.time()
        on_report(report)
        for outcome in report.outcomes:
            if saved is not None and outcome.status == BriefStatus.BUILT:
                on_rebuilt(outcome.path.name, max(0.0, done - saved))

    # Its own output is never a change to rebuild for, even when the first build fails.
    out_dir = options.out or configured_output(root) or root / DEFAULT_OUTPUT
    try:
        _warm_up(root)
        rebuild(None)
        options = replace(options, force=False)  # --force: the first build; then what changed
        watched = watchfiles.DefaultFilter(ignore_paths=[str(out_dir.resolve())])
        for changes in watchfiles.watch(
            root,
            watch_filter=watched,
            stop_event=stop,
            debounce=200,
            step=STEP_MS,
            rust_timeout=500,
        ):
            rebuild(saved_at(path for _change, path in changes))
    finally:
        if options.drawer is not None:
            options.drawer.close()

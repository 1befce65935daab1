"""The chart drawer: a process of the build's own that imports matplotlib as soon as it
starts and draws the charts it is sent, each sent back as soon as it is drawn; when it starts
(as a `briefgen build` begins, before the command line loads, if the build will probably draw
charts), and when it stops."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import ChartCache
from .chart import ChartSpec, load_matplotlib, render_svg
from .state import chart_inputs

if TYPE_CHECKING:
    from .build import BuildOptions


class Drawer:
    """A process that imports matplotlib as soon as it starts and then draws the charts it is
    sent. Started before the project is loaded and validated, it takes matplotlib's import
    off a build's critical path when there is a second core to run it on."""

    def __init__(self) -> None:
        import multiprocessing

        from .children import held

        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, os.getpid()), daemon=True)
        with held():
            self._process.start()
        child.close()
        self._batch = 0  # the number of the last charts sent, which tags their drawings
        self._charts: list[ChartSpec] = []  # the charts last sent
        self._pending = 0  # how many of them are still to be received

    @classmethod
    def start(cls) -> Drawer | None:
        """A drawer, or None where there is no second core or no fork. Where matplotlib is
        imported already (the build server's children), the drawer imports nothing, and the
        building process still never runs matplotlib's code: Ctrl+C, which the drawer leaves
        to the build, cannot land in one of its callbacks, where Python would ignore it."""
        if (os.cpu_count() or 1) < 2 or os.name != "posix":
            return None
        return cls()

    def send(self, charts: list[ChartSpec]) -> None:
        """Have the drawer process draw these charts while this one does something else; then
        `receive` their SVG. Nothing to draw is not sent."""
        self._batch += 1
        self._charts, self._pending = charts, len(charts)
        if charts:
            with contextlib.suppress(OSError):  # the drawer has ended: receive draws them
                self._conn.send((self._batch, charts))

    def receive(self) -> Iterator[str]:
        """The SVG of each chart last sent, in order, each as soon as the drawer has drawn
        it: the first is converted while the next is drawn. The drawings of charts sent
        before, which a build that failed did not take, are passed over. Should the drawer
        have ended (killed, out of memory), the charts left are drawn in this process."""
        while self._pending:
            try:
                batch, result = self._conn.recv()
            except (EOFError, OSError):
                left, self._pending = self._charts[-self._pending :], 0
                yield from map(render_svg, left)
                return
            if batch != self._batch:
                continue
            self._pending -= 1
            if isinstance(result, BaseException):
                self._pending = 0
                raise result
            yield result

    def close(self) -> None:
        """Stop the process, even if it is still importing matplotlib."""
        self._conn.close()
        self._process.kill()
        self._process.join()


def _serve(conn: Any, parent: int) -> None:
    from .children import serve

    serve(parent)  # Ctrl+C is the build's to handle; the drawer is closed by it
    gc.disable()  # what the import makes lives as long as the drawer: nothing to collect
    load_matplotlib()
    gc.freeze()
    gc.enable()

    while True:
        try:
            batch, charts = conn.recv()
        except EOFError:
            return
        for spec in charts:
            try:
                conn.send((batch, render_svg(spec)))
            except Exception as exc:  # sent back, and raised in the build
                conn.send((batch, exc))
                break


# The chart drawer `start_drawing` started before the command line was loaded, until a build
# adopts it.
_early_drawer: Drawer | None = None


def _drawn_before(root: Path, cache: ChartCache, briefs: tuple[str, ...]) -> bool:
    """Whether a build of these briefs (or of every brief) from the same chart files found
    every chart in the cache: then this one will probably draw none."""
    return cache.seen(chart_inputs(root)) or (
        bool(briefs) and cache.seen(chart_inputs(root, briefs))
    )


def start_drawing(root: Path, briefs: tuple[str, ...], cache: bool) -> None:
    """Start the chart-drawing process now, if a build of `briefs` of the project at `root`
    will probably draw charts (_drawn_before): `briefgen build` calls it before it loads
    the command line (click and the commands, 60 ms), so that matplotlib's import, the longest
    wait of a build that draws, starts that much sooner. The next build adopts it."""
    global _early_drawer
    if _early_drawer is None and not _drawn_before(root, ChartCache(enabled=cache), briefs):
        with contextlib.suppress(OSError):  # no process to spare: the build starts its own
            _early_drawer = Drawer.start()


def _adopt_early_drawer() -> Drawer | None:
    """The drawer start_drawing started (or None), now the calling build's to use or close."""
    global _early_drawer
    early, _early_drawer = _early_drawer, None
    return early


@contextlib.contextmanager
def chart_drawer(root: Path, cache: ChartCache, options: BuildOptions) -> Iterator[Drawer | None]:
    """The caller's chart drawer; or, when this build will probably draw charts (the files
    charts are made from were never built with this cache), a drawer started now, which
    imports matplotlib while the project is loaded, and stopped after."""
    early = _adopt_early_drawer()
    if options.drawer is not None or _drawn_before(root, cache, options.briefs):
        if early is not None:
            early.close()
        yield options.drawer
        return
    own = early or Drawer.start()
    try:
        yield own
    finally:
        if own is not None:
            own.close()

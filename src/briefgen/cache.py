"""The user-level chart cache: drawn charts (and the logo) shared by every project and output
folder of this user, so that a fresh clone or a new output folder draws nothing drawn before.

It lives in `$XDG_CACHE_HOME/briefgen` (`~/.cache/briefgen` by default, `%LOCALAPPDATA%` on
Windows). Entries are content-addressed: a key covers the chart's data, style, size, the
fonts' bytes and the versions of briefgen and matplotlib (chart.cache_key). The folder is
safe to delete at any time, is kept under a size cap (least recently used entries go first),
and a damaged or unreadable entry means drawing the chart again, never a failed build.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import time
from pathlib import Path
from typing import Any

from .errors import BuildFailed
from .state import atomic_write

# The cache's size cap: a chart is 20-100 KiB, so thousands of charts fit.
MAX_BYTES = 200 * 1024 * 1024
# A temporary file older than this was left by a build that was killed: removed when pruning.
STALE_TEMPORARY = 3600.0


def user_cache_dir() -> Path:
    """The folder of briefgen's user-level cache, as the platform's conventions place it."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "briefgen"
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "briefgen" / "cache"
    return Path.home() / ".cache" / "briefgen"


class ChartCache:
    """Drawings by key, in the user-level cache folder and, for a long-running process such
    as `build --watch`, in memory. Disabled (`--no-cache`), it neither reads nor writes."""

    def __init__(self, folder: Path | None = None, enabled: bool = True) -> None:
        self.folder = folder or user_cache_dir()
        self.charts = self.folder / "charts"
        self.enabled = enabled
        self._memory: dict[str, Any] = {}

    def drawing(self, key: str) -> Any:
        """The drawing cached under `key`, or None when missing, damaged or unreadable."""
        if not self.enabled:
            return None
        if key in self._memory:
            return self._memory[key]
        path = self.charts / f"{key}.pickle"
        try:
            drawing = pickle.loads(path.read_bytes())
        except Exception:  # any damage to the cache means drawing it again
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: pruned last
        self._memory[key] = drawing
        return drawing

    def put(self, key: str, drawing: Any) -> None:
        """Cache `drawing` under `key`; a cache that cannot be written is done without."""
        if not self.enabled:
            return
        self._memory[key] = drawing
        # Like black's cache, a pickle: the folder is the user's own.
        with contextlib.suppress(BuildFailed):
            atomic_write(self.charts / f"{key}.pickle", pickle.dumps(drawing, protocol=5))
            self.prune()

    def seen(self, inputs: str) -> bool:
        """Whether a build whose chart inputs (state.chart_inputs) hashed to `inputs` found
        every chart it needed in this cache: then a build of the same files draws nothing."""
        return self.enabled and (self.folder / "inputs" / inputs).exists()

    def remember(self, inputs: str) -> None:
        """Record that every chart of a project whose chart inputs hash to `inputs` is here."""
        if self.enabled:
            with contextlib.suppress(BuildFailed):
                atomic_write(self.folder / "inputs" / inputs, b"")

    def prune(self, limit: int = MAX_BYTES) -> None:
        """Remove the least recently used drawings until the cache holds at most `limit`
        bytes, and temporary files a killed build left."""
        entries = []
        now = time.time()
        for path in self.charts.iterdir():
            try:
                info = path.stat()
            except OSError:
                continue
            if path.name.endswith(".tmp"):
                if now - info.st_mtime > STALE_TEMPORARY:
                    path.unlink(missing_ok=True)
                continue
            entries.append((info.st_mtime, info.st_size, path))
        total = sum(size for _mtime, size, _path in entries)
        for _mtime, size, path in sorted(entries):
            if total <= limit:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size
                self._memory.pop(path.stem, None)

"""The user-level chart cache: drawn charts (and the logo) shared by every project and output
folder of this user, so that a fresh clone or a new output folder draws nothing drawn before.

It lives in `$XDG_CACHE_HOME/briefgen` (`~/.cache/briefgen` by default, `%LOCALAPPDATA%` on
Windows). Entries are content-addressed: a key covers the chart's data, style, size, the
fonts' bytes and the versions of briefgen and matplotlib (chart.cache_key). The folder is
safe to delete at any time, is kept under a size cap (least recently used entries go first),
and a damaged or unreadable entry means drawing the chart again, never a failed build.

It also remembers, as empty marker files, which asset files (fonts, logo) were found readable,
by their bytes and the versions of the code that read them (`checked`, `remember_checked`):
validating a font or an SVG logo means parsing it, and importing svglib for the logo.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import time
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from .errors import BuildFailed
from .state import atomic_write

# The cache's size cap: a chart is 20-100 KiB, so thousands of charts fit.
MAX_BYTES = 200 * 1024 * 1024
# A temporary file older than this was left by a build that was killed: removed when pruning.
STALE_TEMPORARY = 3600.0
# Markers (inputs/, checked/) are empty files, which a size cap does not bound: a count does.
MAX_MARKERS = 2000


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
        from reportlab.graphics.shapes import Drawing

        path = self.charts / f"{key}.pickle"
        try:
            drawing = pickle.loads(path.read_bytes())
        except Exception:  # any damage to the cache means drawing it again
            return None
        if not isinstance(drawing, Drawing):  # a file that is not ours: the same
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
        return self.enabled and _used(self.folder / "inputs" / inputs)

    def remember(self, inputs: str) -> None:
        """Record that every chart of a project whose chart inputs hash to `inputs` is here."""
        if self.enabled:
            _mark(self.folder / "inputs", inputs)

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


def _used(marker: Path) -> bool:
    """Whether the marker exists; if so, it is marked as recently used (pruned last)."""
    try:
        os.utime(marker)
    except OSError:
        return False
    return True


def _mark(folder: Path, name: str) -> None:
    """Write the empty marker `name` in `folder`, and keep the folder under MAX_MARKERS (the
    least recently written go first); a cache that cannot be written is done without."""
    path = folder / name
    if path.exists():
        return
    with contextlib.suppress(BuildFailed):
        atomic_write(path, b"")
    with contextlib.suppress(OSError):
        markers = list(folder.iterdir())
        if len(markers) <= MAX_MARKERS:
            return
        dated = []
        for marker in markers:
            with contextlib.suppress(OSError):
                dated.append((marker.stat().st_mtime, marker))
        for _mtime, marker in sorted(dated)[: len(dated) - MAX_MARKERS]:
            with contextlib.suppress(OSError):
                marker.unlink()


# `build --no-cache` neither reads nor writes the markers of checked files (bypassed()).
_bypassed: ContextVar[bool] = ContextVar("bypassed", default=False)
# The markers this process has read or written, so that `--watch` looks for none twice.
_checked: set[Path] = set()
# The digest of each file this process has read, by (path, size, modification time).
_digests: dict[tuple[str, int, int], bytes] = {}


@contextlib.contextmanager
def bypassed(active: bool = True) -> Iterator[None]:
    """Within this block (when `active`), `checked` is always False and nothing is remembered."""
    token = _bypassed.set(active)
    try:
        yield
    finally:
        _bypassed.reset(token)


def enabled() -> bool:
    """Whether the user-level cache is read and written here (not within `bypassed`)."""
    return not _bypassed.get()


def checked_key(path: Path, reader: str) -> str:
    """The key under which a file's bytes, checked by `reader` (a name and version, such as
    'svglib 1.5.1'), are remembered. OSError when the file cannot be read."""
    from . import __version__

    info = path.stat()
    stamp = (str(path), info.st_size, info.st_mtime_ns)
    if stamp not in _digests:
        _digests[stamp] = hashlib.sha256(path.read_bytes()).digest()
    hasher = hashlib.sha256(f"{__version__}\0{reader}\0".encode())
    hasher.update(_digests[stamp])
    return hasher.hexdigest()


def checked(key: str) -> bool:
    """Whether a file with this key (checked_key) was found readable before, by this user."""
    if _bypassed.get():
        return False
    marker = user_cache_dir() / "checked" / key
    if marker in _checked:
        return True
    if _used(marker):
        _checked.add(marker)
        return True
    return False


def remember_checked(key: str) -> None:
    """Remember that the file with this key (checked_key) was found readable."""
    if not _bypassed.get():
        _checked.add(user_cache_dir() / "checked" / key)
        _mark(user_cache_dir() / "checked", key)

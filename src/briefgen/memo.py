"""Files parsed once: a long-running build (`build --watch`) parses again only the files whose
bytes changed since it last read them (the YAML files, the PO catalogs); and a YAML file whose
bytes were parsed before, by this user with this version of briefgen, is read back from the
user-level cache (cache.py's folder, `parsed/`) instead of parsed, by any process.

Only a parse that found no problem is remembered, so a file with an error is read, and its
error reported, every time; the result is shared, so nothing may change what it remembers. A
cached parse that cannot be read is parsed again; the folder is kept under MAX_BYTES (the
least recently written go first).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import time
from pathlib import Path
from typing import Any

from . import __version__, cache
from .errors import BuildFailed
from .state import atomic_write

# The last bytes read of each file, and what they parsed to, by (kind of file, path).
_parsed: dict[tuple[str, str], tuple[bytes, Any]] = {}
# A parsed brief is a few kilobytes, a data file of thousands of entries a few megabytes.
MAX_BYTES = 100 * 1024 * 1024
# The bytes in each folder of parses, as this process last counted them plus what it wrote.
_sizes: dict[Path, int] = {}


def recall(kind: str, path: Path, data: bytes, name: str | None = None) -> Any:
    """What `data`, the bytes of `path`, parsed to when they were last read; None if the file
    was never read with these bytes, or with a problem. With `name` (the file's path in its
    project), a parse of the same bytes stored in the user-level cache is found too."""
    known = _parsed.get((kind, str(path)))
    if known is not None and known[0] == data:
        return known[1]
    if name is None or not cache.enabled():
        return None
    try:
        result = pickle.loads(_stored(kind, name, data).read_bytes())
    except Exception:  # missing, damaged or foreign: parsed again
        return None
    _parsed[(kind, str(path))] = (data, result)
    return result


def keep(kind: str, path: Path, data: bytes, result: Any, name: str | None = None) -> None:
    """Remember what `data`, the bytes of `path`, parsed to, without any problem; with `name`,
    in the user-level cache too (a cache that cannot be written is done without)."""
    _parsed[(kind, str(path))] = (data, result)
    if name is None or not cache.enabled():
        return
    stored = _stored(kind, name, data)
    if not stored.exists():
        blob = pickle.dumps(result, protocol=5)
        with contextlib.suppress(BuildFailed):
            atomic_write(stored, blob)
            _added(stored.parent, len(blob))


def _stored(kind: str, name: str, data: bytes) -> Path:
    """Where the parse of `data` is cached: named by the bytes, the file's path in its
    project (which messages print) and briefgen's version."""
    hasher = hashlib.sha256(f"{__version__}\0{kind}\0{name}\0".encode())
    hasher.update(data)
    folder = _folder(*(os.environ.get(k, "") for k in ("XDG_CACHE_HOME", "HOME", "LOCALAPPDATA")))
    return folder / f"{hasher.hexdigest()}.pickle"


@functools.cache
def _folder(*environment: str) -> Path:
    """The folder of cached parses, for the environment variables that place it."""
    return cache.user_cache_dir() / "parsed"


def _added(folder: Path, size: int) -> None:
    """Count `size` bytes written to `folder`, which is counted again, and pruned to three
    quarters of MAX_BYTES, when it may be over it (and once per process)."""
    counted = _sizes.get(folder)
    if counted is not None and counted + size <= MAX_BYTES:
        _sizes[folder] = counted + size
        return
    with contextlib.suppress(OSError):
        _sizes[folder] = _prune(folder, MAX_BYTES if counted is None else MAX_BYTES * 3 // 4)


def _prune(folder: Path, limit: int) -> int:
    """Remove the least recently written parses until `folder` holds at most `limit` bytes,
    and the temporary files a killed build left; the bytes it holds then."""
    entries = []
    now = time.time()
    for entry in os.scandir(folder):
        with contextlib.suppress(OSError):
            info = entry.stat()
            if not entry.name.endswith(".tmp"):
                entries.append((info.st_mtime, info.st_size, entry.path))
            elif now - info.st_mtime > cache.STALE_TEMPORARY:
                os.unlink(entry.path)
    total = sum(size for _mtime, size, _path in entries)
    for _mtime, size, path in sorted(entries):
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            os.unlink(path)
            total -= size
    return total

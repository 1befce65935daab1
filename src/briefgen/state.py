"""The build state kept in the output folder: what each brief was built from, cached charts,
and the history of changed statistics. Safe to lose: anything missing or unreadable means a
full rebuild, never a crash."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .errors import BuildFailed

STATE_DIR = ".briefgen"
FORMAT = 1


@dataclass
class BriefState:
    """What one brief was last built from, and the PDF that came out."""

    key: str
    output: str
    pdf_sha256: str
    inputs: dict[str, Any]


@dataclass
class State:
    """Everything remembered between builds."""

    briefs: dict[str, BriefState] = field(default_factory=dict)
    # The statistics as they were at the last build, and for each statistic whose value
    # changed, what it was before (the `changes` block prints these).
    statistics: dict[str, Any] = field(default_factory=dict)
    history: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Content hashes of asset files, by path, with the mtime and size they were taken at.
    assets: dict[str, list[Any]] = field(default_factory=dict)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def digest(data: Any) -> str:
    """A stable hash of JSON-able data."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Store:
    """The state folder inside an output folder."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.dir = out_dir / STATE_DIR
        self.path = self.dir / "state.json"
        self.charts = self.dir / "charts"

    def load(self) -> tuple[State, str | None]:
        """The last state, and a one-line notice when it was missing or unusable."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if raw.get("format") != FORMAT or raw.get("version") != __version__:
                return State(), "build state from another briefgen version: rebuilding all"
            return State(
                briefs={k: BriefState(**v) for k, v in raw["briefs"].items()},
                statistics=raw["statistics"],
                history=raw["history"],
                assets=raw["assets"],
            ), None
        except FileNotFoundError:
            if self.out_dir.exists() and any(self.out_dir.glob("*.pdf")):
                return State(), "no build state found: rebuilding all"
            return State(), None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return State(), "build state unreadable: rebuilding all"

    def save(self, state: State) -> None:
        """Write the state atomically."""
        data = {"format": FORMAT, "version": __version__, **asdict(state)}
        atomic_write(self.path, json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))

    def chart(self, key: str) -> str | None:
        """A cached chart's SVG, or None."""
        try:
            return (self.charts / f"{key}.svg").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put_chart(self, key: str, svg: str) -> None:
        atomic_write(self.charts / f"{key}.svg", svg.encode("utf-8"))

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the project's build lock; a second build gets a clear message."""
        self.dir.mkdir(parents=True, exist_ok=True)
        path = self.dir / "lock"
        with path.open("a+") as handle:
            if not _try_lock(handle):
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise BuildFailed(
                    f"another briefgen build is running on {self.out_dir} ({holder}); "
                    "wait for it to finish, then run this build again"
                )
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}")
            handle.flush()
            try:
                yield
            finally:
                handle.seek(0)
                handle.truncate()
                _unlock(handle)


def _try_lock(handle: Any) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: Any) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)

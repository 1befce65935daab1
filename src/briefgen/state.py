"""The build state kept in the output folder: what each brief was built from and the history
of changed statistics (drawn charts are cached for the whole user: cache.py). Safe to lose:
anything missing or unreadable means a full rebuild, never a crash."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import stat
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, clock
from .errors import BuildFailed

if TYPE_CHECKING:
    from .project import Project
    from .report import BuildReport

STATE_DIR = ".briefgen"
FORMAT = 2


@dataclass
class BriefState:
    """What one brief was last built from, and the PDF that came out. Its inputs (tens of
    kilobytes) are kept in a file of their own, named by its key, read only when asked for:
    a build reads and writes the inputs of the briefs it rebuilds only."""

    key: str
    output: str
    pdf_sha256: str
    inputs_in: Path | None = None  # the folder of the inputs file, until it is read
    loaded: dict[str, Any] | None = None  # the inputs, once read or recorded
    # The PDF's size and modification time when it was recorded: while they hold, its hash
    # is not taken again.
    stamp: list[int] = field(default_factory=list)
    # Whether the build that recorded it found nothing to report in it, and what it was
    # checked against then (incremental.py).
    known: dict[str, Any] = field(default_factory=dict)

    @property
    def inputs(self) -> dict[str, Any] | None:
        """The inputs the brief was built from; None when their file is missing or damaged."""
        if self.loaded is None and self.inputs_in is not None:
            with contextlib.suppress(OSError, ValueError):
                self.loaded = json.loads((self.inputs_in / f"{self.key}.json").read_bytes())
            self.inputs_in = None
        return self.loaded

    def built(self, target: Path) -> bool:
        """Whether `target` is the PDF recorded: of the size and time it had then, or else of
        the same bytes."""
        try:
            return file_stamp(target) == self.stamp or sha256_file(target) == self.pdf_sha256
        except OSError:
            return False

    def record(self) -> dict[str, Any]:
        """What state.json keeps of the brief (its inputs are saved apart)."""
        return {
            "key": self.key,
            "output": self.output,
            "pdf_sha256": self.pdf_sha256,
            "stamp": self.stamp,
            "known": self.known,
        }


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
    # After a fully successful build: how to recognise cheaply that nothing has changed.
    quick: dict[str, Any] = field(default_factory=dict)
    # What each inline translation was last checked against (translations.review.record).
    translations: dict[str, Any] = field(default_factory=dict)
    # The entries briefs known as they were print, by a key their records name (incremental.py).
    uses: dict[str, Any] = field(default_factory=dict)

    def updated_history(self, project: Project) -> dict[str, dict[str, Any]]:
        """`history` with the statistics whose printed value differs from the last build, with
        their old form."""
        from . import diff

        history = dict(self.history)
        for stat_id, entry in project.statistics.items():
            now = entry.model_dump(mode="json")
            was = self.statistics.get(stat_id)
            if was is not None and diff.printed(was) != diff.printed(now):
                history[stat_id] = {"old": was, "new": now}
        return history


def _compact(data: Any) -> bytes:
    # json's C encoder does not indent: compact is fastest to write and to read
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
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

    def load(self) -> tuple[State, str | None]:
        """The last state, and a one-line notice when it was missing or unusable."""
        try:
            raw = json.loads(self.path.read_bytes())
            if raw.get("format") != FORMAT or raw.get("version") != __version__:
                return State(), "build state from another briefgen version: rebuilding all"
            inputs = self.dir / "inputs"
            briefs = {k: BriefState(**v, inputs_in=inputs) for k, v in raw["briefs"].items()}
            return State(
                briefs=briefs,
                statistics=raw["statistics"],
                history=raw["history"],
                assets=raw["assets"],
                translations=raw.get("translations", {}),
                uses=raw.get("uses", {}),
            ), None  # `quick` is left out: a build re-establishes it when it succeeds
        except FileNotFoundError:
            if self.out_dir.exists() and any(self.out_dir.glob("*.pdf")):
                return State(), "no build state found: rebuilding all"
            return State(), None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return State(), "build state unreadable: rebuilding all"

    def stamp(self) -> list[int] | None:
        """The state file's size and modification time; None when there is none."""
        try:
            return file_stamp(self.path)
        except OSError:
            return None

    def _inputs_path(self, key: str) -> Path:
        return self.dir / "inputs" / f"{key}.json"

    def save(self, state: State) -> None:
        """Write the inputs of the briefs recorded by this build, then the state, atomically;
        then remove the inputs no brief refers to any more."""
        for brief in state.briefs.values():
            if brief.loaded is not None and not self._inputs_path(brief.key).exists():
                atomic_write(self._inputs_path(brief.key), _compact(brief.loaded))
        data = {"format": FORMAT, "version": __version__, **vars(state)}
        data["briefs"] = {brief_id: brief.record() for brief_id, brief in state.briefs.items()}
        atomic_write(self.path, _compact(data))
        if any(brief.loaded is not None for brief in state.briefs.values()):
            keep = {f"{brief.key}.json" for brief in state.briefs.values()}
            for path in (self.dir / "inputs").glob("*.json"):
                if path.name not in keep:
                    path.unlink(missing_ok=True)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the project's build lock; a second build gets a clear message."""
        path = self.dir / "lock"
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            handle = path.open("a+b", buffering=0)  # unbuffered: a full disk fails here
        except OSError as exc:
            raise _unwritable(self.out_dir, exc) from exc
        with handle:
            if not _try_lock(handle):
                handle.seek(0)
                holder = handle.read().decode(errors="replace").strip() or "another process"
                raise BuildFailed(
                    f"another briefgen build is running on {self.out_dir} ({holder}); "
                    "wait for it to finish, then run this build again"
                )
            try:
                handle.truncate(0)
                handle.write(f"pid {os.getpid()}".encode())
            except OSError as exc:
                _unlock(handle)
                raise _unwritable(self.out_dir, exc) from exc
            _held.add(handle.fileno())
            try:
                remove_temporaries(self.out_dir)
                yield
            finally:
                remove_temporaries(self.out_dir)
                handle.truncate(0)
                _held.discard(handle.fileno())
                _unlock(handle)


# The build locks this process holds, by file descriptor. An flock lock belongs to the open
# file, which a forked child shares: a worker that outlived its build would keep the lock.
_held: set[int] = set()


def _release_in_child() -> None:
    """In a forked child, let go of the parent's build locks (the parent keeps them)."""
    if not _held:
        return
    devnull = os.open(os.devnull, os.O_RDONLY)
    for fd in _held:  # the descriptor stays valid, but no longer refers to the lock file
        os.dup2(devnull, fd)
    os.close(devnull)
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_release_in_child)


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


def _unwritable(path: Path, exc: OSError) -> BuildFailed:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        what = "free some space on the disk"
    else:
        what = "check the folder and its permissions"
    return BuildFailed(
        f"{path}: cannot be written ({exc.strerror or exc}); {what}, "
        "or build elsewhere with --out DIR"
    )


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    try:
        with replacing(path) as tmp:
            tmp.write_bytes(data)
    except OSError as exc:
        raise _unwritable(path, exc) from exc


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary file beside `target`, which replaces it if the block completes and is
    removed if it fails: a reader never sees a half-written file. The file has the mode
    `target` has, or a new file's under the user's umask."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(target)
    try:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _temporary(target: Path) -> Path:
    """A new, empty file named as a temporary of `target` (see TEMPORARIES)."""
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:  # not mkstemp: its files are private (0600) whatever the umask
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return tmp


# The names of the temporary files `replacing` makes (and mkstemp made, in earlier versions):
# in the output folder, beside the PDFs; anywhere in the state folder.
TEMPORARIES = (".?*.pdf.????????.tmp", f"{STATE_DIR}/**/.?*.????????.tmp")


def temporaries(out_dir: Path) -> Iterator[Path]:
    """The temporary files in an output folder: while no build runs, those a killed build
    left behind."""
    for pattern in TEMPORARIES:
        yield from out_dir.glob(pattern)


def remove_temporaries(out_dir: Path) -> None:
    """Remove the temporary files a killed build left behind; only while holding the build
    lock, when no other build is writing them."""
    for path in temporaries(out_dir):
        with contextlib.suppress(OSError):
            path.unlink()


def configured_output(root: Path) -> Path | None:
    """The output folder named in briefgen.yaml, read without validating anything."""
    import yaml

    from .load import CONFIG_FILE, DEFAULT_OUTPUT

    try:
        config = yaml.load((root / CONFIG_FILE).read_bytes(), Loader=yaml.CSafeLoader)
        output = config.get("output", DEFAULT_OUTPUT) if isinstance(config, dict) else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return root / output if isinstance(output, str) else None


def inputs_digest(root: Path, selection: list[str]) -> str:
    """A hash of every byte of YAML and PO in the project, the briefs asked for and what else
    decides the output (version, SOURCE_DATE_EPOCH, today). A build takes it before it reads
    the files, and records it: a file saved while it runs is found changed by the next."""
    from .load import CONFIG_FILE

    hasher = hashlib.sha256()
    hasher.update(
        json.dumps(
            [
                __version__,
                selection,
                clock.source_date_epoch(),
                clock.today().isoformat(),  # consent may end: checked again each day
            ]
        ).encode()
    )
    for path in [
        root / CONFIG_FILE,
        *sorted((root / "data").glob("*.y*ml")),  # .yml too: the load says it is not read
        *sorted((root / "briefs").glob("*.y*ml")),
        *sorted((root / "translations").glob("*.po")),
    ]:
        hasher.update(f"\0{path.relative_to(root)}\0".encode())
        try:
            hasher.update(path.read_bytes())
        except OSError as exc:  # gone, a folder, unreadable: the load reports it
            hasher.update(f"\0!{exc.errno}".encode())
    return hasher.hexdigest()


def _fingerprint(inputs: str, stamps: dict[str, list[int]]) -> str:
    """The inputs' digest (inputs_digest) with the asset files' stamps (file_stamp) by path."""
    hasher = hashlib.sha256(inputs.encode())
    for rel, (size, mtime) in stamps.items():
        hasher.update(f"\0{rel}\0{size}\0{mtime}".encode())
    return hasher.hexdigest()


def file_stamp(path: Path) -> list[int]:
    """A file's size and modification time (ns): changed when the file is written."""
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def quick_record(inputs: str, stamps: dict[str, list[int]], report: BuildReport) -> dict[str, Any]:
    """What lets the next build recognise, cheaply, that nothing changed since this one
    began (`inputs`: its inputs_digest) and read its asset files (`stamps`: their file_stamp
    by path, taken when the build hashed them)."""
    return {
        "fingerprint": _fingerprint(inputs, stamps),
        "assets": list(stamps),
        "outputs": {o.brief_id: [o.path.name, *file_stamp(o.path)] for o in report.outcomes},
        "warnings": [asdict(w) for w in report.warnings],
    }


def quick_report(root: Path, inputs: str, out_dir: Path) -> BuildReport | None:
    """A report saying every brief is up to date, when no input file has changed since the
    last successful build began (`inputs`: the inputs_digest now) and no PDF was touched;
    None when a real check is needed.

    Reads the YAML files as bytes only: no parsing, no validation, no heavy import.
    """
    from .errors import Problem
    from .report import BriefOutcome, BriefStatus, BuildReport

    store = Store(out_dir)
    try:
        data = json.loads(store.path.read_text(encoding="utf-8"))
        quick = data["quick"]
        if data.get("version") != __version__:
            return None
        now = {rel: file_stamp(root / rel) for rel in quick["assets"]}
        if quick["fingerprint"] != _fingerprint(inputs, now):
            return None
        if next(temporaries(out_dir), None) is not None:  # a real build removes them
            return None
        outcomes = []
        for brief_id, (name, size, mtime) in quick["outputs"].items():
            path = out_dir / name
            if file_stamp(path) != [size, mtime]:
                return None
            outcomes.append(BriefOutcome(brief_id, BriefStatus.UP_TO_DATE, path))
        return BuildReport(outcomes=outcomes, warnings=[Problem(**w) for w in quick["warnings"]])
    except (OSError, ValueError, KeyError, TypeError):
        return None


# The files whose change may mean a chart must be drawn again (and the translation catalogs).
_CHART_FILES = ("briefgen.yaml", "data/statistics.yaml", "data/charts.yaml")


def chart_inputs(root: Path, briefs: tuple[str, ...] = ()) -> str:
    """A hash of the files charts are made from, read as bytes, and of the briefs a build is
    asked for (none: every brief) (cache.ChartCache.seen)."""
    hasher = hashlib.sha256(json.dumps([__version__, sorted(briefs)]).encode())
    for path in [*(root / rel for rel in _CHART_FILES), *sorted(root.glob("translations/*.po"))]:
        with contextlib.suppress(OSError):
            hasher.update(path.read_bytes())
        hasher.update(b"\0")
    return hasher.hexdigest()

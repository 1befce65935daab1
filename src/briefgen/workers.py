"""Writing the stale briefs: each laid out, written into a temporary file and verified, then
put in place of its last good PDF; several at once in worker processes."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .state import replacing

if TYPE_CHECKING:
    from .project import Artwork, Project
    from .write import Written


@dataclass(frozen=True)
class WriteJob:
    """What writing any stale brief needs, set up once. Worker processes are forked with it:
    they inherit it (and the registered fonts) instead of receiving a pickled copy."""

    project: Project
    art: Artwork
    out_dir: Path
    history: dict[str, dict[str, Any]]
    keys: dict[str, str]  # each stale brief's data fingerprint, recorded in its PDF
    verify: bool


@dataclass(frozen=True)
class WriteResult:
    """One brief written, or why it could not be."""

    brief_id: str
    written: Written | None
    error: str | None = None


def write_all(
    job: WriteJob, brief_ids: list[str], jobs: int | None, progress: Callable[[str], None]
) -> dict[str, WriteResult]:
    """Write every brief of `brief_ids`, in up to `jobs` worker processes (default: one per
    core); a brief that fails costs the others nothing."""
    workers = min(jobs or os.cpu_count() or 1, len(brief_ids))
    if workers > 1:
        return _write_in_workers(job, brief_ids, workers, progress)
    results = {}
    for brief_id in brief_ids:
        results[brief_id] = write_brief(job, brief_id)
        progress(brief_id)
    return results


def write_brief(job: WriteJob, brief_id: str) -> WriteResult:
    """Lay out, write and verify one brief, and put it in place of the last one only then;
    never raises."""
    from .layout.brief import lay_out
    from .verify import NotAccessible, verify
    from .write import TooLarge, Written, write_pdf

    project = job.project
    target = job.out_dir / project.output_name(brief_id)
    try:
        laid = lay_out(project, brief_id, job.art, job.history)
        with replacing(target) as tmp:  # the last good PDF is replaced once this block ends
            pages = write_pdf(project, laid, tmp, job.keys[brief_id])
            if job.verify and (findings := verify(tmp, scripts=False).findings):
                raise NotAccessible(findings)
        written = Written(brief_id, target, pages, target.stat().st_size)
    except TooLarge as exc:
        return WriteResult(brief_id, None, str(exc.problem))
    except NotAccessible as exc:
        return WriteResult(
            brief_id, None, f"fails its accessibility check ({exc}); please report it"
        )
    except OSError as exc:
        return WriteResult(brief_id, None, f"cannot be written ({exc.strerror or exc})")
    except Exception as exc:  # one brief's bug must not cost the others their PDFs
        error = f"internal error ({type(exc).__name__}: {exc}); please report it"
        return WriteResult(brief_id, None, error)
    return WriteResult(brief_id, written)


def _write_in_workers(
    job: WriteJob, brief_ids: list[str], workers: int, progress: Callable[[str], None]
) -> dict[str, WriteResult]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from .children import held

    # Forked workers get the job as the pool's initializer argument without pickling it.
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    others = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(job, os.getpid())
    )
    results = {}
    try:
        with held():  # the first submit forks the workers
            futures = [pool.submit(_write_in_worker, brief_id) for brief_id in brief_ids]
        for future in as_completed(futures):
            result = future.result()
            results[result.brief_id] = result
            progress(result.brief_id)
    except BaseException:  # Ctrl+C, SIGTERM: the workers end now, not after their brief
        pool.shutdown(wait=False, cancel_futures=True)
        for worker in set(multiprocessing.active_children()) - others:
            worker.kill()
            worker.join()
        raise
    pool.shutdown()
    return results


# A worker process's job, set once when the process starts (never in the building process).
_worker_job: WriteJob | None = None


def _start_worker(job: WriteJob, parent: int) -> None:
    from .children import serve

    global _worker_job
    serve(parent)
    _worker_job = job


def _write_in_worker(brief_id: str) -> WriteResult:
    assert _worker_job is not None, "a worker process is started with its job"
    return write_brief(_worker_job, brief_id)

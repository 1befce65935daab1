"""The processes a build forks (the chart drawer, the workers writing briefs). They leave
Ctrl+C to the building process, which decides and ends them, and they end with it should it
be killed: an orphan would burn CPU and outlive the build it belonged to."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
# The signals that stop a build: Ctrl+C's, a cancelled job's, a closed terminal's.
STOPS = frozenset(
    s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None
)


def serve(parent: int) -> None:
    """Set up a child of process `parent`, as the first thing it does: the signals that stop
    a build, which reach every process of the build's group (Ctrl+C, a closed terminal), are
    left to the parent, and no longer held (`held`); and the child ends when the parent does
    (at once on Linux; elsewhere within half a second)."""
    for signum in STOPS:
        signal.signal(signum, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)
    if not _signalled_with_parent(signal.SIGKILL):
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent ended before the child was set up
        os._exit(1)


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Hold the signals that stop a build while the block forks: one that landed in a fork's
    callbacks (logging's, multiprocessing's), which print and drop what they raise, would be
    lost; held, it is handled as the block ends. The children start with them held (serve)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def stop_with_parent(parent: int) -> None:
    """In a command's child of the build server `parent` (Linux only): should the server
    end, the command is stopped as SIGTERM stops it (a build keeps its last good PDFs)."""
    _signalled_with_parent(signal.SIGTERM)
    if os.getppid() != parent:  # the server ended before the child was set up
        os._exit(143)


def _signalled_with_parent(signum: int) -> bool:
    """Ask the kernel to send this process `signum` when its parent ends; False where it
    cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)

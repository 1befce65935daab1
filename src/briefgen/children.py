"""The processes a build forks (the chart drawer, the workers writing briefs). They leave
Ctrl+C to the building process, which decides and ends them, and they end with it should it
be killed: an orphan would burn CPU and outlive the build it belonged to."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def serve(parent: int) -> None:
    """Set up a child of process `parent`, as the first thing it does: Ctrl+C, which the
    terminal sends to every process of the build, is left to the parent, as are SIGTERM and
    SIGHUP (sent to the group, they would meet the handler the child inherited); and the child
    ends when the parent does (at once on Linux; elsewhere within half a second)."""
    for signum in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            signal.signal(signum, signal.SIG_IGN)
    if not _signalled_with_parent(signal.SIGKILL):
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent ended before the child was set up
        os._exit(1)


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

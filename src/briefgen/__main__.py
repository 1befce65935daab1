"""`briefgen` and `python -m briefgen`: the command line, run by the build server when one
answers (client.py), else here, loaded so that Ctrl+C pressed while it loads ends it quietly
too (exit code 130), never with a traceback."""

import contextlib
import io
import os
import sys
from collections.abc import Callable
from typing import Any


def main() -> None:
    """Run the command in the build server, or here (after a build run here, start one); then
    end the process at once."""
    args = sys.argv[1:]
    try:
        from . import client

        code = client.forward(args)
    except KeyboardInterrupt:
        code = 130
    if code is None:
        try:
            code = exit_code(run, args)
        finally:
            if _one_off_build(args):
                client.start()
    _end(code)


def run(args: list[str]) -> int:
    """Run the command `args` (the words after `briefgen`): its exit code."""
    _forgiving_stdout()
    try:
        _start_drawing(args)
        from .cli import main as command
    except KeyboardInterrupt:
        return 130
    return command(args=args, prog_name="briefgen")


class _Reader(io.RawIOBase):
    """Standard output's file descriptor, written as os.write writes it; once its reader has
    gone (`briefgen schema | head`), what is written is dropped, and the command ends as it
    would have, had all of it been read: no broken pipe, whenever the reader stopped."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd
        self._gone = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data: Any) -> int:
        view = memoryview(data)
        while view and not self._gone:
            try:
                view = view[os.write(self._fd, view) :]
            except BrokenPipeError:
                self._gone = True
        return len(data)


def _forgiving_stdout() -> None:
    """Standard output as it is (encoding, errors, buffering), over a _Reader."""
    out = sys.stdout
    if out is None or out.closed:
        return
    with contextlib.suppress(OSError, ValueError, AttributeError):
        out.flush()
        raw = _Reader(out.fileno())
        buffered = isinstance(out.buffer, io.BufferedWriter)  # not with PYTHONUNBUFFERED
        sys.stdout = io.TextIOWrapper(
            io.BufferedWriter(raw) if buffered else raw,
            encoding=out.encoding,
            errors=out.errors,
            line_buffering=out.line_buffering,
            write_through=out.write_through,
        )


def exit_code(command: Callable[[list[str]], int], args: list[str]) -> int:
    """The exit code `command(args)` ends with (Click's commands end with SystemExit)."""
    try:
        return command(args)
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            return done.code or 0
        print(done.code, file=sys.stderr)
        return 1


def _end(code: int) -> None:
    """End the process now, its output flushed: Python's own shutdown, which tears down the
    thousand modules a build loads (60-100 ms), does nothing a finished command needs: its
    files are closed and in place, its child processes ended."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)


def _one_off_build(args: list[str]) -> bool:
    """Whether `args` ask for one build (not --watch, which keeps running, nor help): one
    starts its chart drawer at once, and, run here, leaves a server behind."""
    return bool(args) and args[0] == "build" and not {"--watch", "-h", "--help"} & set(args)


def _start_drawing(args: list[str]) -> None:
    """For `briefgen build` (not --watch, which starts its own), start the chart-drawing
    process before the command line loads (drawer.start_drawing); the build decides whether
    it is needed. Only the brief ids, --project and --no-cache matter here, and a mistake
    costs time, never a wrong build: click parses the command line."""
    if not _one_off_build(args):
        return
    root, briefs, rest = ".", [], iter(args[1:])
    for arg in rest:
        if arg == "--project":
            root = next(rest, root)
        elif arg.startswith("--project="):
            root = arg.removeprefix("--project=")
        elif arg in ("--out", "--jobs", "-j"):
            next(rest, None)
        elif not arg.startswith("-"):
            briefs.append(arg)
    from pathlib import Path

    from .build import pause_collection
    from .drawer import start_drawing

    pause_collection()
    start_drawing(Path(root), tuple(briefs), "--no-cache" not in args)


if __name__ == "__main__":
    main()

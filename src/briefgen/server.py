"""The build server (`python -m briefgen.server FINGERPRINT`, started by client.start): it
loads what a command needs once, then forks a child per command, which runs it as a fresh
`briefgen` process would (see client.py for what it promises and how it is reached)."""

from __future__ import annotations

import contextlib
import fcntl
import marshal
import os
import selectors
import signal
import socket
import struct
import sys
import time
from dataclasses import dataclass
from typing import Any

from . import client

# What commands load, loaded once here: each command's child has it from the start.
_PRELOADED = (
    "briefgen.cli",
    "briefgen.build",
    "briefgen.checks",
    "briefgen.load",
    "briefgen.plan",
    "briefgen.validate",
    "briefgen.workers",
    "briefgen.write",
    "briefgen.layout.brief",
    "briefgen.verify",
    "briefgen.fonts",
    "briefgen.diff",
    "briefgen.audit",
    "briefgen.svgpaths",
    "babel.lists",
    "babel.numbers",
    "PIL.ImageCms",
    "_strptime",
    # a chart drawn again is drawn in the child itself, not after a new process imports these
    "matplotlib.figure",
    "matplotlib.backends.backend_svg",
)


def serve(code: str) -> None:
    """Serve commands on the socket of code `code` until idle for BRIEFGEN_SERVER_IDLE
    seconds or asked to stop; return at once if another server of this code runs, or if
    the code installed now is not `code`."""
    where = client.folder(create=True)
    if where is None or code != client.fingerprint():
        return
    path = client.address(where, code)
    with open(os.path.join(where, f"{code}.lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return  # another server of this code runs, or is starting
        warm()
        client.stop_all(except_code=code)  # a server of other code is never asked again
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # left by a server that was killed
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        previous = os.umask(0o077)
        try:
            listener.bind(path)
        finally:
            os.umask(previous)
        listener.listen(8)
        server = _Server(listener, path, lock.fileno())
        try:
            server.run(_idle_seconds())
        finally:
            server.close()
            with contextlib.suppress(OSError):
                os.unlink(lock.name)


def warm() -> None:
    """Load what commands load, and compute what they compute, the same for every project:
    the modules (matplotlib's too), the PDF/A colour profile, English number formats (here,
    and in `--watch` before the first save)."""
    import importlib

    for name in _PRELOADED:
        importlib.import_module(name)
    from babel.numbers import format_decimal

    from .metadata import srgb_profile

    srgb_profile()
    format_decimal(1234.5, locale="en")


def _idle_seconds() -> float:
    try:
        return float(os.environ.get(client.IDLE, client.DEFAULT_IDLE))
    except ValueError:
        return client.DEFAULT_IDLE


@dataclass
class _Child:
    """A child running a caller's command."""

    pid: int
    caller: socket.socket  # told the exit code when the child ends
    learnt: int  # the pipe the child tells the fonts it registered through (see _learn)


class _Server:
    """The loop: accept commands, fork a child for each, tell each caller its child's exit
    code when the child ends (its pidfd becomes readable), stop a child whose caller is gone
    (killed: its socket reads as closed); when idle or asked to stop, take no more commands
    and end once the children running have ended."""

    def __init__(self, listener: socket.socket, path: str, lock: int) -> None:
        self.listener = listener
        self.path = path
        self.inode = os.stat(path).st_ino
        self.lock = lock
        self.selector = selectors.DefaultSelector()
        self.selector.register(listener, selectors.EVENT_READ, None)
        self.children: dict[int, _Child] = {}  # by pidfd
        self.served = 0

    def run(self, idle: float) -> None:
        last = time.monotonic()
        while self.listener.fileno() != -1 or self.children:
            wait = None if self.children else max(0.0, last + idle - time.monotonic())
            events = self.selector.select(timeout=wait)
            if not events and not self.children:
                return
            for key, _mask in events:
                if key.data is None:
                    self.accept()
                elif key.data[1] in self.children:  # not ended earlier in this batch
                    event, pidfd = key.data
                    (self.hung_up if event == "caller" else self.ended)(pidfd)
            last = time.monotonic()

    def accept(self) -> None:
        connection, _ = self.listener.accept()
        answer = _answer(connection, self)
        if answer is None:
            self.close()
        elif answer:
            child, pidfd = answer
            self.children[pidfd] = child
            self.selector.register(pidfd, selectors.EVENT_READ, ("ended", pidfd))
            self.selector.register(child.caller, selectors.EVENT_READ, ("caller", pidfd))
            self.served += 1

    def hung_up(self, pidfd: int) -> None:
        """The caller of a child is gone (it sends nothing after its request): stop the
        child as a build is stopped, keeping the last good PDFs."""
        child = self.children[pidfd]
        self.selector.unregister(child.caller)
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGTERM)

    def ended(self, pidfd: int) -> None:
        child = self.children.pop(pidfd)
        self.selector.unregister(pidfd)
        with contextlib.suppress(KeyError):
            self.selector.unregister(child.caller)
        os.close(pidfd)
        _, status = os.waitpid(child.pid, 0)
        with contextlib.suppress(OSError):
            client.send(child.caller, {"exit": _exit_code(status)})
        child.caller.close()
        _learn(child.learnt)

    def close(self) -> None:
        """Take no more commands: callers find no server (and run their commands
        themselves). The socket's file is removed unless another server's replaced it."""
        if self.listener.fileno() == -1:
            return
        self.selector.unregister(self.listener)
        with contextlib.suppress(OSError):
            if os.stat(self.path).st_ino == self.inode:
                os.unlink(self.path)
        self.listener.close()

    def forget(self) -> None:
        """In a child: close what is the server's (its socket, lock, the other commands'
        callers and children), so that only the server answers callers."""
        self.selector.close()
        self.listener.close()
        os.close(self.lock)
        for pidfd, child in self.children.items():
            child.caller.close()
            os.close(child.learnt)
            os.close(pidfd)


def _learn(learnt: int) -> None:
    """Parse the fonts a child registered (what it wrote to the pipe `learnt` before it
    ended), so that the next command's child has them parsed already."""
    from . import fonts

    with open(learnt, "rb") as pipe:
        data = pipe.read()
    with contextlib.suppress(ValueError, TypeError, EOFError):
        fonts.preload([tuple(font) for font in marshal.loads(data)] if data else [])


def _exit_code(status: int) -> int:
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 128 - code  # killed by a signal, as a shell reports it


def _answer(connection: socket.socket, server: _Server) -> tuple[_Child, int] | bool | None:
    """Answer one connection: None to stop the server; the child forked to run a command and
    its pidfd; False when it was a question, answered at once, or a request refused."""
    fds: list[int] = []
    try:
        if not _same_user(connection):
            connection.close()
            return False
        message, fds = client.request(connection)
        if message.get("stop") or message.get("status"):
            answer = {"pid": os.getpid(), "served": server.served, "running": len(server.children)}
            client.send(connection, answer)
            connection.close()
            return None if message.get("stop") else False
        if len(fds) != 3:
            raise ValueError("a command comes with its three standard streams")
    except (OSError, ValueError, EOFError, TypeError):
        for fd in fds:
            os.close(fd)
        connection.close()
        return False
    learnt, teach = os.pipe()
    pid = os.fork()
    if pid == 0:
        server.forget()
        connection.close()
        os.close(learnt)
        _run(message, fds, teach)
    for fd in (*fds, teach):
        os.close(fd)
    with contextlib.suppress(OSError):
        client.send(connection, {"pid": pid})
    return _Child(pid, connection, learnt), os.pidfd_open(pid)


def _same_user(connection: socket.socket) -> bool:
    credentials = connection.getsockopt(
        socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")
    )
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return uid == os.getuid()


def _run(message: dict[str, Any], fds: list[int], teach: int) -> None:
    """In the child: become the caller's command (its folder, umask, environment and standard
    streams), run it, tell the server through the pipe `teach` which fonts it registered,
    and exit with its exit code. The child holds no socket: only the server answers."""
    code = 70
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(message["cwd"])
        os.umask(message["umask"])
        os.environ.clear()
        os.environ.update(message["env"])
        time.tzset()
        encodings = message["encoding"]
        sys.stdin = open(0, encoding=encodings[2], closefd=False)  # noqa: SIM115
        sys.stdout = _text(1, encodings[0])
        sys.stderr = _text(2, encodings[1])
        sys.argv = ["briefgen", *message["argv"]]
        signal.signal(signal.SIGINT, signal.default_int_handler)
        from .__main__ import exit_code, run

        code = exit_code(run, message["argv"])
    except KeyboardInterrupt:
        code = 130
    except BaseException:
        with contextlib.suppress(Exception):
            if os.environ.get("BRIEFGEN_DEBUG"):
                import traceback

                traceback.print_exc()
            sys.stderr.write("internal error (in the build server); please report it\n")
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        with contextlib.suppress(Exception), open(teach, "wb") as pipe:
            from . import fonts

            pipe.write(marshal.dumps(fonts.registered()))
        os._exit(code)


def _text(fd: int, encoding: str | None) -> Any:
    """A text stream on `fd`, buffered by line on a terminal, as Python's own are."""
    line = 1 if os.isatty(fd) else -1
    return open(fd, "w", buffering=line, encoding=encoding, closefd=False)


if __name__ == "__main__":
    serve(sys.argv[1])

"""The build server (`python -P -m briefgen.server FINGERPRINT`, started by client.start): it
loads what a command needs once, then forks a child per command, which runs it as a fresh
`briefgen` process would (see client.py for what it promises and how it is reached)."""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
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
)
# How often (seconds) the server checks that its socket is still there to be reached by.
_CHECK = 30.0
# The most a child tells the server of the fonts it used: less than a pipe holds.
_LEARNT = 60_000


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
        _remove_stale_locks(where, code)
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


def warm() -> None:
    """Load what commands load, and compute what they compute, the same for every project:
    the modules (matplotlib's too), the PDF/A colour profile, English number formats (here,
    and in `--watch` before the first build)."""
    import importlib

    for name in _PRELOADED:
        importlib.import_module(name)
    # a chart drawn again is drawn by a drawer forked from the child, with nothing to import
    from .chart import load_matplotlib

    load_matplotlib()
    from babel.numbers import format_decimal

    from .metadata import srgb_profile

    srgb_profile()
    format_decimal(1234.5, locale="en")


def _remove_stale_locks(where: str, code: str) -> None:
    """Remove the lock files of servers of this installation's earlier code that no server
    holds any more (each code has its own; an edited file makes a new one)."""
    ours = client.installation(code)
    for name in os.listdir(where):
        if name.startswith(ours) and name.endswith(".lock") and name != f"{code}.lock":
            with contextlib.suppress(OSError), open(os.path.join(where, name), "a") as other:
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
                os.unlink(other.name)


def _idle_seconds() -> float:
    """BRIEFGEN_SERVER_IDLE, between a second and a week; the default if it is not a number."""
    try:
        seconds = float(os.environ.get(client.IDLE, client.DEFAULT_IDLE))
    except ValueError:
        return client.DEFAULT_IDLE
    return client.DEFAULT_IDLE if math.isnan(seconds) else min(max(seconds, 1.0), 7 * 86400.0)


@dataclass
class _Child:
    """A child running a caller's command."""

    pid: int
    pidfd: int
    caller: socket.socket  # told the exit code when the child ends
    learnt: int  # the pipe the child tells the fonts it registered through (see _learn)


class _Server:
    """The loop: accept commands, fork a child for each, tell each caller its child's exit
    code when the child ends (its pidfd becomes readable), stop a child whose caller is gone
    (killed: its socket reads as closed); when idle or asked to stop, or once its socket is
    gone, take no more commands and end when the children running have ended."""

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
            left = last + idle - time.monotonic()
            if not self.children and left <= 0:
                return
            events = self.selector.select(timeout=min(_CHECK, left) if left > 0 else _CHECK)
            if not events and not self._reachable():
                self.close()
            for key, _mask in events:
                if key.data is None:
                    self.accept()
                elif key.data[1] in self.children:  # not ended earlier in this batch
                    event, pidfd = key.data
                    (self.hung_up if event == "caller" else self.ended)(pidfd)
            if events:
                last = time.monotonic()

    def _reachable(self) -> bool:
        """Whether the socket file is still this server's (a cleaner may remove it)."""
        try:
            return os.stat(self.path).st_ino == self.inode
        except OSError:
            return False

    def accept(self) -> None:
        connection, _ = self.listener.accept()
        connection.settimeout(client.ANSWER)  # a caller that says nothing holds no one up
        try:
            answer = _answer(connection, self)
        except Exception:  # a request this code did not foresee: refused, the server goes on
            connection.close()
            return
        if answer is None:
            self.close()
        elif answer:
            self.children[answer.pidfd] = answer
            self.selector.register(answer.pidfd, selectors.EVENT_READ, ("ended", answer.pidfd))
            self.selector.register(answer.caller, selectors.EVENT_READ, ("caller", answer.pidfd))
            self.served += 1

    def status(self) -> dict[str, Any]:
        """What `briefgen server status` shows."""
        return {"pid": os.getpid(), "served": self.served, "running": len(self.children)}

    def hung_up(self, pidfd: int) -> None:
        """The caller of a child is gone (it sends nothing after its request): stop the
        child as a build is stopped, keeping the last good PDFs."""
        child = self.children[pidfd]
        self.selector.unregister(child.caller)
        with contextlib.suppress(OSError):
            signal.pidfd_send_signal(pidfd, signal.SIGTERM)

    def ended(self, pidfd: int) -> None:
        child = self.children.pop(pidfd)
        self.selector.unregister(pidfd)
        with contextlib.suppress(KeyError):
            self.selector.unregister(child.caller)
        _, status = os.waitpid(child.pid, 0)
        os.close(pidfd)
        with contextlib.suppress(OSError):
            client.send(child.caller, {"exit": _exit_code(status)})
        child.caller.close()
        _learn(child.learnt)

    def close(self) -> None:
        """Take no more commands: callers find no server (and run their commands themselves),
        and a new server may start while the commands running end. The socket's file is
        removed unless another server's replaced it."""
        if self.listener.fileno() == -1:
            return
        self.selector.unregister(self.listener)
        if self._reachable():
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        self.listener.close()
        fcntl.flock(self.lock, fcntl.LOCK_UN)

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
    with contextlib.suppress(ValueError, TypeError):
        fonts.preload([(str(n), str(p), bool(s)) for n, p, s in json.loads(data or b"[]")])


def _exit_code(status: int) -> int:
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 128 - code  # killed by a signal, as a shell reports it


def _answer(connection: socket.socket, server: _Server) -> _Child | bool | None:
    """Answer one connection: None to stop the server; the child forked to run a command;
    False when it was a question, answered at once, or a request refused."""
    fds: list[int] = []
    try:
        if not _same_user(connection):
            raise ValueError("another user's")
        message = client.receive(connection)
        if message.get("stop") or message.get("status"):
            client.send(connection, server.status())
            _close(connection, fds)
            return None if message.get("stop") else False
        if not _well_formed(message):
            raise ValueError("not a command to run")
        client.send(connection, {"ready": True})
        _streams, fds = client.receive_with_fds(connection, 3)
        if len(fds) != 3 or _gone(connection):
            raise ValueError("not a command to run")
    except (OSError, ValueError, EOFError):
        _close(connection, fds)
        return False
    learnt, teach = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        server.forget()
        connection.close()
        os.close(learnt)
        _run(message, fds, teach, parent)
    for fd in (*fds, teach):
        os.close(fd)
    pidfd = os.pidfd_open(pid)
    with contextlib.suppress(OSError):
        client.send(connection, {"pid": pid}, fds=[pidfd])
    return _Child(pid, pidfd, connection, learnt)


def _close(connection: socket.socket, fds: list[int]) -> None:
    for fd in fds:
        os.close(fd)
    connection.close()


def _same_user(connection: socket.socket) -> bool:
    credentials = connection.getsockopt(
        socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")
    )
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return uid == os.getuid()


def _well_formed(message: dict[str, Any]) -> bool:
    """Whether a request holds a command as client.forward sends it."""
    argv, env, streams = message.get("argv"), message.get("env"), message.get("streams")
    return (
        isinstance(argv, list)
        and all(isinstance(a, str) for a in argv)
        and isinstance(message.get("cwd"), str)
        and isinstance(message.get("umask"), int)
        and isinstance(env, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in env.items())
        and isinstance(streams, list)
        and len(streams) == 3
        and all(s is None or isinstance(s, dict) for s in streams)
    )


def _gone(connection: socket.socket) -> bool:
    """Whether the caller has hung up already (it waited too long for an answer and runs
    its command itself): its command is not run a second time."""
    import select

    if not select.select([connection], [], [], 0)[0]:
        return False
    return connection.recv(1, socket.MSG_PEEK) == b""


def _run(message: dict[str, Any], fds: list[int], teach: int, parent: int) -> None:
    """In the child: become the caller's command (its folder, umask, environment and standard
    streams), run it, tell the server through the pipe `teach` which fonts it registered,
    and exit with its exit code. It holds no socket (only the server answers callers), and
    it stops, as a build stops, should the server end."""
    code = 70
    try:
        from .children import stop_with_parent

        stop_with_parent(parent)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(message["cwd"])
        os.umask(message["umask"])
        os.environ.clear()
        os.environ.update(message["env"])
        time.tzset()
        sys.stdin, sys.stdout, sys.stderr = (
            _stream(fd, mode, described)
            for fd, mode, described in zip((0, 1, 2), "rww", message["streams"], strict=True)
        )
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
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        with contextlib.suppress(Exception), open(teach, "wb") as pipe:
            from . import fonts

            learnt = json.dumps(fonts.registered()).encode()
            pipe.write(learnt if len(learnt) < _LEARNT else b"[]")
        os._exit(code)


def _stream(fd: int, mode: str, described: dict[str, Any] | None) -> Any:
    """A text stream on `fd` set up as the caller's was (client._described); None where
    the caller had none."""
    if described is None:
        return None
    stream = open(  # noqa: SIM115  (the process's standard stream, for its life)
        fd,
        mode,
        encoding=described.get("encoding"),
        errors=described.get("errors"),
        closefd=False,
    )
    if mode == "w":
        stream.reconfigure(
            line_buffering=bool(described.get("line_buffering")),
            write_through=bool(described.get("write_through")),
        )
    return stream


if __name__ == "__main__":
    serve(sys.argv[1])

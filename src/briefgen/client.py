"""The build server's client: `briefgen` commands run in a process that loaded briefgen already.

A fresh `briefgen build` spends most of its time importing pydantic, the data model,
ReportLab, pikepdf and matplotlib, the same each time. After a build, `briefgen` leaves a
server behind that has done those imports; the next command asks it to run, and it forks a
child per command (a copy of itself with everything loaded), which runs the command as a
fresh process would: in the caller's folder, with its umask and environment, writing to its
terminal (its standard streams are passed over the socket, and rebuilt as Python builds
them), and exiting with the command's exit code, which the caller exits with. Each child ends
with its command, so no project's data stays in memory between commands; the server itself
only parses ahead the font files its last command registered, for the next.

The server listens on a socket only its user can reach (a folder of mode 0700 in
$XDG_RUNTIME_DIR, or in the temporary folder, checked before use; the peer's user id is
checked on every connection), named after the installed code's fingerprint: a server of
other code (briefgen or a library upgraded, a file edited) is never asked, and a new server of
the same installation stops it. Every wait on a server is bounded: one that does not answer
is passed over, and the command runs in its own process. A server ends after
BRIEFGEN_SERVER_IDLE seconds without a command (default 1200) and on `briefgen server stop`.
BRIEFGEN_SERVER=off runs every command in its own process, as does any run with CI set
(unless BRIEFGEN_SERVER=on) and any system but Linux.

This module is imported before anything else by every `briefgen` command, so it imports
only the standard library's light modules; the server is `server.py`.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import stat
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TextIO

ENVIRONMENT = "BRIEFGEN_SERVER"
IDLE = "BRIEFGEN_SERVER_IDLE"
DEFAULT_IDLE = 1200.0
# Seconds a server may take to answer before it is passed over (it forks in milliseconds).
ANSWER = 3.0


def enabled() -> bool:
    """Whether commands may run in a server here (see the module's docstring)."""
    setting = os.environ.get(ENVIRONMENT, "").strip().lower()
    if setting in ("off", "0", "no", "false"):
        return False
    if os.environ.get("CI") and setting not in ("on", "1", "yes", "true"):
        return False
    return sys.platform.startswith("linux") and hasattr(signal, "pidfd_send_signal")


def folder(create: bool = False) -> str | None:
    """The folder of this user's server sockets, if it is this user's alone; None if not."""
    base = os.environ.get("XDG_RUNTIME_DIR", "").strip()
    if base:
        path = os.path.join(base, "briefgen")
    else:
        temporary = os.environ.get("TMPDIR", "").strip() or "/tmp"
        path = os.path.join(temporary, f"briefgen-{os.getuid()}")
    if create:
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return None
    try:
        info = os.lstat(path)
    except OSError:
        return None
    private = info.st_uid == os.getuid() and info.st_mode & 0o077 == 0
    return path if private and stat.S_ISDIR(info.st_mode) else None


def fingerprint() -> str:
    """What identifies the installed code, as INSTALLATION-VERSION: the installation is the
    interpreter and briefgen's folder; the version, briefgen's files (their sizes and times),
    the folders packages are installed in (an install or upgrade changes them) and
    PYTHONPATH."""
    import hashlib
    import site

    python = os.path.realpath(sys.executable)
    package = os.path.dirname(os.path.abspath(__file__))
    parts = [python, sys.version, package, os.environ.get("PYTHONPATH", "")]
    for top, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(top, name))
                parts.append(f"{top}/{name} {info.st_size} {info.st_mtime_ns}")
    for entry in [*site.getsitepackages(), site.getusersitepackages()]:
        if os.path.isdir(entry):
            parts.append(f"{entry} {os.stat(entry).st_mtime_ns}")
    installation = hashlib.sha256(f"{python}\n{package}".encode()).hexdigest()[:8]
    return f"{installation}-{hashlib.sha256(chr(10).join(parts).encode()).hexdigest()[:16]}"


def installation(code: str) -> str:
    """The prefix of the fingerprint `code` (see fingerprint) its installation's share."""
    return code.split("-")[0] + "-"


def address(where: str, code: str) -> str:
    """The socket of the server of code `code` in the folder `where`."""
    return os.path.join(where, f"{code}.sock")


# The client: the `briefgen` process a user starts.


def forward(argv: list[str]) -> int | None:
    """Run the command `argv` in a server of this code, if one answers: its exit code. None
    when none answers in time (or servers are off here): the caller runs the command itself,
    as it does `briefgen server …`, which is about the server."""
    if argv[:1] == ["server"] or not enabled() or (where := folder()) is None:
        return None
    try:
        mask = os.umask(0o022)
        os.umask(mask)
        request = {
            "argv": argv,
            "cwd": os.getcwd(),
            "env": dict(os.environ),
            "umask": mask,
            "streams": [_described(s) for s in (sys.stdin, sys.stdout, sys.stderr)],
        }
        connection = _connect(address(where, fingerprint()))
    except OSError:  # no server, or a current folder deleted: the command says what it can
        return None
    with connection:
        try:
            send(connection, request)
            # the standard streams only once the server is there to take them: streams sent
            # to a server that never reads them would stay open in the socket, and a reader
            # of this command's output would wait for their end
            if receive(connection).get("ready") is not True:
                return None
            send(connection, {"streams": True}, fds=[0, 1, 2])
            reply, fds = receive_with_fds(connection, 1)
        except (OSError, EOFError, ValueError):
            return None  # the server did not start the command: run it here
        if "pid" not in reply or len(fds) != 1:
            for fd in fds:
                os.close(fd)
            return None
        [child] = fds
        connection.settimeout(None)
        try:
            return _wait(connection, child)
        finally:
            os.close(child)


def _described(stream: TextIO | None) -> dict[str, Any] | None:
    """How Python set up a standard stream (the child sets up its own the same way)."""
    if stream is None:
        return None
    return {
        "encoding": getattr(stream, "encoding", None),
        "errors": getattr(stream, "errors", None),
        "line_buffering": getattr(stream, "line_buffering", False),
        "write_through": getattr(stream, "write_through", False),
    }


def _connect(path: str) -> socket.socket:
    """A connection to the socket `path`, each wait on it bounded by ANSWER seconds."""
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.settimeout(ANSWER)
    try:
        connection.connect(path)
    except OSError:
        connection.close()
        raise
    return connection


def _wait(connection: socket.socket, child: int) -> int:
    """The command's exit code, once the server's child running it (`child`, its pidfd) has
    ended. Ctrl+C, Ctrl+Z and the signals that stop a build are passed on to the child; after
    a Ctrl+C, it is passed on each second until the child ends (Python drops one that lands
    in a library's cleanup callback). If the server ends first, the child is stopped."""
    _pass_signals_on(child)
    stopping = False
    while True:
        try:
            if stopping and not select.select([connection], [], [], 1.0)[0]:
                _signal(child, signal.SIGINT)
                continue
            return receive(connection)["exit"]
        except KeyboardInterrupt:
            stopping = True
            _signal(child, signal.SIGINT)
        except (OSError, EOFError, KeyError, ValueError, TypeError):
            _signal(child, signal.SIGTERM)  # it stops as a build does, keeping good PDFs
            select.select([child], [], [], 30.0)
            sys.stderr.write("internal error (the build server ended); please report it\n")
            return 70


def _pass_signals_on(child: int) -> None:
    """SIGTERM and SIGHUP stop the child; Ctrl+Z stops the child, then this process, and
    going on again (SIGCONT) lets the child go on."""

    def pass_on(signum: int, _frame: Any) -> None:
        _signal(child, signum)

    def suspend(_signum: int, _frame: Any) -> None:
        _signal(child, signal.SIGSTOP)
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)  # stopped here until `fg` sends SIGCONT
        signal.signal(signal.SIGTSTP, suspend)
        _signal(child, signal.SIGCONT)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) is not signal.SIG_IGN:  # nohup's SIGHUP: ignored here too
            signal.signal(signum, pass_on)
    signal.signal(signal.SIGTSTP, suspend)


def _signal(child: int, signum: int) -> None:
    """Send a signal to the child through its pidfd (never to another process that took its
    number); nothing if it has ended."""
    with contextlib.suppress(OSError):
        signal.pidfd_send_signal(child, signum)


def start() -> None:
    """Start a server of this code in the background, unless one runs or servers are off
    here; it outlives this process, and the next command runs in it. It starts in the root
    folder, with nothing of the current folder on its module path."""
    if not enabled() or (where := folder(create=True)) is None:
        return
    code = fingerprint()
    try:
        _connect(address(where, code)).close()
        return  # one answers
    except OSError:
        pass
    import subprocess

    with open(os.devnull, "r+b") as null:
        subprocess.Popen(
            [sys.executable, "-P", "-m", "briefgen.server", code],
            cwd="/",
            stdin=null,
            stdout=null,
            stderr=null,
            start_new_session=True,
        )


def stop_all(except_code: str | None = None) -> list[int]:
    """Stop this user's servers: their process ids. With `except_code`, those of the same
    installation (see fingerprint) but the one of that code. Each ends once the commands it
    is running have ended."""

    def spared(name: str) -> bool:
        return except_code is not None and (
            not name.startswith(installation(except_code)) or name == f"{except_code}.sock"
        )

    return [reply["pid"] for _path, reply in _ask_all({"stop": True}, spared)]


def running() -> list[dict[str, Any]]:
    """The servers of this user that answer: each one's process id ("pid"), how many
    commands it ran ("served") and is running ("running"), and whether it runs the code
    installed now ("current")."""
    where = folder()
    current = None if where is None else address(where, fingerprint())
    answers = _ask_all({"status": True})
    return [
        {"served": 0, "running": 0, **reply, "current": path == current} for path, reply in answers
    ]


def _ask_all(
    question: dict[str, Any], spared: Callable[[str], bool] | None = None
) -> list[tuple[str, dict]]:
    """Each answering server's socket and its answer to `question`; `spared` says which
    sockets (by file name) not to ask."""
    where = folder()
    names = sorted(os.listdir(where)) if where is not None else []
    answers = []
    for name in names:
        if not name.endswith(".sock") or (spared is not None and spared(name)):
            continue
        path = os.path.join(where, name)
        try:
            with _connect(path) as connection:
                send(connection, question)
                answers.append((path, receive(connection)))
        except (OSError, EOFError, KeyError, ValueError, TypeError):
            continue
    return answers


# The wire: each message is a length (4 bytes) and a JSON object (which a server parses
# safely whatever it is sent). A command: the request; "ready"; the caller's standard streams
# beside a message of their own; the child's pid, its pidfd beside it; its exit code.


def send(connection: socket.socket, message: dict[str, Any], fds: list[int] = ()) -> None:
    """Send one message, with the file descriptors `fds` beside it."""
    data = json.dumps(message).encode()
    data = len(data).to_bytes(4, "big") + data
    sent = socket.send_fds(connection, [data], list(fds)) if fds else 0
    if sent < len(data):
        connection.sendall(data[sent:])


def receive(connection: socket.socket) -> dict[str, Any]:
    """The next message on the connection; EOFError if it was closed first."""
    size = int.from_bytes(_exactly(connection, 4), "big")
    return _message(_exactly(connection, size))


def receive_with_fds(connection: socket.socket, count: int) -> tuple[dict[str, Any], list[int]]:
    """The next message and the (up to `count`) file descriptors that came with it."""
    data, fds, _flags, _address = socket.recv_fds(connection, 1 << 16, count)
    try:
        if not data:
            raise EOFError("the connection was closed")
        data = _exactly(connection, 4, data)
        data = _exactly(connection, 4 + int.from_bytes(data[:4], "big"), data)
        return _message(data[4:]), fds
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise


def _message(data: bytes) -> dict[str, Any]:
    message = json.loads(data)
    if not isinstance(message, dict):
        raise ValueError("a message is a JSON object")
    return message


def _exactly(connection: socket.socket, size: int, data: bytes = b"") -> bytes:
    """`data` followed by what the connection sends until there are `size` bytes."""
    while len(data) < size:
        more = connection.recv(size - len(data))
        if not more:
            raise EOFError("the connection was closed")
        data += more
    return data

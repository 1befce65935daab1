"""The build server's client: `briefgen` commands run in a process that loaded briefgen already.

A fresh `briefgen build` spends most of its time importing pydantic, the data model,
ReportLab and pikepdf, the same each time. After a build, `briefgen` leaves a server behind
that has done those imports; the next command asks it to run, and it forks a child per
command (a copy of itself with everything loaded), which runs the command exactly as a
fresh process would: in the caller's folder, with the caller's environment, writing to the
caller's terminal (its standard streams are passed over the socket), and exiting with the
command's exit code, which the caller exits with. Each child ends with its command, so no
project's data stays in memory between commands. The server itself reads no project: it
parses ahead the font files its last command registered, for the next.

The server listens on a socket only its user can reach (a folder of mode 0700 in
$XDG_RUNTIME_DIR, or in the temporary folder, checked before use; the peer's user id is
checked on every connection), named after the installed code's fingerprint: a server of
other code (briefgen or a library upgraded, a file edited) is never asked, and the new one
stops it. A server ends after BRIEFGEN_SERVER_IDLE seconds without a command (default 1200)
and on `briefgen server stop`. BRIEFGEN_SERVER=off runs every command in its own process,
as does any run with CI set (unless BRIEFGEN_SERVER=on) and any system but Linux.

This module is imported before anything else by every `briefgen` command, so it imports
only the standard library's light modules; the server is `server.py`.
"""

from __future__ import annotations

import marshal
import os
import select
import signal
import socket
import stat
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

ENVIRONMENT = "BRIEFGEN_SERVER"
IDLE = "BRIEFGEN_SERVER_IDLE"
DEFAULT_IDLE = 1200.0


def enabled() -> bool:
    """Whether commands may run in a server here (see the module's docstring)."""
    setting = os.environ.get(ENVIRONMENT, "").strip().lower()
    if setting in ("off", "0", "no", "false"):
        return False
    if os.environ.get("CI") and setting not in ("on", "1", "yes", "true"):
        return False
    return sys.platform.startswith("linux") and hasattr(os, "pidfd_open")


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
    """What identifies the installed code: the interpreter, briefgen's files (their sizes and
    times) and the folders packages are installed in (an install or upgrade changes them)."""
    import hashlib

    package = os.path.dirname(os.path.abspath(__file__))
    parts = [sys.executable, sys.version, package]
    for top, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(top, name))
                parts.append(f"{top}/{name} {info.st_size} {info.st_mtime_ns}")
    for entry in sys.path[1:]:  # the first is the script's folder, or the current one
        if entry and os.path.isdir(entry):
            parts.append(f"{entry} {os.stat(entry).st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def address(where: str, code: str) -> str:
    """The socket of the server of code `code` in the folder `where`."""
    return os.path.join(where, f"{code}.sock")


# The client: the `briefgen` process a user starts.


def forward(argv: list[str]) -> int | None:
    """Run the command `argv` in a server of this code, if one answers: its exit code. None
    when none answers (or servers are off here): the caller runs the command itself, as it
    does `briefgen server …`, which is about the server."""
    if argv[:1] == ["server"] or not enabled() or (where := folder()) is None:
        return None
    try:
        connection = _connect(address(where, fingerprint()))
    except OSError:
        return None
    with connection:
        mask = os.umask(0o022)
        os.umask(mask)
        request = {
            "argv": argv,
            "cwd": os.getcwd(),
            "env": dict(os.environ),
            "umask": mask,
            "encoding": [getattr(s, "encoding", None) for s in (sys.stdout, sys.stderr, sys.stdin)],
        }
        try:
            send(connection, request, fds=[0, 1, 2])
            child = receive(connection)["pid"]
        except (OSError, EOFError, KeyError, ValueError, TypeError):
            return None  # the server ended before it ran the command: run it here
        return _wait(connection, child)


def _connect(path: str) -> socket.socket:
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(path)
    except OSError:
        connection.close()
        raise
    return connection


def _wait(connection: socket.socket, child: int) -> int:
    """The command's exit code, once the server's child running it has ended; Ctrl+C and the
    signals that stop a build are passed on to the child, which stops as a build does. After
    a Ctrl+C, it is passed on again each second until the child ends: Python drops one that
    lands while a library's cleanup callback runs."""

    def pass_on(signum: int, _frame: Any) -> None:
        os.kill(child, signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, pass_on)
    stopping = False
    while True:
        try:
            if stopping and not select.select([connection], [], [], 1.0)[0]:
                os.kill(child, signal.SIGINT)
                continue
            return receive(connection)["exit"]
        except KeyboardInterrupt:
            stopping = True
            os.kill(child, signal.SIGINT)
        except (OSError, EOFError, KeyError, ValueError, TypeError):
            sys.stderr.write("internal error (the build server ended); please report it\n")
            return 70


def start() -> None:
    """Start a server of this code in the background, unless one runs or servers are off
    here; it outlives this process, and the next command runs in it."""
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
            [sys.executable, "-m", "briefgen.server", code],
            stdin=null,
            stdout=null,
            stderr=null,
            start_new_session=True,
        )


def stop_all(except_code: str | None = None) -> list[int]:
    """Stop every server of this user's (but the one of `except_code`): their process ids.
    Each ends once the commands it is running have ended."""
    skip = None if except_code is None else f"{except_code}.sock"
    return [reply["pid"] for _path, reply in _ask_all({"stop": True}, skip)]


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


def _ask_all(question: dict[str, Any], skip: str | None = None) -> list[tuple[str, dict]]:
    """Each answering server's socket and its answer to `question` (but the socket `skip`)."""
    where = folder()
    answers = []
    for path in _sockets(where) if where is not None else []:
        if os.path.basename(path) == skip:
            continue
        try:
            with _connect(path) as connection:
                send(connection, question)
                answers.append((path, receive(connection)))
        except (OSError, EOFError, KeyError, ValueError, TypeError):
            continue
    return answers


def _sockets(where: str) -> list[str]:
    return sorted(os.path.join(where, n) for n in os.listdir(where) if n.endswith(".sock"))


# The wire: each message is a length (4 bytes) and marshal's bytes of plain data (dicts,
# lists, strings, numbers), read only from a peer of the same user; a command's request
# carries the caller's standard streams beside it.


def send(connection: socket.socket, message: dict[str, Any], fds: list[int] = ()) -> None:
    """Send one message, with the file descriptors `fds` beside it."""
    data = marshal.dumps(message)
    data = len(data).to_bytes(4, "big") + data
    sent = socket.send_fds(connection, [data], list(fds)) if fds else 0
    if sent < len(data):
        connection.sendall(data[sent:])


def receive(connection: socket.socket) -> dict[str, Any]:
    """The next message on the connection; EOFError if it was closed first."""
    size = int.from_bytes(_exactly(connection, 4), "big")
    return marshal.loads(_exactly(connection, size))


def _exactly(connection: socket.socket, size: int, data: bytes = b"") -> bytes:
    """`data` followed by what the connection sends until there are `size` bytes."""
    while len(data) < size:
        more = connection.recv(size - len(data))
        if not more:
            raise EOFError("the connection was closed")
        data += more
    return data


def request(connection: socket.socket) -> tuple[dict[str, Any], list[int]]:
    """A command's request (see send) and the file descriptors that came with it."""
    data, fds, _flags, _address = socket.recv_fds(connection, 1 << 16, 3)
    try:
        data = _exactly(connection, 4, data)
        data = _exactly(connection, 4 + int.from_bytes(data[:4], "big"), data)
        return marshal.loads(data[4:]), fds
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise

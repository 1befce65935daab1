"""Builds ended by a signal, as Ctrl+C, a cancelled CI job, a subprocess timeout or `kill -9`
end them: no process of the build left running, no traceback, the last good PDFs kept (or
replaced by complete new ones), no temporary file left behind, and the next build not locked
out."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from briefgen import api
from briefgen.state import Store

from .conftest import STOPPED, built, copy_english

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="finds the build's processes in /proc"
)

NAMES = ("donor.pdf", "press.pdf")


def pdfs(root: Path) -> dict[str, bytes]:
    return {name: (root / "out" / name).read_bytes() for name in NAMES}


def edit(root: Path) -> None:
    """A change of data that both briefs print."""
    stats = root / "data" / "statistics.yaml"
    stats.write_text(stats.read_text().replace("value: 55770", "value: 61200", 1))


def temporaries(root: Path) -> list[Path]:
    return [p for p in (root / "out").rglob(".*") if p.name.endswith(".tmp")]


def alive(group: int) -> list[int]:
    """The processes of a process group still running (zombies are dead: only not reaped)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) == group:
            found.append(int(entry.name))
    return found


def wait_until_gone(group: int, seconds: float = 3.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := alive(group)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:
    """A project built once, its PDFs, and the PDFs its data gives once edited."""
    base = tmp_path_factory.mktemp("signals")
    root = copy_english(base / "project")
    built(api.build(root, jobs=1))
    newer = base / "newer"
    shutil.copytree(root, newer)
    edit(newer)
    built(api.build(newer, jobs=1))
    return root, pdfs(root), pdfs(newer)


def start(root: Path, *args: str) -> subprocess.Popen:
    """`briefgen build` in a process group of its own, as a shell starts a command."""
    return subprocess.Popen(
        [sys.executable, "-m", "briefgen", "build", *args],
        cwd=root,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("after", [0.2, 0.5, 1.0])
@pytest.mark.parametrize(
    "signum",
    [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGKILL],
    ids=["INT", "TERM", "HUP", "KILL"],
)
def test_a_cold_build_ended_by_a_signal(
    versions: tuple[Path, dict, dict], tmp_path: Path, signum: signal.Signals, after: float
) -> None:
    shipped, old, new = versions
    root = tmp_path / "project"
    shutil.copytree(shipped, root)
    edit(root)
    shutil.rmtree(root / "out" / ".briefgen")  # cold: no build state, no chart cache
    build = start(root, "--jobs", "2")
    time.sleep(after)
    if signum in (signal.SIGINT, signal.SIGHUP):  # Ctrl+C, a terminal closed: the whole group
        os.killpg(build.pid, signum)
    else:  # a subprocess timeout, a cancelled CI job: the command's own process
        build.send_signal(signum)
    try:
        _, err = build.communicate(timeout=30)
        assert wait_until_gone(build.pid) == [], "a process of the build outlived it"
    finally:
        for pid in alive(build.pid):
            os.kill(pid, signal.SIGKILL)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    if signum == signal.SIGKILL:
        assert build.returncode in (-signal.SIGKILL, 0)
    elif build.returncode == -signum:  # on a busy machine: before the command had started
        assert temporaries(root) == []  # or after it ended, as the interpreter shut down
    else:
        assert build.returncode in (128 + signum, 0), err  # 0: it had finished
        if build.returncode and err:  # nothing said: stopped while the command loaded
            assert re.search(STOPPED.format(signum.name), err), err
        assert temporaries(root) == []
    for name, content in pdfs(root).items():
        assert content in (old[name], new[name]), f"{name} is neither the last PDF nor a new one"
    started = time.monotonic()
    built(api.build(root))  # not refused: the lock died with the build
    assert time.monotonic() - started < 15
    assert temporaries(root) == []  # any a killed build left are cleaned
    assert pdfs(root) == new


# A build whose stopping signal lands where it is dropped: in ReportLab's import of HarfBuzz
# (which shapes Khmer text), inside a bare try/except; anywhere else, as in validation or
# after the first PDF is written; or in a fork's callbacks (logging's print and drop it).
STOPPING = textwrap.dedent(
    """
    import os, signal, sys
    import briefgen.validate as validating
    import briefgen.workers as workers
    from briefgen.__main__ import main

    where, signum, args = sys.argv[1], signal.Signals[sys.argv[2]], sys.argv[3:]

    def interrupt():
        os.kill(os.getpid(), signum)
        while True:  # until the handler runs, at the next instruction
            pass

    def swallowed(function):
        def call(*args, **kwargs):
            if where == "after the first PDF":
                result = function(*args, **kwargs)
            try:
                interrupt()
            except:  # noqa: E722
                pass
            return result if where == "after the first PDF" else function(*args, **kwargs)
        return call

    def importing_harfbuzz(event, hook_args):
        if event == "import" and hook_args[0] == "uharfbuzz":
            interrupt()

    def forking():  # once the build handles the signal: a fork the build makes
        if callable(signal.getsignal(signum)) and not os.environ.get("SIGNALLED"):
            os.environ["SIGNALLED"] = "1"
            os.kill(os.getpid(), signum)

    if where == "importing HarfBuzz":
        sys.addaudithook(importing_harfbuzz)
    elif where == "validating":
        validating.validate = swallowed(validating.validate)
    elif where == "after the first PDF":
        workers.write_brief = swallowed(workers.write_brief)
    else:
        os.register_at_fork(after_in_parent=forking)
    sys.argv = ["briefgen", "build", *args]
    main()
    """
)


KEPT = "{}: the last good PDFs are kept"


@pytest.mark.parametrize(
    ("where", "signum", "args", "code", "said", "written"),
    [
        (
            "importing HarfBuzz",
            "SIGINT",
            ["--jobs", "1"],
            130,
            "{}: the last good PDFs are kept",
            0,
        ),
        ("validating", "SIGINT", ["--jobs", "1"], 130, "{}: the last good PDFs are kept", 0),
        ("validating", "SIGTERM", ["--watch"], 143, "{}: the last good PDFs are kept", 0),
        ("validating", "SIGINT", ["--watch"], 0, "stopped", 0),
        ("forking", "SIGTERM", ["--jobs", "2"], 143, "{}: the last good PDFs are kept", 0),
        (
            "after the first PDF",
            "SIGTERM",
            ["--jobs", "1"],
            143,
            "{} after 1 of 2 PDFs were written; the others keep their last good PDF",
            1,
        ),
    ],
)
def test_a_signal_dropped_where_it_landed_still_stops_the_build(
    versions: tuple[Path, dict, dict],
    tmp_path: Path,
    where: str,
    signum: str,
    args: list[str],
    code: int,
    said: str,
    written: int,
) -> None:
    """The build stops where it may (before a PDF is replaced, after each), says what it
    wrote, and exits with the signal's code (Ctrl+C ends --watch with 0)."""
    shipped, old, new = versions
    root = tmp_path / "project"
    shutil.copytree(shipped, root)
    edit(root)
    done = subprocess.run(
        [sys.executable, "-c", STOPPING, where, signum, *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == code, done.stderr
    assert done.stderr.endswith(said.format(f"stopped by {signum}") + "\n"), done.stderr
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr
    now = pdfs(root)
    assert sum(now[name] == new[name] for name in NAMES) == written
    assert all(now[name] in (old[name], new[name]) for name in NAMES)
    assert temporaries(root) == []


def test_a_child_that_outlives_its_build_does_not_hold_the_lock(tmp_path: Path) -> None:
    holder = textwrap.dedent(
        """
        import os, sys, time
        from pathlib import Path
        from briefgen.state import Store

        with Store(Path(sys.argv[1])).lock():
            child = os.fork()
            if child == 0:
                os.close(1), os.close(2)  # the test reads them to their end
                time.sleep(30)
                os._exit(0)
            print(child, flush=True)
            os._exit(0)  # ends holding the lock, as a killed build does
        """
    )
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", holder, str(out)], capture_output=True, text=True, check=True
    )
    child = int(done.stdout)
    try:
        assert Path(f"/proc/{child}").exists()
        with Store(out).lock():  # taken at once: no BuildFailed naming a dead build
            pass
    finally:
        os.kill(child, signal.SIGKILL)


@pytest.mark.parametrize(
    ("signum", "code", "said"),
    [
        (signal.SIGINT, 0, "stopped"),
        (signal.SIGTERM, 143, "stopped by SIGTERM: the last good PDFs are kept"),
        (signal.SIGHUP, 129, "stopped by SIGHUP: the last good PDFs are kept"),
    ],
    ids=["INT", "TERM", "HUP"],
)
def test_a_signal_ends_watch_without_a_traceback(
    versions: tuple[Path, dict, dict], signum: signal.Signals, code: int, said: str
) -> None:
    """Ctrl+C is how one stops watching (exit 0); SIGTERM and SIGHUP end it as they end a
    build, each with its exit code. Sent to the group: the chart drawer gets them too."""
    shipped, _, _ = versions
    watch = start(shipped, "--watch", "--jobs", "2")
    try:
        assert watch.stdout is not None
        assert watch.stdout.readline().startswith("up to date")  # the first build is done
        os.killpg(watch.pid, signum)
        _, err = watch.communicate(timeout=30)
        assert wait_until_gone(watch.pid) == []
    finally:
        for pid in alive(watch.pid):
            os.kill(pid, signal.SIGKILL)
    assert watch.returncode == code
    assert err == f"watching for changes; press Ctrl+C to stop\n{said}\n"

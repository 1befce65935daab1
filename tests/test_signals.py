"""Builds ended by a signal, as Ctrl+C, a cancelled CI job, a subprocess timeout or `kill -9`
end them: no process of the build left running, no traceback, the last good PDFs kept (or
replaced by complete new ones), no temporary file left behind, and the next build not locked
out."""

from __future__ import annotations

import os
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

from .conftest import built, copy_english

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
            assert err.endswith(f"stopped by {signum.name}: the last good PDFs are kept\n")
        assert temporaries(root) == []
    for name, content in pdfs(root).items():
        assert content in (old[name], new[name]), f"{name} is neither the last PDF nor a new one"
    started = time.monotonic()
    built(api.build(root))  # not refused: the lock died with the build
    assert time.monotonic() - started < 15
    assert temporaries(root) == []  # any a killed build left are cleaned
    assert pdfs(root) == new


# A build whose Ctrl+C lands where a library swallows it: in ReportLab's import of HarfBuzz
# (which shapes Khmer text), inside a bare try/except, or, as it could anywhere, in validation.
SWALLOWED = textwrap.dedent(
    """
    import os, signal, sys
    import briefgen.validate as validating
    from briefgen.__main__ import main

    def interrupt():
        os.kill(os.getpid(), signal.SIGINT)
        while True:  # until the handler runs, at the next instruction
            pass

    def importing_harfbuzz(event, args):
        if event == "import" and args[0] == "uharfbuzz":
            interrupt()

    validate = validating.validate

    def validating_swallowed(*args, **kwargs):
        try:
            interrupt()
        except:  # noqa: E722
            pass
        return validate(*args, **kwargs)

    if sys.argv[1] == "importing HarfBuzz":
        sys.addaudithook(importing_harfbuzz)
    else:
        validating.validate = validating_swallowed
    sys.argv = ["briefgen", "build", "--jobs", "1"]
    main()
    """
)


@pytest.mark.parametrize("where", ["importing HarfBuzz", "validating"])
def test_ctrl_c_a_library_swallowed_still_stops_the_build(
    versions: tuple[Path, dict, dict], tmp_path: Path, where: str
) -> None:
    shipped, old, _ = versions
    root = tmp_path / "project"
    shutil.copytree(shipped, root)
    edit(root)
    done = subprocess.run(
        [sys.executable, "-c", SWALLOWED, where],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 128 + signal.SIGINT, done.stderr
    assert done.stderr.endswith("stopped by SIGINT: the last good PDFs are kept\n")
    assert pdfs(root) == old
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

"""The build server: a build leaves one behind, and the next commands run in it exactly as
they run in a process of their own (same output, exit code, PDFs, folder, environment), stop
as they stop on Ctrl+C or when their caller is killed, and it ends when idle or told to."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen import client

from .conftest import STOPPED, copy_english, edit

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")

MAIN = [sys.executable, "-m", "briefgen"]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of commands that use a build server of the test's own (its own
    runtime folder), stopped at the end."""
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {
        **os.environ,
        "BRIEFGEN_SERVER": "on",
        "XDG_RUNTIME_DIR": str(runtime),
        "BRIEFGEN_SERVER_IDLE": "120",
        "BRIEFGEN_TODAY": "2020-12-01",
    }
    yield env
    subprocess.run([*MAIN, "server", "stop"], env=env, capture_output=True, check=False)
    assert wait(lambda: "no build server running" in status(env)), "the server did not stop"


def sockets(env: dict[str, str]) -> list[Path]:
    return sorted((Path(env["XDG_RUNTIME_DIR"]) / "briefgen").glob("*.sock"))


def wait(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def briefgen(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*MAIN, *args], env=env, cwd=cwd, capture_output=True, text=True)


def status(env: dict[str, str]) -> str:
    return subprocess.run(
        [*MAIN, "server", "status"], env=env, capture_output=True, text=True, check=True
    ).stdout


def started(env: dict[str, str], root: Path) -> None:
    """Build once in a process of its own, which leaves a server behind; wait for it."""
    first = briefgen(env, root, "build")
    assert first.returncode == 0, first.stderr
    assert wait(lambda: "0 commands run" in status(env)), status(env)


def lengthened(root: Path) -> None:
    """Eight more copies of the donor brief: a build of every brief long enough to stop."""
    donor = (root / "briefs" / "donor.yaml").read_text(encoding="utf-8")
    for i in range(8):
        (root / "briefs" / f"donor-{chr(ord('a') + i)}.yaml").write_text(donor, encoding="utf-8")


def long_build(env: dict[str, str], root: Path, **options: object) -> subprocess.Popen:
    """`briefgen build` of every brief (see lengthened), every chart drawn again: long
    enough to be stopped."""
    command = [*MAIN, "build", "--force", "--no-cache", "--jobs", "1"]
    return subprocess.Popen(command, env=env, cwd=root, **options)


def twins(tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the project, one to build with the server, one without."""
    one = copy_english(tmp_path / "served")
    two = tmp_path / "alone"
    shutil.copytree(one, two)
    return one, two


def test_commands_run_in_the_server_as_in_a_process_of_their_own(
    served: dict[str, str], tmp_path: Path
) -> None:
    one, two = twins(tmp_path)
    alone = {**served, "BRIEFGEN_SERVER": "off"}
    started(served, one)
    assert briefgen(alone, two, "build").returncode == 0
    # a text change, a brief with a syntax error, then a consent ended by the date given
    later = {"BRIEFGEN_TODAY": "2022-01-01"}  # the server started on 2020-12-01
    steps = [
        ("briefs/donor.yaml", "Executive summary", "Summary for donors", {}),
        ("briefs/press.yaml", "\ntitle:", "\ntitle: [", {}),
        ("data/quotes.yaml", "reference: CONSENT-2020-016", "until: 2021-01-01", later),
    ]
    for count, (name, old, new, extra) in enumerate(steps, start=1):
        for root in (one, two):
            edit(root / name, old, new)
        here = briefgen({**served, **extra}, one, "build")
        there = briefgen({**alone, **extra}, two, "build")
        assert (here.returncode, here.stdout, here.stderr) == (
            there.returncode,
            there.stdout,
            there.stderr,
        ), name
        assert f"{count} commands run" in status(served), "the command did not use the server"
        for pdf in ("donor.pdf", "press.pdf"):
            assert (one / "out" / pdf).read_bytes() == (two / "out" / pdf).read_bytes()
    assert "consent" in here.stderr and here.returncode == 1, here.stderr
    assert "briefs/press.yaml:" in here.stderr


def test_a_command_in_the_server_writes_files_under_its_callers_umask(
    served: dict[str, str], project: Path
) -> None:
    started(served, project)  # under the test's umask
    (project / "out" / "press.pdf").unlink()  # a PDF replaced keeps its mode
    build = [*MAIN, "build", "press"]
    done = subprocess.run(
        ["sh", "-c", 'umask 077 && exec "$@"', "sh", *build], env=served, cwd=project, check=True
    )
    assert done.returncode == 0
    assert "1 commands run" in status(served)
    assert (project / "out" / "press.pdf").stat().st_mode & 0o777 == 0o600


def test_ctrl_c_stops_a_command_run_in_the_server(served: dict[str, str], tmp_path: Path) -> None:
    root, twin = twins(tmp_path)
    for project in (root, twin):
        lengthened(project)
    started(served, root)
    old = {pdf.name: pdf.read_bytes() for pdf in (root / "out").glob("*.pdf")}
    for project in (root, twin):
        edit(project / "data" / "statistics.yaml", "value: 55770", "value: 61200")
    alone = briefgen({**served, "BRIEFGEN_SERVER": "off"}, twin, "build")
    assert alone.returncode == 0, alone.stderr
    new = {pdf.name: pdf.read_bytes() for pdf in (twin / "out").glob("*.pdf")}
    build = long_build(
        served,
        root,
        start_new_session=True,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.4)
    os.killpg(build.pid, signal.SIGINT)  # the terminal signals the caller's group only
    _, err = build.communicate(timeout=60)
    assert "Traceback" not in err, err
    assert build.returncode == 130, err
    assert re.search(STOPPED.format("SIGINT"), err), err
    for name, content in old.items():  # each the last good PDF, or a whole new one
        assert (root / "out" / name).read_bytes() in (content, new[name]), name
    assert not [p for p in (root / "out").rglob(".*.tmp")]
    assert "1 commands run" in status(served)


def test_a_command_whose_caller_is_killed_stops(served: dict[str, str], tmp_path: Path) -> None:
    root = copy_english(tmp_path / "project")
    lengthened(root)
    started(served, root)
    build = long_build(
        served,
        root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.4)
    build.kill()
    build.wait()
    assert wait(lambda: "1 commands run, 0 running now" in status(served))
    # the child stopped: the build lock is free, the PDFs are whole
    after = briefgen({**served, "BRIEFGEN_SERVER": "off"}, root, "build")
    assert after.returncode == 0, after.stderr
    assert not [p for p in (root / "out").rglob(".*.tmp")]


def test_server_stop_and_idle_end(served: dict[str, str], tmp_path: Path) -> None:
    root = copy_english(tmp_path / "project")
    started(served, root)
    [sock] = sockets(served)
    stopped = briefgen(served, root, "server", "stop")
    assert stopped.stdout.startswith("stopped the build server (process ")
    assert wait(lambda: not sock.exists())
    assert status(served) == "no build server running\n"
    idle = {**served, "BRIEFGEN_SERVER_IDLE": "0.5"}
    started(idle, root)
    assert wait(lambda: not sockets(idle), seconds=20), "the idle server did not end"


def test_only_a_build_starts_a_server(served: dict[str, str], project: Path) -> None:
    assert briefgen(served, project, "check").returncode == 0
    assert briefgen(served, project, "build", "--help").returncode == 0
    assert sockets(served) == []


def test_when_commands_use_a_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("BRIEFGEN_SERVER", "off")
    assert not client.enabled()
    monkeypatch.setenv("BRIEFGEN_SERVER", "")
    monkeypatch.setenv("CI", "true")
    assert not client.enabled()  # a CI job leaves no process behind
    monkeypatch.setenv("BRIEFGEN_SERVER", "on")
    assert client.enabled() == sys.platform.startswith("linux")
    # a folder others can read is never used
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    (tmp_path / "briefgen").mkdir(mode=0o755)
    os.chmod(tmp_path / "briefgen", 0o755)
    assert client.folder(create=True) is None
    assert client.forward(["--version"]) is None
    os.chmod(tmp_path / "briefgen", 0o700)
    assert client.folder() == str(tmp_path / "briefgen")


def alone(env: dict[str, str]) -> dict[str, str]:
    return {**env, "BRIEFGEN_SERVER": "off"}


def server_pid(env: dict[str, str]) -> int:
    line = status(env)
    return int(line.split("process ", 1)[1].split(",", 1)[0])


def test_nothing_of_the_folder_a_server_started_in_reaches_later_commands(
    served: dict[str, str], tmp_path: Path
) -> None:
    first, other = twins(tmp_path)
    marker = tmp_path / "ran"
    (first / "pypdf.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    (first / "matplotlibrc").write_text("axes.facecolor: red\nlines.linewidth: 12\n")
    started(served, first)  # the server starts from the first project's folder
    twin = tmp_path / "twin"
    shutil.copytree(other, twin)
    assert briefgen(alone(served), twin, "build", "--force", "--no-cache").returncode == 0
    assert briefgen(served, other, "build", "--force", "--no-cache").returncode == 0
    assert briefgen(served, other, "audit", "out/donor.pdf").returncode == 0
    assert "2 commands run" in status(served)
    assert not marker.exists(), "a module of the first project's folder was run"
    for pdf in ("donor.pdf", "press.pdf"):  # nor did its matplotlibrc draw the charts
        assert (other / "out" / pdf).read_bytes() == (twin / "out" / pdf).read_bytes()


def test_a_server_that_does_not_answer_is_passed_over(
    served: dict[str, str], project: Path
) -> None:
    started(served, project)
    import socket

    silent = socket.socket(socket.AF_UNIX)
    silent.connect(str(sockets(served)[0]))  # connected, says nothing
    try:
        listed = subprocess.run(
            [*MAIN, "list"], env=served, cwd=project, capture_output=True, text=True, timeout=20
        )
        assert listed.returncode == 0 and "donor" in listed.stdout
        pid = server_pid(served)
        os.kill(pid, signal.SIGSTOP)  # a server stopped (or hung)
        try:
            listed = subprocess.run(
                [*MAIN, "list"], env=served, cwd=project, capture_output=True, timeout=20
            )
            assert listed.returncode == 0
        finally:
            os.kill(pid, signal.SIGCONT)
    finally:
        silent.close()


def test_a_malformed_request_is_refused_and_the_server_goes_on(
    served: dict[str, str], project: Path
) -> None:
    started(served, project)
    import socket

    for data in (b"[1, 2]", b"\xff\xfe", b'{"argv": 3, "cwd": 4}'):
        with socket.socket(socket.AF_UNIX) as raw:
            raw.connect(str(sockets(served)[0]))
            raw.sendall(len(data).to_bytes(4, "big") + data)
            raw.recv(100)
    assert "0 commands run" in status(served)
    assert briefgen(served, project, "list").returncode == 0
    assert "1 commands run" in status(served)


def test_a_command_whose_server_is_killed_stops(served: dict[str, str], tmp_path: Path) -> None:
    root = copy_english(tmp_path / "project")
    lengthened(root)
    started(served, root)
    pid = server_pid(served)
    build = long_build(
        served,
        root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.5)
    os.kill(pid, signal.SIGKILL)
    _, err = build.communicate(timeout=60)
    assert build.returncode == 70, err
    assert err.endswith("internal error (the build server ended); please report it\n"), err
    # its child stopped with it: the lock is free, no temporary file is left
    after = briefgen(alone(served), root, "build")
    assert after.returncode == 0, after.stderr
    assert not [p for p in (root / "out").rglob(".*.tmp")]


def test_streams_are_set_up_as_a_fresh_process_sets_them_up(
    served: dict[str, str], project: Path, tmp_path: Path
) -> None:
    started(served, project)
    odd = os.fsencode(str(tmp_path)) + b"/pr\xffj"  # a folder name that is not UTF-8
    shutil.copytree(project, os.fsdecode(odd))
    results = []
    for env in (served, alone(served)):
        checked = subprocess.run([*MAIN, "check"], env=env, cwd=odd, capture_output=True)
        stopped = []
        for wanted in (10, 0):  # a reader that stops early: `briefgen schema | head`
            reader = subprocess.Popen(
                [*MAIN, "schema"],
                env=env,
                cwd=project,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            assert reader.stdout is not None and reader.stderr is not None
            reader.stdout.read(wanted)
            reader.stdout.close()
            stopped.append((reader.wait(), reader.stderr.read()))
        results.append((checked.returncode, checked.stdout, checked.stderr, stopped))
    assert results[0] == results[1]
    assert results[0][0] == 0
    assert results[0][3] == [(0, b""), (0, b"")]  # whenever it stopped: no broken pipe
    assert any(f"{n} commands run" in status(served) for n in (2, 3))

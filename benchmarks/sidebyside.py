"""The speed targets of issue 17, measured in one run: briefgen beside the Typst peer (whole
processes, alternating, medians), `build --watch` from a file's save to the rebuilt PDF, and
an incremental rebuild at 200 briefs against the shipped project.

The peer is `typst_brief.py` from the peers folder (`../shared/peers/` beside the project, or
--peers DIR), run by the interpreter of its own virtual environment (--peer PYTHON, or the
BRIEFGEN_PEER_PYTHON environment variable); without one, the ratios to it are left out.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from run import ENV, add_variants, edit, fresh_copy, run_build, run_process


def alternating(
    work: Path, runs: int, peer: list[str] | None
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """The donor brief built cold and after a text-only change, in fresh processes (and after
    a text-only change in a build server's child), and the peer's cold build, one after the
    other in each round (A B C A B C ...): the seconds of each, and the CPU seconds (of the
    process and those it waited for)."""
    times: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    served = fresh_copy(work, "served")
    start_server(served)
    for i in range(runs):
        root = fresh_copy(work, f"side{i}")
        measured = {
            "briefgen cold, nothing cached": run_build(
                root, "donor", cache=work / "empty-caches" / f"side{i}"
            ),
        }
        clone = fresh_copy(work, f"clone{i}")
        measured["briefgen cold, charts drawn before"] = run_build(clone, "donor")
        summary = root / "briefs" / "donor.yaml"
        edit(summary, "Executive summary", f"Executive summary {'I' * (i + 1)}")
        measured["briefgen text-only change"] = run_build(root, "donor")
        edit(served / "briefs" / "donor.yaml", "Executive summary", "Executive summary I")
        measured[SERVED] = run_build(served, "donor", served=True)
        if peer is not None:
            out = work / f"peer{i}.pdf"
            seconds, usage = run_process([*peer, str(out)], ENV, cwd=Path(peer[1]).parent)
            measured["Typst peer cold"] = (seconds, 0, usage.ru_utime + usage.ru_stime)
        for name, (seconds, _rss, used) in measured.items():
            times.setdefault(name, []).append(seconds)
            cpu.setdefault(name, []).append(used)
    return times, cpu


SERVED = "briefgen text-only change, build server running"


def start_server(root: Path) -> None:
    """Build the project at `root` once, alone, which leaves a build server behind (client.py),
    and wait until it answers, as it does a few seconds after a user's first build."""
    run_build(root, served=True)
    deadline = time.monotonic() + 60
    while "build server running" not in server("status"):
        if time.monotonic() > deadline:
            raise SystemExit("the build server did not start")
        time.sleep(0.1)


def server(command: str) -> str:
    """What `briefgen server COMMAND` prints, in the benchmark's environment."""
    env = {**ENV, "BRIEFGEN_SERVER": "on"}
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", "server", command], env=env, capture_output=True
    )
    return done.stdout.decode()


def watch_latency(work: Path, runs: int) -> dict[str, list[float]]:
    """`briefgen build press --watch` in a copy: seconds from each save (the file written)
    to the PDF's rename (its inode changes), for text-only edits and for a changed statistic
    whose chart is drawn again; and what watch printed for the same rebuilds."""
    root = fresh_copy(work, "watch")
    run_build(root)  # charts drawn and cached, as on a machine that built before
    pdf = root / "out" / "press.pdf"
    command = [sys.executable, "-m", "briefgen", "build", "press", "--watch", "--project"]
    process = subprocess.Popen(
        [*command, str(root)], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    times: dict[str, list[float]] = {}
    try:
        assert process.stdout is not None
        process.stdout.readline()  # the first build: up to date
        time.sleep(1.0)  # the watcher started
        brief, stats = root / "briefs" / "press.yaml", root / "data" / "statistics.yaml"
        for i in range(runs):
            for name, path, change in (
                ("watch: text-only change", brief, _subtitle(i)),
                ("watch: a statistic changed, its chart drawn again", stats, _occupancy(i)),
            ):
                times.setdefault(name, []).append(_until_renamed(pdf, path, change))
                times.setdefault(f"{name} (as watch printed it)", []).append(
                    _printed(process.stdout)
                )
                time.sleep(0.3)
    finally:
        process.terminate()
        process.wait(10)
    return times


def _subtitle(i: int) -> Callable[[str], str]:
    return lambda text: re.sub(r"A new\w* Amnesty", f"A new{'x' * (i + 1)} Amnesty", text, count=1)


def _occupancy(i: int) -> Callable[[str], str]:
    # the RFA figure for CC1's occupancy, drawn by the press brief's chart: a new value each
    # time, so that the chart is never in the cache
    return lambda text: re.sub(
        r"(id: cc1_occupancy_rfa\n(?:(?!  - id:).*\n)*?    value: )\d+",
        rf"\g<1>{6 + i}",
        text,
        count=1,
    )


def _until_renamed(pdf: Path, path: Path, change: Callable[[str], str]) -> float:
    """Seconds from writing `path` changed to `pdf` being replaced (a new inode)."""
    before = pdf.stat().st_ino
    text = change(path.read_text(encoding="utf-8"))
    start = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    deadline = start + 30
    while pdf.stat().st_ino == before:
        if time.perf_counter() > deadline:
            raise SystemExit(f"watch did not rebuild {pdf.name} after {path.name} changed")
        time.sleep(0.001)
    return time.perf_counter() - start


def _printed(stdout) -> float:
    """The seconds in the next `rebuilt NAME in N ms` line watch prints."""
    while True:
        line = stdout.readline()
        if not line:
            raise SystemExit("watch ended")
        if match := re.match(r"rebuilt \S+ in (\d+) ms", line):
            return int(match.group(1)) / 1000


BENCH_STAT = """
  - id: bench_figure
    label: A figure printed by one brief only
    value: {value}
    unit: count
    as_of: May 2020
    source: afp2020
"""
BENCH_BLOCK = """
  - type: text
    text: "In the benchmark, {{stat:bench_figure}} people."
"""


def incremental(
    work: Path, runs: int, briefs: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """A statistic printed by one brief changed, rebuilt in a fresh process: in the shipped
    project (its three briefs) and with `briefs` briefs; the seconds and the CPU seconds."""
    times: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    for label, count in (("shipped project, 3 briefs", 0), (f"{briefs} briefs", briefs)):
        root = fresh_copy(work, f"incremental{count}", khmer=True)
        if count:
            add_variants(root, count)
        one = "donor.yaml" if not count else "variant-000.yaml"
        with (root / "data" / "statistics.yaml").open("a", encoding="utf-8") as f:
            f.write(BENCH_STAT.format(value=100))
        with (root / "briefs" / one).open("a", encoding="utf-8") as f:
            f.write(BENCH_BLOCK)
        run_build(root)
        for i in range(runs):
            edit(root / "data" / "statistics.yaml", f"value: {100 + i}", f"value: {101 + i}")
            seconds, _rss, used = run_build(root)
            times.setdefault(f"one statistic changed, {label}", []).append(seconds)
            cpu.setdefault(f"one statistic changed, {label}", []).append(used)
    return times, cpu


def ratio(values: list[float], base: list[float]) -> float:
    """The ratio of two medians."""
    return statistics.median(values) / statistics.median(base)

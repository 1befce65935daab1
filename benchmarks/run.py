"""Benchmark briefgen's builds in temporary copies of the shipped project; print the figures.

    python benchmarks/run.py            # 5 runs of each scenario, 100-brief batch
    python benchmarks/run.py --quick    # 1 run, 10-brief batch: a smoke test
    python benchmarks/run.py --peer PYTHON   # beside the Typst peer: PYTHON is the interpreter
                                             # of the environment its README sets up

The issue-17 targets (sidebyside.py) come first: briefgen beside the Typst peer, `--watch`
from a save to the rebuilt PDF, an incremental rebuild at 200 briefs.

Every scenario runs `briefgen build` as a user does, in a fresh process, and times it from
start to exit (interpreter start and imports included). Medians over the runs are printed
with the targets; peak memory is the largest resident set of any build process. The profile
splits one cold build, in process, into imports, charts, layout and writing.

Targets on a 2-core machine: no-op <= 0.15 s, text-only change <= 0.4 s, cold build of the
two shipped briefs <= 1.0 s, 100-brief batch <= 80 ms per brief with --jobs 2, peak memory
<= 150 MiB. Machines are shared and noisy: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import inspect
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MiB = 1024 * 1024
# As on a user's machine, compiled modules are cached (a sandbox may switch that off).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def fresh_copy(parent: Path, name: str, khmer: bool = False) -> Path:
    """A copy of the shipped project; its two English briefs only, unless `khmer`."""
    root = parent / name
    root.mkdir()
    shutil.copy(REPO / "briefgen.yaml", root)
    for folder in ("data", "briefs", "assets", "translations"):
        shutil.copytree(REPO / folder, root / folder)
    if not khmer:
        (root / "briefs" / "press-km.yaml").unlink()
    return root


def run_build(
    root: Path, *args: str, cache: Path | None = None, served: bool = False
) -> tuple[float, int, float]:
    """Seconds, peak resident bytes and CPU seconds of one `briefgen build` process (and its
    workers), with its user-level chart cache in `cache` (default: the benchmark's shared one).
    Builds run in processes of their own, unless `served`: then in the benchmark's build
    server when one runs (whose CPU time is not counted), and a build run alone starts one."""
    env = {**ENV, "XDG_CACHE_HOME": str(cache)} if cache is not None else dict(ENV)
    if served:
        env["BRIEFGEN_SERVER"] = "on"
    command = [sys.executable, "-m", "briefgen", "build", "--quiet", *args, "--project", str(root)]
    elapsed, usage = run_process(command, env)
    return elapsed, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime  # maxrss: KiB


def run_process(
    command: list[str], env: dict[str, str], cwd: Path | None = None
) -> tuple[float, os.struct_rusage]:
    """Seconds one whole process takes, from its start to its exit, and its resource usage
    (the CPU time of the processes it waited for included); SystemExit if it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        assert process.stderr is not None
        raise SystemExit(f"{' '.join(command)} failed (exit {code}): {process.stderr.read()}")
    return elapsed, usage


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_variants(root: Path, count: int) -> None:
    """`count` generated audience variants of the shipped briefs."""
    bases = [
        (root / "briefs" / name).read_text(encoding="utf-8")
        for name in ("donor.yaml", "press.yaml")
    ]
    for i in range(count):
        name = "".join(chr(ord("a") + int(d)) for d in f"{i:03d}")  # no digits: not a figure
        text = bases[i % 2].replace("\nlabel: ", f"\nlabel: Variant {name} ", 1)
        (root / "briefs" / f"variant-{i:03d}.yaml").write_text(text, encoding="utf-8")
    for name in ("donor.yaml", "press.yaml"):
        (root / "briefs" / name).unlink()


def scenarios(work: Path, runs: int, batch: int) -> tuple[dict[str, list[float]], int]:
    times: dict[str, list[float]] = {}
    peak = 0
    empty = work / "empty-caches"

    def record(name: str, measured: tuple[float, int]) -> None:
        nonlocal peak
        times.setdefault(name, []).append(measured[0])
        peak = max(peak, measured[1])

    for i in range(runs):
        root = fresh_copy(work, f"run{i}")
        # cold: no output folder, and nothing in the user-level chart cache either
        record("cold full build (2 briefs)", run_build(root, cache=empty / f"run{i}"))
        record("no-op rebuild", run_build(root))
        edit(root / "data" / "statistics.yaml", "value: 38000", f"value: {38100 + i}")
        record("one statistic changed", run_build(root))
        edit(root / "data" / "quotes.yaml", "respiratory infection", f"respiratory infection{i}")
        record("one quote changed (text only)", run_build(root))
    for jobs in (1, 2):
        for i in range(max(1, runs // 2)):
            root = fresh_copy(work, f"batch{jobs}-{i}")
            add_variants(root, batch)
            seconds, rss, _cpu = run_build(root, "--jobs", str(jobs))
            record(f"{batch}-brief batch, --jobs {jobs} (per brief)", (seconds / batch, rss))
    return times, peak


def in_process(work: Path, runs: int) -> dict[str, list[float]]:
    """The same scenarios through the library API in this (warm) interpreter, as `briefgen
    build --watch` and Python callers run them: no interpreter start, imports done once."""
    from briefgen import api
    from briefgen.drawer import Drawer

    times: dict[str, list[float]] = {}
    drawer = Drawer.start()  # kept for the whole session, as --watch does

    def timed(name: str, root: Path, **kwargs: object) -> None:
        start = time.perf_counter()
        report = api.build(root, drawer=drawer, **kwargs)
        times.setdefault(name, []).append(time.perf_counter() - start)
        assert report.exit_code == 0

    timed("warm-up (imports)", fresh_copy(work, "warm"), jobs=1)
    for i in range(runs):
        root = fresh_copy(work, f"inproc{i}")
        timed("cold full build (2 briefs)", root)
        timed("no-op rebuild", root)
        edit(root / "data" / "statistics.yaml", "value: 38000", f"value: {38100 + i}")
        timed("one statistic changed", root)
        edit(root / "data" / "quotes.yaml", "respiratory infection", f"respiratory infection{i}")
        timed("one quote changed (text only)", root)
    del times["warm-up (imports)"]
    if drawer is not None:
        drawer.close()
    return times


def profile(work: Path) -> dict[str, float]:
    """One cold build in this process, split into stages."""
    root = fresh_copy(work, "profile")
    spent: dict[str, float] = {}
    start = time.perf_counter()
    import reportlab.platypus  # noqa: F401

    from briefgen import api, chart, drawer, verify, write
    from briefgen.layout import brief

    spent["import briefgen, reportlab"] = time.perf_counter() - start

    originals: list[tuple[object, str, object]] = []

    def timed(owner: object, name: str, stage: str) -> None:
        original = getattr(owner, name)
        originals.append((owner, name, original))

        def wrapper(*args, **kwargs):
            begin = time.perf_counter()
            try:
                result = original(*args, **kwargs)
            finally:
                spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - begin
            return steps(result, stage) if inspect.isgenerator(result) else result

        setattr(owner, name, wrapper)

    def steps(results, stage: str):
        """A generator's results, the time each takes to come counted in `stage` (the
        drawer's drawings arrive one by one)."""
        while True:
            begin = time.perf_counter()
            try:
                result = next(results)
            except StopIteration:
                return
            finally:
                spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - begin
            yield result

    timed(drawer.Drawer, "receive", "charts: wait for the drawing process (matplotlib)")
    timed(chart, "to_drawing", "charts: SVG to ReportLab drawing")
    timed(brief, "lay_out", "layout: blocks to flowables")
    timed(write, "write_pdf", "write: pagination and PDF")
    timed(verify, "verify", "verify: the tagged-PDF check")
    begin = time.perf_counter()
    api.build(root, jobs=1)
    spent["whole build"] = time.perf_counter() - begin
    for owner, name, original in originals:
        setattr(owner, name, original)
    spent["other: load, validate, plan, fonts, state"] = spent["whole build"] - sum(
        seconds
        for stage, seconds in spent.items()
        if stage.startswith(("charts", "layout", "write", "verify"))
    )
    return spent


def tagging(work: Path, runs: int) -> dict[str, float]:
    """Writing the three shipped briefs with and without tagging, and verifying them, in this
    interpreter: layout and PDF only (charts drawn beforehand), alternating runs."""
    from briefgen.build import BuildOptions, draw_charts, load_checked, plan_stale
    from briefgen.cache import ChartCache
    from briefgen.layout.brief import lay_out
    from briefgen.state import Store
    from briefgen.verify import verify
    from briefgen.write import write_pdf

    root = fresh_copy(work, "tagging", khmer=True)
    loaded = load_checked(root, BuildOptions())
    project, briefs, store = loaded.project, loaded.selected, Store(root / "out")
    planned = plan_stale(loaded, store, BuildOptions(force=True))
    art = draw_charts(project, planned, ChartCache(), None)
    out = root / "out"
    out.mkdir(exist_ok=True)
    spent: dict[str, list[float]] = {"untagged": [], "tagged": [], "verify": []}
    for i in range(runs * 4 + 1):
        for kind in ("untagged", "tagged"):
            start = time.perf_counter()
            for brief in briefs:
                laid = lay_out(project, brief, art)
                write_pdf(project, laid, out / f"{brief}.pdf", tagged=kind == "tagged")
            if i:  # the first round warms up
                spent[kind].append(time.perf_counter() - start)
        start = time.perf_counter()
        for brief in briefs:
            verify(out / f"{brief}.pdf")
        if i:
            spent["verify"].append(time.perf_counter() - start)
    return {k: statistics.median(v) / len(briefs) for k, v in spent.items()}


def calibration() -> float:
    """Seconds for a fixed pure-Python loop: how fast this machine is right now."""
    start = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i
    return time.perf_counter() - start


def show(times: dict[str, list[float]], targets: dict[str, float]) -> None:
    print(f"{'scenario':45} {'median':>8} {'target':>8}")
    for name, values in times.items():
        median = statistics.median(values)
        target = targets.get(name)
        mark = "" if target is None else ("  ok" if median <= target else "  OVER")
        shown = f"{target:8.3f}" if target is not None else " " * 8
        print(f"{name:45} {median:8.3f} {shown}{mark}")


def targets_of_issue_17(work: Path, runs: int, peer: list[str] | None, briefs: int) -> None:
    """Print every target of issue 17 with its measured value, ratio and verdict."""
    import sidebyside as side

    times, cpu = side.alternating(work, runs, peer)
    times.update(side.watch_latency(work, runs))
    many, many_cpu = side.incremental(work, max(3, runs // 2), briefs)
    times.update(many)
    print(f"issue 17 targets: medians of {runs}, whole processes, {os.cpu_count()} cores")
    for name, values in times.items():
        print(f"  {name:62} {statistics.median(values):7.3f} s")
    print(f"\n  {'target':62} {'measured':>8} {'target':>7}")

    def verdict(name: str, measured: float, target: float) -> None:
        print(
            f"  {name:62} {measured:8.2f} {target:7.2f}  {'ok' if measured <= target else 'OVER'}"
        )

    if peer is None:
        print("  (no Typst peer: --peer PYTHON or BRIEFGEN_PEER_PYTHON gives the ratios to it)")
    else:
        peer_cold = times["Typst peer cold"]
        for name, target in (
            ("briefgen cold, nothing cached", 1.0),
            ("briefgen cold, charts drawn before", 1.0),
            (side.SERVED, 0.35),
            ("briefgen text-only change", 0.35),
        ):
            verdict(f"{name} / Typst peer cold (ratio)", side.ratio(times[name], peer_cold), target)
            if name == side.SERVED:  # the server's CPU time is not the command's to count
                continue
            # CPU time suffers less from other processes on a shared machine than wall time
            used = side.ratio(cpu[name], cpu["Typst peer cold"])
            print(f"  {'  the same in CPU time (ratio)':62} {used:8.2f}")
    for name, target in (
        ("watch: text-only change", 0.100),
        ("watch: a statistic changed, its chart drawn again", 0.250),
    ):
        verdict(f"{name}, save to rename (s)", statistics.median(times[name]), target)
    small, big = many
    verdict(f"{big} / {small.split(', ', 1)[1]} (ratio)", side.ratio(times[big], times[small]), 1.2)
    used = side.ratio(many_cpu[big], many_cpu[small])
    print(f"  {'  the same in CPU time (ratio)':62} {used:8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each scenario")
    parser.add_argument("--batch", type=int, default=100, help="briefs in the batch")
    parser.add_argument("--quick", action="store_true", help="1 run, a 10-brief batch")
    parser.add_argument(
        "--peer",
        default=os.environ.get("BRIEFGEN_PEER_PYTHON"),
        help="the Python of the Typst peer's environment (or BRIEFGEN_PEER_PYTHON)",
    )
    parser.add_argument(
        "--peers", type=Path, default=REPO.parent / "shared" / "peers", help="the peer scripts"
    )
    parser.add_argument("--side-runs", type=int, default=11, help="rounds beside the peer")
    args = parser.parse_args()
    runs, batch = (1, 10) if args.quick else (args.runs, args.batch)
    side_runs = 1 if args.quick else args.side_runs
    peer = [args.peer, str(args.peers / "typst_brief.py")] if args.peer else None
    targets = {
        "cold full build (2 briefs)": 1.0,
        "no-op rebuild": 0.15,
        "one quote changed (text only)": 0.4,
        f"{batch}-brief batch, --jobs 2 (per brief)": 0.080,
    }
    with tempfile.TemporaryDirectory(prefix="briefgen-bench-") as tmp:
        work = Path(tmp)
        # the user-level chart cache of every build here: never the user's own
        ENV["XDG_CACHE_HOME"] = os.environ["XDG_CACHE_HOME"] = str(work / "user-cache")
        # matplotlib's list of the system's fonts (built once on a machine, 1-2 s, in
        # XDG_CACHE_HOME unless MPLCONFIGDIR says otherwise) is shared by briefgen and the
        # peer: "nothing cached" empties briefgen's cache only, as a user's fresh clone does
        ENV["MPLCONFIGDIR"] = os.environ["MPLCONFIGDIR"] = str(work / "matplotlib")
        # the build server (see client.py) only where a scenario asks for it, in a runtime
        # folder of the benchmark's own, stopped at the end
        ENV["BRIEFGEN_SERVER"] = os.environ["BRIEFGEN_SERVER"] = "off"
        (work / "run").mkdir(mode=0o700)
        ENV["XDG_RUNTIME_DIR"] = os.environ["XDG_RUNTIME_DIR"] = str(work / "run")
        # the profile first: it imports briefgen in this process, from a clean start
        stages = profile(work)
        try:
            targets_of_issue_17(work, side_runs, peer, 3 if args.quick else 200)
        finally:
            import sidebyside

            sidebyside.server("stop")
        times, peak = scenarios(work, runs, batch)
        print(f"\nbriefgen benchmark: {runs} run(s), median seconds, {os.cpu_count()} cores")
        print(
            f"machine speed now: a 3-million-step Python loop takes {calibration():.2f} s "
            "(compare figures between runs in proportion)"
        )
        print("\n`briefgen build` in a fresh process (interpreter start and imports included):")
        show(times, targets)
        jobs1 = statistics.median(times[f"{batch}-brief batch, --jobs 1 (per brief)"])
        jobs2 = statistics.median(times[f"{batch}-brief batch, --jobs 2 (per brief)"])
        print(f"{'speed-up of --jobs 2 over --jobs 1':45} {jobs1 / jobs2:8.2f}")
        print(
            f"{'peak memory of a build (MiB)':45} {peak / MiB:8.1f} {150:8.0f}"
            f"{'  ok' if peak <= 150 * MiB else '  OVER'}"
        )
        print("\nthe library API in a warm interpreter (as `briefgen build --watch` runs):")
        show(in_process(work, runs), targets)
        print("\ntagged PDF (PDF/UA-1), the three shipped briefs, per brief, warm interpreter:")
        cost = tagging(work, runs)
        overhead = cost["tagged"] / cost["untagged"] - 1
        print(f"  {'layout and PDF, untagged':43} {cost['untagged']:8.3f}")
        print(f"  {'layout and PDF, tagged':43} {cost['tagged']:8.3f}")
        print(
            f"  {'tagging overhead':43} {overhead * 100:7.1f}% {15:7.0f}%"
            f"{'  ok' if overhead <= 0.15 else '  OVER'}"
        )
        print(f"  {'verify (run by build; --no-verify skips)':43} {cost['verify']:8.3f}")
        print("\nprofile of one cold build in a fresh interpreter (seconds):")
        for stage, seconds in stages.items():
            print(f"  {stage:43} {seconds:8.3f}")


if __name__ == "__main__":
    main()

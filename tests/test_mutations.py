"""Every YAML file of the shipped project, broken the ways a user or a bad editor breaks it:
each mutation gives exit 0 (harmless) or exit 1 with FILE:LINE: messages, never a traceback
nor an internal error, leaves the built PDFs as they were, within 5 s and 200 MiB.

Most mutations run `check` in-process through click's CliRunner; a sample runs a real
`briefgen build` in a fresh process. BRIEFGEN_EXAMPLES raises how many occurrences of each
numeric field are mutated per file (default 2)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import tracemalloc
import types
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from briefgen import api
from briefgen.cli import main
from briefgen.model import DATA_MODELS, Brief, Config

from .conftest import REPO, built, copy_shipped

FILES = ["briefgen.yaml", *(f"data/{n}.yaml" for n in DATA_MODELS), "briefs/donor.yaml"]
FILES += [f"briefs/{p.name}" for p in sorted((REPO / "briefs").glob("*.yaml"))]
FILES = list(dict.fromkeys(FILES))
NUMBERS = [".nan", ".inf", "-.inf", "1e308", "9" * 30, "-5", "true", "~", '"38,000"', "0100"]
PER_FIELD = int(os.environ.get("BRIEFGEN_EXAMPLES", "2"))
SECONDS, MIB = 5.0, 200
BOMB = "bomb0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"bomb{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)
)
LOCATED = re.compile(r"^\s*(briefgen\.yaml|data/\w+\.yaml|briefs/[\w-]+\.yaml):\d+: error: ", re.M)


def numeric_fields(model: type[BaseModel], path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The key path of every field typed as a number (float or int), in `model` and the
    models inside it."""
    for name, info in model.model_fields.items():
        for kind in _types(info.annotation):
            if kind in (float, int):
                yield (*path, name)
            elif isinstance(kind, type) and issubclass(kind, BaseModel) and kind is not model:
                yield from numeric_fields(kind, (*path, name))


def _types(annotation: object) -> list[object]:
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        return [t for arg in args for t in _types(arg)]
    return [annotation]


NUMERIC = {
    path for model in (Config, Brief, *DATA_MODELS.values()) for path in numeric_fields(model)
}


def structural(text: bytes) -> Iterator[tuple[str, bytes]]:
    """The file broken as a whole: cut, re-encoded, with bad characters, tabs, tags..."""
    for part in (4, 2, 3):
        yield f"cut at 1/{part}", text[: len(text) // part]
    yield "cut at 3/4", text[: len(text) * 3 // 4]
    yield "UTF-16", text.decode("utf-8").encode("utf-16")
    yield "invalid UTF-8", text[: len(text) // 2] + b"\xff\xfe" + text[len(text) // 2 :]
    middle = text.index(b"\n", len(text) // 2)
    for name, char in (("NUL", b"\x00"), ("ESC", b"\x1b"), ("BEL", b"\x07")):
        yield name, text[:middle] + b" x" + char + text[middle:]
    yield "empty", b""
    yield "a list where a mapping belongs", b"- " + text.replace(b"\n", b"\n  ")
    yield "tab", re.sub(rb"\n  (?=\S)", b"\n\t", text, count=1)
    first = re.search(rb"^\w+:.*\n", text, re.M)
    assert first is not None
    yield "duplicate key", text + first.group()
    yield "alias bomb", text + BOMB.encode()
    value = re.compile(rb"^(\s*(?:- )?\w+: )(?=[^\s#])", re.M)  # a key's value, not a comment
    yield "!custom tag", value.sub(rb"\1!custom ", text, count=1)
    yield "python tag", value.sub(rb"\1!!python/object/apply:os.system ", text, count=1)


def numeric(rel: str, text: bytes) -> Iterator[tuple[str, bytes]]:
    """Each numeric field of the model set to each impossible number: where the file has the
    field, its first occurrences; briefgen.yaml's settings it lacks, added."""
    for name in sorted({path[-1] for path in NUMERIC}):
        pattern = re.compile(rb"^(\s*(?:- )?" + name.encode() + rb":) *([^\s#][^#\n]*)", re.M)
        for match in list(pattern.finditer(text))[:PER_FIELD]:
            for number in NUMBERS:
                mutated = text[: match.start(2)] + number.encode() + text[match.end(2) :]
                yield f"{name} at byte {match.start()} = {number}", mutated
    if rel == "briefgen.yaml":
        for group, name in (p for p in numeric_fields(Config) if p[0].encode() + b":" not in text):
            for number in NUMBERS:
                yield (
                    f"{group}.{name} = {number}",
                    text + f"{group}:\n  {name}: {number}\n".encode(),
                )


def mutations() -> list[tuple[str, str, bytes]]:
    out = []
    for rel in FILES:
        text = (REPO / rel).read_bytes()
        out += [(rel, name, m) for name, m in (*structural(text), *numeric(rel, text))]
    return out


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[Path, bytes]]:
    """A copy of the shipped project, built once; the bytes of its PDFs."""
    root = copy_shipped(tmp_path_factory.mktemp("mutations"))
    built(api.build(root))
    return root, {p: p.read_bytes() for p in (root / "out").glob("*.pdf")}


def verdict(rel: str, name: str, code: int, output: str) -> str | None:
    """What is wrong with a run's outcome, or None."""
    if "Traceback" in output or "internal error" in output.lower():
        return f"{rel} {name}: {output[-400:]}"
    if code == 1 and LOCATED.search(output):
        return None
    if code == 0:
        return None
    return f"{rel} {name}: exit {code}: {output[-400:]}"


def test_every_mutation_is_refused_at_a_line_or_harmless(project) -> None:
    root, pdfs = project
    cases = mutations()
    failures: list[str] = []
    worst = (0.0, 0, "")
    started = time.perf_counter()
    tracemalloc.start()
    try:
        for rel, name, content in cases:
            original = (root / rel).read_bytes()
            (root / rel).write_bytes(content)
            tracemalloc.reset_peak()
            t0 = time.perf_counter()
            result = CliRunner().invoke(main, ["check", "--project", str(root)])
            took, peak = time.perf_counter() - t0, tracemalloc.get_traced_memory()[1]
            (root / rel).write_bytes(original)
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                failures.append(f"{rel} {name}: {result.exception!r}")
            elif problem := verdict(rel, name, result.exit_code, result.output):
                failures.append(problem)
            if took > SECONDS or peak > MIB * 2**20:
                failures.append(f"{rel} {name}: {took:.1f} s, {peak / 2**20:.0f} MiB")
            worst = max(worst, (took, peak, f"{rel} {name}"))
    finally:
        tracemalloc.stop()
    total = time.perf_counter() - started
    print(
        f"\n{len(cases)} mutations checked in {total:.1f} s; slowest {worst[0]:.2f} s "
        f"({worst[2]}); worst peak of traced memory {worst[1] / 2**20:.1f} MiB"
    )
    assert not failures, "\n".join(failures)
    assert {p: p.read_bytes() for p in pdfs} == pdfs


# Mutations each file must fail with: a build of them must leave the last PDFs untouched.
BUILT = ("empty", "NUL", "alias bomb", "python tag")


# `briefgen` that says, as it exits (at once, with os._exit), its own peak memory (VmHWM:
# measured from its own start, where getrusage would count the copy of the test process it
# was forked from); the processes it forks exit without a word.
_MEASURED = """
import os, sys
main_pid, exit_now = os.getpid(), os._exit
def exiting(code):
    if os.getpid() == main_pid:
        status = open("/proc/self/status").read()
        sys.stderr.write("peak memory " + status.split("VmHWM:")[1].split()[0] + "\\n")
        sys.stderr.flush()
    exit_now(code)
os._exit = exiting
sys.argv[0] = "briefgen"
from briefgen.__main__ import main
main()
"""


@pytest.mark.parametrize("rel", ["briefgen.yaml", "data/statistics.yaml", "briefs/press.yaml"])
def test_a_real_build_of_a_sample_fails_cleanly_and_keeps_the_pdfs(project, rel: str) -> None:
    """A fresh `briefgen build` process per mutation, with its peak memory."""
    root, pdfs = project
    sample = [(n, m) for r, n, m in mutations() if r == rel and n in BUILT]
    original = (root / rel).read_bytes()
    try:
        for name, content in sample:
            (root / rel).write_bytes(content)
            t0 = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-c", _MEASURED, "build", "--project", str(root)],
                capture_output=True,
                text=True,
                timeout=60,
            )
            took = time.perf_counter() - t0
            result.stderr, _, peak = result.stderr.rpartition("peak memory ")
            rss = int(peak.split()[0]) / 1024  # KiB → MiB
            output = result.stdout + result.stderr
            assert result.returncode == 1, (name, output)
            assert verdict(rel, name, result.returncode, output) is None, output
            assert took < SECONDS and rss < MIB, (name, took, rss)
            print(f"\nbuild, {rel} {name}: exit {result.returncode}, {took:.2f} s, {rss:.0f} MiB")
    finally:
        (root / rel).write_bytes(original)
    assert {p: p.read_bytes() for p in pdfs} == pdfs

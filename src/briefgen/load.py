"""Stage 1, load: read the project's YAML files, remembering the line of every value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import memo
from .errors import Problem

CONFIG_FILE = "briefgen.yaml"
DEFAULT_OUTPUT = "out"
# Each data file, and how one of its entries is named in messages.
ENTRY_KINDS = {
    "sources": "source",
    "statistics": "statistic",
    "recommendations": "recommendation",
    "quotes": "quote",
    "charts": "chart",
}
DATA_FILES = tuple(ENTRY_KINDS)

Key = tuple[str | int, ...]


@dataclass
class Document:
    """One YAML file: its plain data and the line (1-based) of every key path in it."""

    path: str  # relative to the project root, as printed in messages
    data: Any
    lines: dict[Key, int] = field(default_factory=dict)
    text: str = ""
    unreadable: bool = False  # the file could not be parsed: its entries are unknown
    refused: set[Key] = field(default_factory=set)  # values reported as read: not again

    def line(self, key: Key) -> int:
        """The line of the deepest part of `key` that exists in the file.

        Parts that are not in the file (such as a validator's union tag) are skipped, so a
        pydantic error location always lands on the nearest real line.
        """
        best = self.lines.get((), 1)
        prefix: Key = ()
        for part in key:
            candidate = (*prefix, part)
            if candidate in self.lines:
                prefix = candidate
                best = self.lines[candidate]
        return best


@dataclass
class RawProject:
    """Every file of a project as read, before validation."""

    root: Path
    config: Document | None
    data: dict[str, Document]
    briefs: dict[str, Document]
    problems: list[Problem]


# libyaml's parser when PyYAML has it (about ten times faster), the pure-Python one otherwise.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CORE = "tag:yaml.org,2002:"
# The YAML core schema's tags, and timestamps (which PyYAML resolves dates to; read as text).
_CORE_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}
# How many nodes aliases may repeat in one file: a few reused blocks, never a "billion laughs".
ALIAS_LIMIT = 10_000
MAX_DEPTH = 100
# What YAML does not allow in a file (PyYAML's own test), and what to call the commonest.
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_CONTROL_NAMES = {
    0: "NUL",
    7: "BEL",
    8: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x1B: "ESC",
    0x7F: "DEL",
}
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")


class _Refused(Exception):
    """A file briefgen will not read further: where (line) and why."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _compose(doc_path: str, text: str, problems: list[Problem]) -> Document:
    """Parse `text`, keeping the line of each key; report duplicate keys (PyYAML keeps the last),
    tags outside YAML's core schema, values YAML 1.1 and 1.2 read differently, and aliases that
    expand past ALIAS_LIMIT nodes."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        reader = _Reader(loader, doc_path, problems)
        data = None if node is None else reader.python(node, ())
    except yaml.MarkedYAMLError as exc:
        problems.append(Problem(doc_path, *_syntax_error(text, exc)))
        return Document(doc_path, None, {}, text, unreadable=True)
    except _Refused as exc:
        problems.append(Problem(doc_path, exc.line, "", exc.message))
        return Document(doc_path, None, {}, text, unreadable=True)
    finally:
        loader.dispose()
    return Document(doc_path, data, reader.lines, text, refused=reader.refused)


def _syntax_error(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, str, str]:
    """Line, key and message of a YAML syntax error, saying what to do."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    lines = text.splitlines()
    what = exc.problem or "invalid YAML"
    row = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = row[: len(row) - len(row.lstrip(" \t"))]
    if "\t" in indent or (mark and row[mark.column : mark.column + 1] == "\t"):
        return line, "", "a tab: indent with spaces"
    if line >= len(lines) and (not text.endswith("\n") or "end of stream" in what):
        return (
            len(lines),
            "",
            f"the file looks cut off at line {len(lines)} (YAML: {what}); restore the rest of it",
        )
    return (
        line,
        "",
        (
            f"YAML syntax error: {what}; check indentation, colons and quotes on this line or the "
            "one before"
        ),
    )


class _Reader:
    """Turns one file's YAML nodes into plain data, remembering the line of every key."""

    def __init__(self, loader: Any, doc_path: str, problems: list[Problem]) -> None:
        self.loader = loader
        self.doc_path = doc_path
        self.problems = problems
        self.lines: dict[Key, int] = {}
        self.seen: set[int] = set()  # nodes read once: met again, they are an alias's
        self.repeated = 0  # nodes read again through aliases
        self.open: set[int] = set()  # the nodes being read, around the current one
        self.refused: set[Key] = set()

    def problem(self, node: yaml.Node, key: Key, message: str, label: str = "") -> None:
        """Report the value at `key`, which is not read (validation does not report it again)."""
        self.refused.add(key)
        self.problems.append(Problem(self.doc_path, node.start_mark.line + 1, label, message))

    def python(self, node: yaml.Node, key: Key) -> Any:
        """The plain data of `node`, at `key` in the file."""
        line = node.start_mark.line + 1
        self.lines[key] = line
        if id(node) in self.open:
            raise _Refused(
                line, "an alias (*name) refers to a block it is inside; write the values out"
            )
        if id(node) in self.seen:
            self.repeated += 1
            if self.repeated > ALIAS_LIMIT:
                raise _Refused(
                    line,
                    f"aliases (*name) repeat more than {ALIAS_LIMIT:,} values; write the values "
                    "out instead of repeating them through aliases",
                )
        if len(key) > MAX_DEPTH:
            raise _Refused(line, f"nested more than {MAX_DEPTH} levels deep")
        self.seen.add(id(node))
        if node.tag not in _CORE_TAGS:
            tag = node.tag.replace(_CORE, "!!")
            self.problem(node, key, f"a YAML tag ('{tag}') is not allowed here: remove it")
            return None
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, key)
            if isinstance(node, yaml.SequenceNode):
                return [self.python(item, (*key, i)) for i, item in enumerate(node.value)]
            return self.scalar(node, key)
        finally:
            self.open.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, key: Key) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for k_node, v_node in node.value:
            if k_node.tag == _CORE + "merge":
                self.problem(
                    k_node, key, "YAML merge keys (<<) are not supported; write the fields out"
                )
                continue
            k = self.scalar(k_node, key) if isinstance(k_node, yaml.ScalarNode) else None
            if not isinstance(k, str | int):
                k = str(k)
            if k in out:
                where = (*key, k)
                message = f"duplicate key '{k}'; keep one and delete the other"
                self.problem(k_node, where, message, keypath("", where))
                continue
            self.lines[(*key, k)] = k_node.start_mark.line + 1
            out[k] = self.python(v_node, (*key, k))
            # a value's own line is where it starts; for a nested block that is the key's line
            if not isinstance(v_node, yaml.ScalarNode):
                self.lines[(*key, k)] = k_node.start_mark.line + 1
        return out

    def scalar(self, node: yaml.Node, key: Key) -> Any:
        """A scalar's value; plain values that YAML 1.1 and 1.2 read differently are refused."""
        value = node.value
        # Dates stay strings: the data model parses them, so '2020-05' and '2020-05-13' read alike.
        if node.tag == _CORE + "timestamp":
            return value
        if node.style in (None, ""):  # plain, not quoted: its type was guessed from its look
            # YAML 1.1 reads 0100 as octal (64) and 0800 as text (then taken as 800)
            if node.tag in (_CORE + "int", _CORE + "str") and _LEADING_ZERO.fullmatch(value):
                plain = value.lstrip("+-0_") or "0"
                self.problem(
                    node, key, f"a leading zero: write {plain}, or quote it if it is a code"
                )
                return value
            if node.tag in (_CORE + "int", _CORE + "float") and ":" in value:
                self.problem(
                    node,
                    key,
                    f"'{value}' reads as a number in base 60 (YAML 1.1): write the number in "
                    f'digits, or quote it ("{value}") if it is text',
                )
                return value
            if node.tag == _CORE + "bool" and value.lower() not in ("true", "false"):
                self.problem(
                    node,
                    key,
                    f"'{value}' reads as true/false in some YAML and as text in other: write true "
                    f'or false, or quote it ("{value}") if it is text',
                )
                return value
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError:  # an integer of thousands of digits: Python will not read it
            return value


def keypath(label: str, loc: Key) -> str:
    """A key path as printed in messages: statistics.prison_population.series[2].value"""
    out = label
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_document(root: Path, rel: str, problems: list[Problem]) -> Document | None:
    """Read one YAML file of the project, or record why it could not be read."""
    try:
        raw = (root / rel).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        problems.append(Problem(rel, 1, "", f"cannot be read: {exc.strerror}"))
        return Document(rel, None, unreadable=True)
    known = memo.recall("yaml", root / rel, raw, rel)
    if isinstance(known, Document):
        return known
    found = len(problems)
    text = _decode(rel, raw, problems)
    if text is None:
        return Document(rel, None, unreadable=True)
    doc = _compose(rel, text, problems)
    if len(problems) == found:  # a file with problems is read again, and they are reported
        memo.keep("yaml", root / rel, raw, doc, rel)
    return doc


def _decode(rel: str, raw: bytes, problems: list[Problem]) -> str | None:
    """The file's text, or None with the reason recorded: not UTF-8, or with characters YAML
    does not allow (control characters such as NUL)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:200].count(b"\x00") > len(raw[:200]) // 4:
        problems.append(Problem(rel, 1, "", "saved as UTF-16; save it as UTF-8"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        problems.append(
            Problem(
                rel,
                line,
                "",
                f"not UTF-8 text at column {column} (byte 0x{raw[exc.start]:02X}); save the file "
                "as UTF-8",
            )
        )
        return None
    bad = _NON_PRINTABLE.search(text)
    if bad is None:
        return text
    line = text.count("\n", 0, bad.start()) + 1
    column = bad.start() - text.rfind("\n", 0, bad.start())
    code = ord(bad.group())
    name = _CONTROL_NAMES.get(code, f"U+{code:04X}")
    problems.append(
        Problem(
            rel, line, "", f"a control character ({name}) at line {line} column {column}: remove it"
        )
    )
    return None


def load_project(root: Path | str) -> RawProject:
    """Read briefgen.yaml, data/*.yaml and briefs/*.yaml under `root`."""
    root = Path(root)
    problems: list[Problem] = []
    config = read_document(root, CONFIG_FILE, problems)
    if config is None:
        problems.append(
            Problem(
                CONFIG_FILE,
                0,
                "",
                f"not found in {root}; run briefgen in a project folder or pass --project DIR",
            )
        )
    data: dict[str, Document] = {}
    for name in DATA_FILES:
        rel = f"data/{name}.yaml"
        doc = read_document(root, rel, problems)
        # a missing data file holds no entries: a campaign without quotes needs no quotes.yaml
        data[name] = doc if doc is not None else Document(rel, {name: []})
    briefs: dict[str, Document] = {}
    for path in sorted((root / "briefs").glob("*.yaml")):
        doc = read_document(root, f"briefs/{path.name}", problems)
        if doc is not None:
            briefs[path.stem] = doc
    problems += _not_read(root)
    return RawProject(root, config, data, briefs, problems)


def _not_read(root: Path) -> list[Problem]:
    """A YAML file in data/ or briefs/ that briefgen does not read (misnamed, or `.yml`):
    its entries or brief would otherwise be missing without a word."""
    import difflib

    wanted = [f"{name}.yaml" for name in DATA_FILES]
    problems = []
    for folder, names in (("data", wanted), ("briefs", None)):
        for path in sorted((root / folder).glob("*.y*ml")):
            if path.suffix == ".yaml" and (names is None or path.name in names):
                continue
            rel = f"{folder}/{path.name}"
            if names is None:  # a brief named .yml
                hint = f"rename it {folder}/{path.stem}.yaml"
            else:
                close = difflib.get_close_matches(path.stem.lower(), DATA_FILES, n=1, cutoff=0.8)
                hint = (
                    f"rename it data/{close[0]}.yaml"
                    if close
                    else f"data/ holds {', '.join(wanted)} only: move it out of data/"
                )
            problems.append(Problem(rel, 1, "", f"this file is not read: {hint}"))
    return problems

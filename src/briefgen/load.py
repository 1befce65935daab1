"""Stage 1, load: read the project's YAML files, remembering the line of every value."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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


def _compose(doc_path: str, text: str, problems: list[Problem]) -> Document:
    """Parse `text`, keeping the line of each key; report duplicate keys (PyYAML keeps the last)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Key, int] = {}
        data = None if node is None else _to_python(loader, node, (), lines, doc_path, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or "invalid YAML"
        problems.append(
            Problem(
                doc_path,
                line,
                "",
                f"YAML syntax error: {what}; check indentation, colons "
                "and quotes on this line or the one before",
            )
        )
        return Document(doc_path, None, {}, text, unreadable=True)
    finally:
        loader.dispose()
    return Document(doc_path, data, lines, text)


def _to_python(
    loader: yaml.SafeLoader,
    node: yaml.Node,
    key: Key,
    lines: dict[Key, int],
    doc_path: str,
    problems: list[Problem],
) -> Any:
    lines[key] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for k_node, v_node in node.value:
            if k_node.tag == "tag:yaml.org,2002:merge":
                problems.append(
                    Problem(
                        doc_path,
                        k_node.start_mark.line + 1,
                        "",
                        "YAML merge keys (<<) are not supported; write the fields out",
                    )
                )
                continue
            k = _scalar(loader, k_node)
            if not isinstance(k, str | int):
                k = str(k)
            if k in out:
                problems.append(
                    Problem(
                        doc_path,
                        k_node.start_mark.line + 1,
                        keypath("", (*key, k)),
                        f"duplicate key '{k}'; keep one and delete the other",
                    )
                )
                continue
            lines[(*key, k)] = k_node.start_mark.line + 1
            out[k] = _to_python(loader, v_node, (*key, k), lines, doc_path, problems)
            # a value's own line is where it starts; for a nested block that is the key's line
            if not isinstance(v_node, yaml.ScalarNode):
                lines[(*key, k)] = k_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(loader, item, (*key, i), lines, doc_path, problems)
            for i, item in enumerate(node.value)
        ]
    return _scalar(loader, node)


def _scalar(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # Dates stay strings: the data model parses them, so '2020-05' and '2020-05-13' read alike.
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value
    return loader.construct_object(node, deep=True)


def keypath(label: str, loc: Key) -> str:
    """A key path as printed in messages: statistics.prison_population.series[2].value"""
    out = label
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_document(root: Path, rel: str, problems: list[Problem]) -> Document | None:
    """Read one YAML file of the project, or record why it could not be read."""
    path = root / rel
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, 1, "", f"not UTF-8 text ({exc.reason}); save it as UTF-8"))
        return Document(rel, None, unreadable=True)
    except OSError as exc:
        problems.append(Problem(rel, 1, "", f"cannot be read: {exc.strerror}"))
        return Document(rel, None, unreadable=True)
    return _compose(rel, text, problems)


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
        data[name] = doc if doc is not None else Document(rel, [])
    briefs: dict[str, Document] = {}
    for path in sorted((root / "briefs").glob("*.yaml")):
        doc = read_document(root, f"briefs/{path.name}", problems)
        if doc is not None:
            briefs[path.stem] = doc
    return RawProject(root, config, data, briefs, problems)

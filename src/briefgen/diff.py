"""What changed between the inputs a brief was last built from and its inputs now, in words."""

from __future__ import annotations

import difflib
import json
from typing import Any

from . import format as fmt
from .load import ENTRY_KINDS
from .model import Statistic


def printed(stat: dict[str, Any], notation: fmt.Notation = fmt.ENGLISH) -> str:
    """A statistic's stored form (as the build state keeps it), as a brief prints it."""
    return fmt.prose([Statistic.model_validate(stat)], notation)


def _source_name(inputs: dict[str, Any], source_id: str) -> str:
    source = inputs.get(f"sources/{source_id}")
    if source is None:
        return source_id
    return f"{source['publisher']}, {fmt.date(source['date'])}"


def _block_name(block: dict[str, Any]) -> str:
    target = block.get("chart") or block.get("items") or block.get("heading") or ""
    if isinstance(target, list):
        target = ", ".join(str(t if isinstance(t, str) else t.get("stat", t)) for t in target)
    elif isinstance(target, dict):
        target = next(iter(target.values()), "")
    return f"{block['type']} ({target})" if target else block["type"]


def _blocks(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    keys_old = [json.dumps(b, sort_keys=True) for b in old]
    keys_new = [json.dumps(b, sort_keys=True) for b in new]
    out = []
    matcher = difflib.SequenceMatcher(a=keys_old, b=keys_new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            out += [f"block {j + 1} changed: {_block_name(new[j])}" for j in range(j1, j2)]
            continue
        out += [f"block removed: {_block_name(old[i])}" for i in range(i1, i2)]
        out += [f"block added: {_block_name(new[j])}" for j in range(j1, j2)]
    return out


def changes(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """Lines describing how `new` inputs differ from `old` ones (None: never built)."""
    if old is None:
        return ["not built yet"]
    out: list[str] = []
    if old.get("briefgen") != new.get("briefgen"):
        out.append(f"briefgen {old.get('briefgen')} → {new.get('briefgen')}")
    if old.get("config") != new.get("config"):
        out.append("briefgen.yaml changed")
    if old.get("source_date_epoch") != new.get("source_date_epoch"):
        out.append("SOURCE_DATE_EPOCH changed")
    old_brief, new_brief = old.get("brief", {}), new.get("brief", {})
    for name in ("title", "subtitle", "label", "date", "language", "audience", "keywords"):
        if old_brief.get(name) != new_brief.get(name):
            out.append(f"{name} changed")
    out += _blocks(old_brief.get("blocks", []), new_brief.get("blocks", []))
    for key in sorted(set(old) | set(new)):
        kind, _, entry_id = key.partition("/")
        if kind not in ENTRY_KINDS or old.get(key) == new.get(key):
            continue
        name = ENTRY_KINDS[kind]
        if key not in old:
            out.append(f"{name} added: {entry_id}")
        elif key not in new:
            out.append(f"{name} removed: {entry_id}")
        elif kind == "statistics":
            was, now = old[key], new[key]
            if printed(was) != printed(now):
                out.append(
                    f"statistic {entry_id}: {printed(was)} → {printed(now)} "
                    f"({_source_name(new, now['source'])})"
                )
            else:
                out.append(f"statistic {entry_id} changed (not its value)")
        else:
            out.append(f"{name} changed: {entry_id}")
    out += [
        f"{key.partition('/')[2]} changed"
        for key in sorted(set(old) | set(new))
        if key.startswith("asset/") and old.get(key) != new.get(key)
    ]
    return out

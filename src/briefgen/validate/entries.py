"""Reading each file's entries: briefgen.yaml typed, each data file's entries typed and indexed
by id (duplicates reported), each brief typed under its file name, and each brief's own
output file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..errors import Problem
from ..load import CONFIG_FILE, ENTRY_KINDS, Document, RawProject, keypath
from ..model import DATA_MODELS, BlockType, Brief, Campaign, Config, Organisation, Text, is_id
from ..project import Origin, Project
from .messages import Collector

Origins = dict[tuple[str, str], Origin]


@dataclass
class Salvaged:
    """What is usable of a brief that failed validation: its audience and the blocks that are
    valid on their own, so that their references are checked too (every problem at once)."""

    origin: Origin
    audience: str | None
    blocks: list[tuple[int, Any]]


def config(raw: RawProject, collector: Collector, origins: Origins) -> Config | None:
    """briefgen.yaml typed, or None when it is missing, empty or has errors."""
    doc = raw.config or Document(CONFIG_FILE, None)
    origin = origins[("config", CONFIG_FILE)] = Origin(doc, ())
    if raw.config is None or doc.unreadable:
        return None  # missing or not YAML: reported as such when it was read
    if doc.data is None:
        collector.error(origin, (), "", "empty; it needs organisation: and campaign:")
        return None
    return collector.typed(Config, origin, "", doc.data)


def stand_in() -> Config:
    """Settings to cross-check the data against when briefgen.yaml is not valid."""
    return Config(organisation=Organisation(name=""), campaign=Campaign(title=Text("")))


def tables(raw: RawProject, collector: Collector, origins: Origins) -> dict[str, dict[str, Any]]:
    """The entries of each data file, by id."""
    collector.unreadable = {ENTRY_KINDS[name] for name, doc in raw.data.items() if doc.unreadable}
    return {name: _index(name, raw.data[name], collector, origins) for name in DATA_MODELS}


def _entries(doc: Document, name: str, collector: Collector) -> list[tuple[int, Any]] | None:
    """The raw entries of a data file: `NAME:` followed by a list; None when the file is not
    laid out so (reported), and its ids are unknown."""
    origin = Origin(doc, ())
    if doc.data is None:
        if doc.unreadable:
            return None
        collector.error(
            origin, (), "", f"the file is empty; write '{name}:' with a list of entries under it"
        )
        return None
    if not isinstance(doc.data, dict) or name not in doc.data:
        collector.error(origin, (), "", f"expected a top-level '{name}:' key with a list under it")
        return None
    for key in doc.data:
        if key != name:
            collector.error(
                origin,
                (key,),
                str(key),
                f"unknown top-level key; only '{name}:' belongs in this file",
            )
    items = doc.data[name]
    if items is None:
        return []
    if not isinstance(items, list):
        collector.error(
            origin, (name,), name, "expected a list of entries, each starting with '- id:'"
        )
        return None
    return list(enumerate(items))


def _index(name: str, doc: Document, collector: Collector, origins: Origins) -> dict[str, Any]:
    model = DATA_MODELS[name]
    found: dict[str, Any] = {}
    entries = _entries(doc, name, collector)
    if entries is None:  # no entry is known: references to them are not reported as unknown
        collector.unreadable.add(ENTRY_KINDS[name])
        return found
    for index, raw in entries:
        origin = Origin(doc, (name, index))
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        label = f"{name}.{raw_id}" if isinstance(raw_id, str) else keypath(name, (index,))
        entry = collector.typed(model, origin, label, raw)
        if entry is None:
            if isinstance(raw_id, str):
                collector.invalid.add((ENTRY_KINDS[name], raw_id))
            else:  # which entry it is, is unknown: so is whether a reference names it
                collector.unreadable.add(ENTRY_KINDS[name])
            continue
        if entry.id in found:
            first = origins[(name, entry.id)]
            collector.error(
                origin,
                ("id",),
                label,
                f"duplicate id '{entry.id}' (first defined "
                f"at line {first.line()}); give each entry its own id",
            )
            continue
        found[entry.id] = entry
        origins[(name, entry.id)] = origin
    return found


def briefs(
    raw: RawProject, collector: Collector, origins: Origins
) -> tuple[dict[str, Brief], list[Salvaged]]:
    """The valid briefs by id (their file name), and what is usable of the others."""
    found: dict[str, Brief] = {}
    salvaged: list[Salvaged] = []
    for brief_id, doc in raw.briefs.items():
        origin = Origin(doc, ())
        if not is_id(brief_id):
            collector.error(
                origin,
                (),
                "",
                f"file name '{brief_id}' is not a valid brief id: use "
                "lower-case letters, digits, '_' or '-'",
            )
            continue
        if not isinstance(doc.data, dict):
            if doc.data is not None or not any(p.file == doc.path for p in collector.problems):
                collector.error(
                    origin, (), "", "a brief is a group of fields (audience:, title:, blocks: ...)"
                )
            continue
        brief = collector.typed(Brief, origin, "", doc.data)
        if brief is not None:
            found[brief_id] = brief
            origins[("briefs", brief_id)] = origin
        else:
            salvaged.append(_salvage(origin, doc.data))
    return found, salvaged


def _salvage(origin: Origin, data: dict[str, Any]) -> Salvaged:
    adapter = TypeAdapter(BlockType)
    blocks = []
    raw_blocks = data.get("blocks")
    for index, raw in enumerate(raw_blocks if isinstance(raw_blocks, list) else []):
        try:
            blocks.append((index, adapter.validate_python(raw)))
        except ValidationError:
            continue  # reported already, with the brief
    audience = data.get("audience")
    return Salvaged(
        origin, audience if isinstance(audience, str) and is_id(audience) else None, blocks
    )


def outputs(project: Project, collector: Collector) -> None:
    """Each brief writes a PDF of its own, in the output folder."""
    written: dict[str, str] = {}
    for brief_id in project.briefs:
        name = project.output_name(brief_id)
        origin = project.origins[("briefs", brief_id)]
        if "/" in name or "\\" in name or not name.endswith(".pdf"):
            collector.error(
                origin,
                ("output",),
                "output",
                f"'{name}' must be a file name ending in .pdf (the folder is set in briefgen.yaml)",
            )
        elif name in written:
            collector.error(
                origin,
                ("output",),
                "output",
                f"'{name}' is also written by brief "
                f"'{written[name]}'; give each brief its own output file",
            )
        written[name] = brief_id


def cut_off(raw: RawProject, problems: list[Problem]) -> None:
    """Say so where a file with errors ends in mid-line: it may have been cut off."""
    docs = [raw.config, *raw.data.values(), *raw.briefs.values()]
    for doc in docs:
        if doc is None or doc.unreadable or not doc.text or doc.text.endswith("\n"):
            continue
        if any(p.file == doc.path and p.severity == "error" for p in problems):
            last = doc.text.count("\n") + 1
            problems.append(
                Problem(
                    doc.path,
                    last,
                    "",
                    f"the file looks cut off at line {last} (it ends without a line break): "
                    "check that it is complete",
                )
            )

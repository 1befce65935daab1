"""Reading translation catalogs (translations/LANG.po) into the project: each entry's msgstr
becomes the variant in LANG of the text whose key is the entry's msgctxt."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po
from pydantic import BaseModel

from .. import memo
from ..errors import Problem
from ..load import CONFIG_FILE, Key, keypath
from ..model import Text, texts
from ..project import Origin, Project

FOLDER = "translations"


@dataclass(frozen=True)
class Translation:
    """A text's translation read from a catalog: where it is, and whether it needs review."""

    file: str
    line: int
    fuzzy: bool  # flagged fuzzy (by export, when its source changed, or by a translator)
    outdated: bool  # its msgid is not the text's source any more: the catalog is behind


def path_of(lang: str) -> str:
    """The catalog of a language, relative to the project root."""
    return f"{FOLDER}/{lang}.po"


def languages(root: Path) -> list[str]:
    """The languages that have a catalog in the project."""
    return sorted(p.stem for p in (root / FOLDER).glob("*.po"))


def text_key(file: str, label: str) -> str:
    """A text's key in catalogs (msgctxt), stable when lines move: `briefgen.campaign.title`,
    `recommendations.decongest.summary` (entry id, field), `briefs/press.yaml:title`."""
    if file == CONFIG_FILE:
        return f"briefgen.{label}"
    if file.startswith("briefs/"):
        return f"{file}:{label}"
    return label


@dataclass(frozen=True)
class Translatable:
    """A prose field that briefs in other languages print translated."""

    origin: Origin
    loc: Key
    label: str  # the key path, as printed in messages
    text: Text

    @property
    def key(self) -> str:
        """The text's key in catalogs."""
        return text_key(self.origin.file, self.label)


def translatable(project: Project) -> Iterator[tuple[str, str, Translatable]]:
    """Every prose field of briefgen.yaml and of the data entries, sources' titles apart
    (printed as published): (kind, entry id, field); kind and id are "" for briefgen.yaml."""
    yield from _fields("", "", project.origins[("config", CONFIG_FILE)], project.config)
    for kind, table in project.entries().items():
        if kind == "sources":
            continue
        for entry_id, entry in table.items():
            origin = project.origins[(kind, entry_id)]
            yield from _fields(kind, entry_id, origin, entry)


def _fields(
    kind: str, entry_id: str, origin: Origin, entry: Any
) -> Iterator[tuple[str, str, Translatable]]:
    label = f"{kind}.{entry_id}" if kind else ""
    for loc, text in texts(entry):
        yield kind, entry_id, Translatable(origin, loc, keypath(label, loc), text)


def read(root: Path, lang: str, problems: list[Problem], shared: bool = False) -> Catalog | None:
    """The catalog of `lang`, or None with the reason recorded (at its line); `shared`: the
    one parsed last with the same bytes, which the caller must not change (memo.py)."""
    rel = path_of(lang)
    try:
        data = (root / rel).read_bytes()
        catalog = memo.recall("po", root / rel, data) if shared else None
        if catalog is None:
            catalog = read_po(io.BytesIO(data), abort_invalid=True)
            if shared:
                memo.keep("po", root / rel, data, catalog)
        return catalog
    except FileNotFoundError:
        return None
    except PoFileError as exc:
        problems.append(
            Problem(
                rel,
                exc.lineno + 1,
                "",
                f"not a valid PO file ({exc.args[0].rsplit(' on ', 1)[0]}): fix this line, or "
                f"open the file in a PO editor (Poedit) and save it again",
            )
        )
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        problems.append(Problem(rel, 1, "", f"cannot be read ({exc}); save it as UTF-8 PO"))
    return None


def entries(catalog: Catalog) -> dict[str, Message]:
    """The catalog's entries (not its header nor its obsolete `#~` ones), by key."""
    return {m.context: m for m in catalog if m.id and m.context}


def apply(project: Project, problems: list[Problem]) -> None:
    """Give every text translated in a catalog its variant in that language (recorded in
    `project.catalog`); a text translated both inline and in a catalog is an error at its
    line, a catalog entry whose key no text has any more a warning at the entry's line."""
    source_lang = project.config.language
    for lang in languages(project.root):
        catalog = read(project.root, lang, problems, shared=True)
        if catalog is None:
            project.unread_catalogs.add(lang)
            continue
        rel, found = path_of(lang), entries(catalog)
        used: set[str] = set()
        updates: dict[tuple[str, str], dict[Key, Text]] = {}
        for kind, entry_id, field in translatable(project):
            message = found.get(field.key)
            if message is None:
                continue
            used.add(field.key)
            if not message.string:
                continue
            root = field.text.root
            variants = dict(root) if isinstance(root, dict) else {source_lang: root}
            if lang in variants:
                problems.append(
                    Problem(
                        field.origin.file,
                        field.origin.line((*field.loc, lang)),
                        field.label,
                        f"translated into '{lang}' both here and in {rel} (line "
                        f"{message.lineno}): keep one; `briefgen translations export {lang} "
                        "--move-inline` moves inline translations into the catalog",
                    )
                )
                continue
            updates.setdefault((kind, entry_id), {})[field.loc] = Text(
                {**variants, lang: message.string}
            )
            project.catalog[(lang, field.key)] = Translation(
                rel, message.lineno, message.fuzzy, message.id != variants.get(source_lang)
            )
        for (kind, entry_id), changes in updates.items():
            _replace(project, kind, entry_id, changes)
        problems.extend(
            Problem(
                rel,
                message.lineno,
                key,
                f"no text has this key any more (removed or renamed): run `briefgen "
                f"translations export {lang}` to mark it obsolete (#~)",
                "warning",
            )
            for key, message in found.items()
            if key not in used
        )
    project.cache.clear()  # entries were replaced: what was worked out from them is stale


def _replace(project: Project, kind: str, entry_id: str, changes: dict[Key, Text]) -> None:
    if not kind:
        project.config = _with(project.config, changes, ())
    else:
        table = getattr(project, kind)
        table[entry_id] = _with(table[entry_id], changes, ())


def _with(obj: Any, changes: dict[Key, Text], loc: Key) -> Any:
    """`obj` with the texts at the locations in `changes` replaced (frozen models copied)."""
    if loc in changes:
        return changes[loc]
    if not any(key[: len(loc)] == loc for key in changes):
        return obj
    if isinstance(obj, BaseModel):
        fields = type(obj).model_fields
        return obj.model_copy(
            update={name: _with(getattr(obj, name), changes, (*loc, name)) for name in fields}
        )
    if isinstance(obj, list | tuple):
        return type(obj)(_with(item, changes, (*loc, i)) for i, item in enumerate(obj))
    if isinstance(obj, dict):
        return {k: _with(v, changes, (*loc, k)) for k, v in obj.items()}
    return obj

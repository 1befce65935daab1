"""Reading translation catalogs (translations/LANG.po) into the project: each entry's msgstr
becomes the variant in LANG of the text whose key is the entry's msgctxt."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po
from pydantic import BaseModel, TypeAdapter, ValidationError

from .. import memo
from ..errors import Problem
from ..load import CONFIG_FILE, ENTRY_KINDS, Key, keypath
from ..model import Lang, Text, texts
from ..project import Origin, Project
from . import pofile

if TYPE_CHECKING:
    from ..validate.messages import Collector

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


def located(project: Project, problems: list[Problem] | None = None) -> dict[str, str]:
    """The catalogs of the languages the project uses (a brief is in it, or briefgen.yaml sets
    it up), by language: translations/LANG.po, or as a PO editor names it (km_KH.po for
    km-KH, KM.po). Into `problems`: an error for a file named after no language code (its
    language's catalog is then unread), a warning for one of a language the project does not
    use (it is not read)."""
    from ..validate.languages import same_language

    in_briefs = sorted({b.language for b in project.briefs.values()})
    known = {code.lower(): code for code in [*project.config.languages, *in_briefs]}
    found: dict[str, str] = {}
    for path in sorted((project.root / FOLDER).glob("*.po")):
        rel, name = f"{FOLDER}/{path.name}", path.stem.replace("_", "-")
        lang = known.get(name.lower())
        if lang is not None and lang not in found:
            found[lang] = rel
            continue
        if problems is None:
            continue
        briefs_in = ", ".join(in_briefs) or "none"
        if lang is not None:
            why = f"a second catalog of '{lang}' (the first is {found[lang]})"
        elif _is_language(path.stem):
            why = f"no brief is in '{path.stem}' (briefs are in: {briefs_in})"
        else:
            like = [c for c in in_briefs if same_language(c, name.lower())]
            to = path_of(like[0]) if like else "translations/LANG.po, LANG the language of a brief"
            project.unread_catalogs.update(like)  # its texts are checked once it is renamed
            problems.append(
                Problem(
                    rel,
                    1,
                    "",
                    f"'{path.stem}' is not the language code of a brief (briefs are in: "
                    f"{briefs_in}): rename the file {to}",
                )
            )
            continue
        problems.append(
            Problem(
                rel,
                1,
                "",
                f"{why}, so this catalog is not read: rename it after a brief's language, or "
                "delete it",
                "warning",
            )
        )
    return found


def _is_language(name: str) -> bool:
    try:
        TypeAdapter(Lang).validate_python(name)
    except ValidationError:
        return False
    return True


def path_for(project: Project, lang: str) -> str:
    """The catalog of `lang` in the project (translations/LANG.po when it has none yet)."""
    return located(project).get(lang, path_of(lang))


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


def read(
    root: Path, rel: str, lang: str, problems: list[Problem], shared: bool = False
) -> Catalog | None:
    """The catalog of `lang` at `rel`, or None with the reason recorded (at its line);
    `shared`: the one parsed last with the same bytes and no problem, which the caller must
    not change (memo.py)."""
    try:
        data = (root / rel).read_bytes()
        catalog = memo.recall("po", root / rel, data) if shared else None
        if catalog is not None:
            return catalog
        before = len(problems)
        if not pofile.check(rel, data.decode("utf-8"), lang, problems):
            return None
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
        if shared and len(problems) == before:
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


def apply(project: Project, collector: Collector, inline_wins: bool = False) -> None:
    """Give every text translated in a catalog its variant in that language (recorded in
    `project.catalog`). A text translated both inline and in a catalog is an error at its
    line; with `inline_wins` (for the translation commands) it keeps its inline translation,
    which `export --move-inline` moves into the catalog. A catalog entry whose key no text
    has any more is a warning at the entry's line."""
    for lang, rel in located(project, collector.problems).items():
        catalog = read(project.root, rel, lang, collector.problems, shared=True)
        if catalog is None:
            project.unread_catalogs.add(lang)
            continue
        found = entries(catalog)
        used = _translate(project, lang, rel, found, collector.problems, inline_wins)
        collector.problems.extend(
            Problem(
                rel,
                message.lineno,
                key,
                f"no text has this key any more (removed or renamed): run `briefgen "
                f"translations export {lang}` to mark it obsolete (#~)",
                "warning",
            )
            for key, message in found.items()
            if key not in used and not _has_errors(key, collector)
        )
    project.cache.clear()  # entries were replaced: what was worked out from them is stale


def _translate(
    project: Project,
    lang: str,
    rel: str,
    found: dict[str, Message],
    problems: list[Problem],
    inline_wins: bool,
) -> set[str]:
    """Give the texts translated in the catalog `rel` their variant in `lang`; the keys used."""
    source_lang = project.config.language
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
            if not inline_wins:
                problems.append(
                    Problem(
                        field.origin.file,
                        field.origin.line((*field.loc, lang)),
                        field.label,
                        f"translated into '{lang}' both here and in {rel} (line "
                        f"{message.lineno}): delete one of the two, or run `briefgen "
                        f"translations export {lang} --move-inline` to move this one into the "
                        "catalog, replacing the catalog's",
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
    return used


def relocate(
    project: Project, lang: str, file: str, label: str, problems: list[Problem], start: int
) -> None:
    """Move the problems from `start` on, found in the `lang` variant of the text `label` of
    `file`, to the catalog's line when that variant was read from a catalog."""
    found = project.catalog.get((lang, text_key(file, label)))
    if found is not None:
        problems[start:] = [replace(p, file=found.file, line=found.line) for p in problems[start:]]


def _has_errors(key: str, collector: Collector) -> bool:
    """Whether the text `key` belongs to an entry (or a file) whose errors are reported: its
    texts are unknown, not gone."""
    if key.startswith("briefgen."):
        return any(p.file == CONFIG_FILE and p.severity == "error" for p in collector.problems)
    file, _, rest = key.partition(".")
    kind, entry_id = ENTRY_KINDS.get(file, file), rest.split(".", 1)[0]
    return kind in collector.unreadable or (kind, entry_id) in collector.invalid


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

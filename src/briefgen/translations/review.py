"""Which printed translations need review: those marked fuzzy in a catalog, and inline ones
whose source text changed after they were checked against it.

"Checked against" is recorded by builds: the first build that sees a text's source and its
inline translation together records a fingerprint of each, with the date, in the build state
(state.State.translations). A later source with the same translation is stale until the
translation is edited (the new pair is then recorded) or moved into the catalog, where it
arrives fuzzy."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from typing import Any

from babel import Locale, UnknownLocaleError

from ..errors import Problem
from ..project import Project
from .catalogs import Translatable, path_for, translatable

Records = dict[str, dict[str, dict[str, str]]]  # key -> language -> fingerprints and dates


def fingerprint(text: str) -> str:
    """A short, stable fingerprint of a text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def inline_pairs(project: Project) -> Iterator[tuple[Translatable, str, str, str]]:
    """(field, language, source, translation) of every translation written inline."""
    source_lang = project.config.language
    for _, _, field in translatable(project):
        root = field.text.root
        if not isinstance(root, dict) or source_lang not in root:
            continue
        for lang, translation in root.items():
            if lang != source_lang and (lang, field.key) not in project.catalog:
                yield field, lang, root[source_lang], translation


def record(project: Project, records: Records, today: dt.date) -> Records:
    """The records after a build that saw the project's inline translations today."""
    out: Records = {}
    for field, lang, source, translation in inline_pairs(project):
        was = records.get(field.key, {}).get(lang)
        now = {"source": fingerprint(source), "translation": fingerprint(translation)}
        if was is None or was.get("translation") != now["translation"]:
            now["checked"] = today.isoformat()  # a new pair: checked against this source
        elif was.get("source") != now["source"]:
            now = {**was, "changed": was.get("changed", today.isoformat())}
        else:
            now["checked"] = was.get("checked", today.isoformat())
        out.setdefault(field.key, {})[lang] = now
    return out


def stale(project: Project, records: Records) -> dict[tuple[str, str], str]:
    """The inline translations whose source changed since they were checked, by (language,
    key), with the date the change was first seen (or the file's date, before any build)."""
    found = {}
    for field, lang, source, translation in inline_pairs(project):
        was = records.get(field.key, {}).get(lang)
        if (
            was is not None
            and was.get("translation") == fingerprint(translation)
            and was.get("source") != fingerprint(source)
        ):
            found[(lang, field.key)] = was.get("changed") or _file_date(project, field)
    return found


def _file_date(project: Project, field: Translatable) -> str:
    try:
        mtime = project.path(field.origin.file).stat().st_mtime
    except OSError:
        return "an unknown date"
    return dt.date.fromtimestamp(mtime).isoformat()


def language_name(code: str) -> str:
    """A language's name in English ("English" for en), or its code."""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name("en") or code
    except (UnknownLocaleError, ValueError):
        return code


def warn(project: Project, lang: str, key: str, brief_id: str, problems: list[Problem]) -> None:
    """A warning when the translation of the text `key` into `lang`, printed by `brief_id`,
    needs review: at the catalog's line, or at the inline variant's."""
    source = language_name(project.config.language)
    found = project.catalog.get((lang, key))
    if found is not None and (found.fuzzy or found.outdated):
        why = (
            f"is marked fuzzy: review it against the {source} text and clear its fuzzy flag"
            if found.fuzzy
            else f"was made for an earlier {source} text: run `briefgen translations export "
            f"{lang}`, then review it and clear its fuzzy flag"
        )
        problems.append(
            Problem(found.file, found.line, key, f"the '{lang}' translation {why}", "warning")
        )
        return
    changed = stale_in_state(project).get((lang, key))
    if changed is not None:
        field = next(f for _, _, f in translatable(project) if f.key == key)
        problems.append(
            Problem(
                field.origin.file,
                field.origin.line((*field.loc, lang)),
                key,
                f"the {source} of {key} changed on {changed} after its {lang} translation: "
                f"review it (edit the translation, or move it to {path_for(project, lang)} with "
                f"`briefgen translations export {lang} --move-inline` and clear its fuzzy flag)",
                "warning",
            )
        )


def stale_in_state(project: Project) -> dict[tuple[str, str], str]:
    """stale() against the build state in the project's output folder (read once)."""
    if ("stale translations",) not in project.cache:
        from ..state import Store

        records: Any = Store(project.output_dir).load()[0].translations
        project.cache[("stale translations",)] = stale(project, records)
    return project.cache[("stale translations",)]

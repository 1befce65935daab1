"""`translations export`: write or update a language's catalog with every text its briefs
print, keeping the translations it has, as msgmerge does; optionally move inline
translations into it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from pydantic import BaseModel

from ..errors import BuildFailed, Problem, ProjectError, UsageError
from ..load import Key
from ..project import Project
from . import inline
from .catalogs import entries, path_for, read
from .review import stale_in_state


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote: the catalog, and how many of its entries are in each state."""

    path: Path
    texts: int  # the texts the language's briefs print, each an entry
    translated: int  # translated and not fuzzy
    fuzzy: int  # translated, needing review
    untranslated: int
    obsolete: int  # `#~` entries: texts that no longer exist
    moved: int  # inline translations moved into the catalog
    replaced: list[str]  # keys of the catalog's translations a moved inline one replaced
    left_inline: int  # inline translations left where they are (no --move-inline)


def export(project: Project, lang: str, move_inline: bool = False) -> ExportReport:
    """Write or update translations/LANG.po with every text a brief in `lang` prints."""
    rel = path_for(project, lang)
    problems: list[Problem] = []
    catalog = read(project.root, rel, lang, problems)
    if any(p.severity == "error" for p in problems):
        raise ProjectError(problems)  # never write over a catalog that cannot be read
    catalog = catalog or _new_catalog(project, lang)
    template, moved, left_inline = _template(project, lang, move_inline, set(entries(catalog)))
    replaced = _merge(catalog, template)
    buffer = io.BytesIO()
    write_po(buffer, catalog, include_previous=True)
    _write(project.root / rel, buffer.getvalue())
    by_file: dict[str, list[tuple[Key, str]]] = {}
    for file, key in moved:
        by_file.setdefault(file, []).append((key, lang))
    for file, variants in by_file.items():
        inline.remove(project.path(file), variants)
    active = list(entries(catalog).values())
    return ExportReport(
        project.root / rel,
        len(active),
        sum(1 for m in active if m.string and not m.fuzzy),
        sum(1 for m in active if m.string and m.fuzzy),
        sum(1 for m in active if not m.string),
        len(catalog.obsolete),
        len(moved),
        replaced,
        left_inline,
    )


def _template(
    project: Project, lang: str, move_inline: bool, in_catalog: set[str]
) -> tuple[Catalog, list[tuple[str, Key]], int]:
    """The entries the catalog must have, in the order the briefs print them; the inline
    translations moved into it (file, key path of the text); how many were left inline.
    `in_catalog`: the keys the catalog has entries for."""
    from ..validate.languages import printed, same_language

    source = project.config.language
    if same_language(lang, source):
        raise UsageError(f"'{lang}' is the project's own language (briefgen.yaml `language`)")
    briefs = [b for b, brief in project.briefs.items() if same_language(brief.language, lang)]
    if not briefs:
        known = sorted({b.language for b in project.briefs.values()} - {source})
        raise UsageError(
            f"no brief is in '{lang}' (other languages: {', '.join(known) or 'none'})", "LANG"
        )
    stale = stale_in_state(project)
    template = Catalog(fuzzy=False)
    moved: list[tuple[str, Key]] = []
    left_inline = 0
    for brief_id in briefs:
        for text in printed(project, brief_id):
            msgid = text.text.get(source)
            if text.own or msgid is None or template.get(msgid, text.key) is not None:
                continue
            root = text.text.root
            own = root.get(lang) if isinstance(root, dict) else None
            if (lang, text.key) in project.catalog:
                own = None
            elif own is not None and not move_inline:
                left_inline += 1
                if text.key not in in_catalog:
                    continue
                own = None  # translated in both (an error for check): the catalog's stays
            template.add(
                msgid,
                own or "",
                locations=[(text.origin.file, text.origin.line(text.loc))],
                flags={"fuzzy"} if (lang, text.key) in stale else (),
                auto_comments=[c for c in [description(text.entry, text.loc)] if c],
                context=text.key,
            )
            if own is not None:
                moved.append((text.origin.file, (*text.origin.key, *text.loc)))
    return template, moved, left_inline


def _new_catalog(project: Project, lang: str) -> Catalog:
    """An empty catalog whose header names the campaign and the organisation (a translator's
    PO editor fills in the translator and the revision date)."""
    config = project.config
    email = config.organisation.contact.email
    header: dict[str, Any] = {
        "project": config.campaign.title.get(config.language) or "briefgen",
        "copyright_holder": config.organisation.name,
        "msgid_bugs_address": email or "",
        "last_translator": f"{config.organisation.name} <{email or ''}>",
        "fuzzy": False,
    }
    try:
        catalog = Catalog(locale=lang.replace("-", "_"), **header)
    except (UnknownLocaleError, ValueError):  # a code Babel has no data for: no Language header
        catalog = Catalog(**header)
    catalog.revision_date = catalog.creation_date
    return catalog


def _merge(catalog: Catalog, template: Catalog) -> list[str]:
    """Update `catalog` to `template` with Babel, keyed by msgctxt: a text whose source changed
    keeps its translation, marked fuzzy, with the text it was made for (`#| msgid`); entries
    for texts that no longer exist become obsolete (`#~`). The keys whose translation one
    moved from inline replaced."""
    before = entries(catalog)
    replaced: list[str] = []
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    # Babel matches a changed msgid by likeness to any entry; the key says which entry it is
    for message in entries(catalog).values():
        old = before.get(message.context)
        wanted = template.get(message.id, message.context)
        if wanted is not None and wanted.string:  # moved from inline: it wins over the catalog's
            if old is not None and old.string and old.string != wanted.string:
                replaced.append(message.context)
            message.string = wanted.string
            message.flags = set(wanted.flags)  # fuzzy only if stale, whatever the catalog's was
            message.previous_id = []
            continue
        if old is None or not old.string:
            continue
        if old.id == message.id:
            message.previous_id = old.previous_id if message.fuzzy else []
            continue
        catalog.obsolete.pop((old.id, old.context), None)
        message.string = old.string
        message.flags.add("fuzzy")
        message.previous_id = old.previous_id if old.fuzzy and old.previous_id else [old.id]
    return replaced


def _write(path: Path, data: bytes) -> None:
    from ..state import replacing

    try:
        with replacing(path) as tmp:
            tmp.write_bytes(data)
    except OSError as exc:
        raise BuildFailed(f"{path}: cannot be written ({exc.strerror or exc})") from exc


def description(entry: Any, loc: tuple[str | int, ...]) -> str | None:
    """The description of the model field at `loc` in `entry` (of the list or mapping it is
    in, for an item): the translator's comment."""
    found, obj = None, entry
    for part in loc:
        if isinstance(obj, BaseModel) and part in type(obj).model_fields:
            found = type(obj).model_fields[str(part)].description or found
            obj = getattr(obj, str(part))
        elif isinstance(obj, list | tuple | dict):
            obj = obj[part]
        else:
            break
    return found

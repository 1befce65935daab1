"""Stage 3, plan: what each brief uses, and which briefs a build writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from pydantic import BaseModel

from . import clock, markup
from .errors import UsageError
from .model import (
    Brief,
    ChangesBlock,
    RecommendationsBlock,
    texts,
    variants,
)
from .project import Project


@dataclass
class Uses:
    """The entries of the data files a brief depends on (its build inputs)."""

    statistics: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    recommendations: set[str] = field(default_factory=set)
    quotes: set[str] = field(default_factory=set)
    charts: set[str] = field(default_factory=set)

    def add_refs(self, project: Project, obj: Any) -> None:
        """Record the statistics and sources referenced from the prose inside `obj`."""
        statistics, sources = prose_refs(project, obj)
        self.statistics.update(statistics)
        self.sources.update(sources)


def prose_of(project: Project, obj: Any) -> list[tuple[tuple[str | int, ...], Any]]:
    """(location, Text) of every prose field inside `obj` (cached per entry)."""
    key = ("texts", id(obj))
    if key not in project.cache:
        project.cache[key] = list(texts(obj))
    return project.cache[key]


def prose_refs(project: Project, obj: Any) -> tuple[frozenset[str], frozenset[str]]:
    """The statistics and the sources the prose inside `obj` refers to (cached per entry)."""
    key = ("refs", id(obj))
    if key not in project.cache:
        statistics: set[str] = set()
        sources: set[str] = set()
        for _, text in prose_of(project, obj):
            for variant in variants(text):
                for ref in markup.references(variant):
                    (statistics if ref.kind == "stat" else sources).update(ref.ids)
        project.cache[key] = (frozenset(statistics), frozenset(sources))
    return project.cache[key]


def recommendation_ids(project: Project, block: RecommendationsBlock) -> list[str]:
    """The recommendations a block prints, in order."""
    return [named.id for named in block.named(project.entries())]


def asks_printed(brief: Brief) -> dict[str, bool]:
    """The audiences whose asks a brief prints, each with whether it prints their heading
    too (in a recommendations block in the full style)."""
    out: dict[str, bool] = {}
    for block in brief.blocks:
        if isinstance(block, RecommendationsBlock):
            ask = block.ask or brief.audience
            out[ask] = out.get(ask, False) or block.style == "full"
    return out


def uses(project: Project, brief_id: str) -> Uses:
    """Everything the brief `brief_id` prints, directly or through references (computed
    once per project: do not change what it returns)."""
    key = ("uses", brief_id)
    if key not in project.cache:
        project.cache[key] = _uses(project, brief_id)
    return project.cache[key]


def _uses(project: Project, brief_id: str) -> Uses:
    brief = project.briefs[brief_id]
    found = Uses()
    found.add_refs(project, brief)
    every = project.entries()
    for block in brief.blocks:
        for named in block.named(every):
            entry = every[named.kind].get(named.id)
            if entry is None:
                continue
            getattr(found, named.kind).add(named.id)
            found.add_refs(project, entry)
            for kind, ids in entry.prints().items():
                getattr(found, kind).update(ids)
    for stat_id in found.statistics:
        if stat := project.statistics.get(stat_id):
            found.sources.add(stat.source)
    return found


def select(project: Project, requested: tuple[str, ...] | list[str]) -> list[str]:
    """The ids of the briefs to build: those requested, or all of them; UsageError naming the
    known ids when one is unknown."""
    unknown = [b for b in requested if b not in project.briefs]
    if unknown:
        known = ", ".join(project.briefs) or "none"
        raise UsageError(
            f"no brief named {', '.join(map(repr, unknown))} (known: {known})", "BRIEF_ID"
        )
    return list(requested) or list(project.briefs)


def asset_paths(project: Project, lang: str | None = None) -> list[str]:
    """The project files a brief is drawn with: the project's fonts and logo, and a
    language's own fonts (those of `lang` only, when given; else every language's)."""
    fonts = project.config.branding.fonts
    paths = [getattr(fonts, name) for name in type(fonts).model_fields]
    if project.config.branding.logo:
        paths.append(project.config.branding.logo)
    for code, settings in project.config.languages.items():
        own = settings.fonts
        if own is not None and lang in (None, code):
            paths += [f for f in (own.regular, own.bold, own.heading) if f is not None]
    return list(dict.fromkeys(paths))


def hash_assets(project: Project, known: dict[str, list[Any]]) -> dict[str, str]:
    """Content hashes of the asset files; `known` ([mtime_ns, size, hash] by path) is reused
    for files that have not changed since, and updated."""
    from .state import sha256_file

    out = {}
    for rel in asset_paths(project):
        path = project.path(rel)
        stat = path.stat()
        cached = known.get(rel)
        if cached and cached[0] == stat.st_mtime_ns and cached[1] == stat.st_size:
            out[rel] = cached[2]
        else:
            out[rel] = sha256_file(path)
            known[rel] = [stat.st_mtime_ns, stat.st_size, out[rel]]
    return out


def inputs(
    project: Project, brief_id: str, assets: dict[str, str], history: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Everything a brief's PDF depends on, entry by entry: its build key is a hash of this."""
    from . import __version__

    brief = project.briefs[brief_id]
    used = uses(project, brief_id)
    # Fields left at their defaults are left out: a new optional field, unset, changes no
    # brief's key (the version is part of it, should a default's meaning change).
    dump = partial(BaseModel.model_dump, mode="json", exclude_defaults=True)
    found: dict[str, Any] = {
        "briefgen": __version__,
        "config": dump(project.config),
        "brief": dump(brief),
        "output": project.output_name(brief_id),
    }
    if epoch := clock.source_date_epoch():  # the PDF's dates (write.py)
        found["source_date_epoch"] = epoch
    for kind in ("statistics", "sources", "recommendations", "quotes", "charts"):
        table = getattr(project, kind)
        for entry_id in sorted(getattr(used, kind)):
            found[f"{kind}/{entry_id}"] = dump(table[entry_id])
    drawn_with = asset_paths(project, brief.language)
    found.update({f"asset/{rel}": sha for rel, sha in assets.items() if rel in drawn_with})
    if any(isinstance(b, ChangesBlock) for b in brief.blocks):
        for stat_id in sorted(used.statistics):
            if stat_id in history:
                found[f"history/{stat_id}"] = history[stat_id]
    return found

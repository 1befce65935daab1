"""Languages: a brief's language is set up in briefgen.yaml, and every text the brief prints
has a variant in it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..load import CONFIG_FILE, Key, keypath
from ..model import Brief, ChartBlock, RecommendationsBlock, Text
from ..plan import asks_printed, prose_of, uses
from ..project import Origin, Project
from ..translations import catalogs, review
from .messages import Collector


def check(project: Project, brief_id: str, collector: Collector) -> None:
    """The brief's language is set up, and every prose field it prints has a variant in it."""
    brief = project.briefs[brief_id]
    lang = brief.language
    origin = project.origins[("briefs", brief_id)]
    settings = project.config.languages.get(lang)
    if settings is None and not same_language(lang, "en"):
        collector.error(
            origin,
            ("language",),
            "language",
            f"briefgen.yaml has no settings for '{lang}': add `languages: {lang}: "
            "phrases:` with the words briefgen prints (see docs/fields.md)",
        )
        return  # its texts are checked once the language is set up
    if settings is not None and settings.draft:
        collector.warning(
            origin,
            ("language",),
            "language",
            f"the '{lang}' texts are a draft translation awaiting review by a native speaker "
            f"(briefgen.yaml languages.{lang}.draft); once reviewed, remove `draft`",
        )
    if lang in project.unread_catalogs:
        return  # its texts are checked once its catalog can be read
    written_in = project.config.language
    for text in printed(project, brief_id):
        once_is_enough = text.own or same_language(lang, written_in)
        if isinstance(text.text.root, str) and not once_is_enough:
            collector.error(
                text.origin,
                text.loc,
                text.label,
                f"no '{lang}' text for brief '{brief_id}' (this text is written once, in "
                f"'{written_in}'); write it as `{{{written_in}: ..., {lang}: ...}}` or "
                f"translate it in translations/{lang}.po (`briefgen translations export {lang}`)",
            )
        elif text.text.get(lang) is None:
            collector.error(
                text.origin,
                text.loc,
                text.label,
                f"no '{lang}' text for brief '{brief_id}' "
                f"(has: {', '.join(text.text.root)}); add a `{lang}:` variant or translate it "
                f"in translations/{lang}.po (`briefgen translations export {lang}`)",
            )
        elif not once_is_enough:
            review.warn(project, lang, text.key, brief_id, collector.problems)


@dataclass(frozen=True)
class Printed:
    """A prose field a brief prints: where it is written, its key path as printed in
    messages, and whether it is in the brief's own language (the brief's file, sources)."""

    origin: Origin
    loc: Key
    label: str
    text: Text
    own: bool
    entry: Any  # the entry (or file) the field belongs to

    @property
    def key(self) -> str:
        """The text's stable key in translation catalogs (msgctxt)."""
        return catalogs.text_key(self.origin.file, self.label)


def printed(project: Project, brief_id: str) -> Iterator[Printed]:
    """Every prose field the brief prints, in the order its entries are listed."""
    brief = project.briefs[brief_id]
    for obj, entry_origin, label, own in _printed_entries(project, brief_id):
        for loc, text in prose_of(project, obj):
            if _printed(project, label, loc, brief):
                yield Printed(entry_origin, loc, keypath(label, loc), text, own, obj)


def _printed_entries(project: Project, brief_id: str) -> Iterator[tuple[Any, Origin, str, bool]]:
    """The brief, briefgen.yaml and every entry the brief prints: (entry, where it is written,
    its label, whether its texts are in the brief's own language)."""
    # the brief's own texts are in its language and a source's title is printed as
    # published; other texts written once are in the project's language (briefgen.yaml
    # `language`), and a brief in another language needs its own variant of them
    yield project.briefs[brief_id], project.origins[("briefs", brief_id)], "", True
    yield project.config, project.origins[("config", CONFIG_FILE)], "", False
    used = uses(project, brief_id)
    for kind in ("statistics", "sources", "recommendations", "quotes", "charts"):
        table = getattr(project, kind)
        for entry_id in sorted(getattr(used, kind)):
            if entry_id in table:
                origin = project.origins[(kind, entry_id)]
                yield table[entry_id], origin, f"{kind}.{entry_id}", kind == "sources"


def _printed(project: Project, label: str, loc: tuple[str | int, ...], brief: Brief) -> bool:
    """Whether the field at `loc` of the entry `label` is printed by `brief`: of a
    recommendation, the asks of the audiences it prints only, and the summary and rationale
    only in the full style; of briefgen.yaml's audiences, the heading of those whose asks it
    prints in full; of a statistic, its series' periods only on a chart of the series."""
    if label.startswith("recommendations.") and loc[0] == "asks":
        return loc[1] in asks_printed(brief)
    if not label and loc[0] == "audiences":
        return loc[2] == "asks_heading" and asks_printed(brief).get(str(loc[1]), False)
    if label.startswith("recommendations.") and loc[0] in ("summary", "rationale"):
        return any(isinstance(b, RecommendationsBlock) and b.style != "short" for b in brief.blocks)
    if label.startswith("statistics.") and loc[0] == "series":
        stat_id = label.split(".", 1)[1]
        return any(
            isinstance(b, ChartBlock) and stat_id in project.charts[b.chart].series_ids
            for b in brief.blocks
            if not isinstance(b, ChartBlock) or b.chart in project.charts
        )
    return True


def same_language(a: str, b: str) -> bool:
    """Whether two language codes share their base language (pt-BR and pt)."""
    return a.split("-")[0] == b.split("-")[0]

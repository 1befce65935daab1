"""Stage 3, plan: what each brief uses, and which briefs a build writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import click

from . import markup
from .model import ChartBlock, KeyFiguresBlock, QuotesBlock, RecommendationsBlock, texts, variants
from .project import Project


@dataclass
class Uses:
    """The entries of the data files a brief depends on (its build inputs)."""

    statistics: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    recommendations: set[str] = field(default_factory=set)
    quotes: set[str] = field(default_factory=set)
    charts: set[str] = field(default_factory=set)

    def add_refs(self, obj: Any) -> None:
        """Record the statistics and sources referenced from the prose inside `obj`."""
        for _, text in texts(obj):
            for variant in variants(text):
                for paragraph in markup.paragraphs(variant):
                    for ref in markup.refs(markup.parse(paragraph)):
                        target = self.statistics if ref.kind == "stat" else self.sources
                        target.update(ref.ids)


def chart_statistics(project: Project, chart_id: str) -> list[str]:
    """Ids of the statistics a chart draws."""
    chart = project.charts[chart_id]
    return [chart.series] if chart.series else list(chart.statistics or [])


def recommendation_ids(project: Project, block: RecommendationsBlock) -> list[str]:
    """The recommendations a block prints, in order."""
    return list(block.items) if block.items is not None else list(project.recommendations)


def uses(project: Project, brief_id: str) -> Uses:
    """Everything the brief `brief_id` prints, directly or through references."""
    brief = project.briefs[brief_id]
    found = Uses()
    found.add_refs(brief)
    for block in brief.blocks:
        if isinstance(block, KeyFiguresBlock):
            for item in block.items:
                found.statistics.update([item.stat] if isinstance(item.stat, str) else item.stat)
        elif isinstance(block, ChartBlock) and block.chart in project.charts:
            found.charts.add(block.chart)
            found.add_refs(project.charts[block.chart])
            found.statistics.update(chart_statistics(project, block.chart))
        elif isinstance(block, RecommendationsBlock):
            for rec_id in recommendation_ids(project, block):
                if rec := project.recommendations.get(rec_id):
                    found.recommendations.add(rec_id)
                    found.add_refs(rec)
                    found.sources.update(rec.sources)
        elif isinstance(block, QuotesBlock):
            for quote_id in block.items:
                if quote := project.quotes.get(quote_id):
                    found.quotes.add(quote_id)
                    found.add_refs(quote)
                    found.sources.add(quote.source)
    for stat_id in found.statistics:
        if stat := project.statistics.get(stat_id):
            found.sources.add(stat.source)
    return found


def select(project: Project, requested: tuple[str, ...] | list[str]) -> list[str]:
    """The ids of the briefs to build: those requested, or all of them."""
    unknown = [b for b in requested if b not in project.briefs]
    if unknown:
        known = ", ".join(project.briefs) or "none"
        raise click.BadParameter(
            f"no brief named {', '.join(map(repr, unknown))} (known: {known})",
            param_hint="BRIEF_ID",
        )
    return list(requested) or list(project.briefs)

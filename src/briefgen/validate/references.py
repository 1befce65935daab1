"""Cross-references, resolved before anything is drawn: brief → block → chart → statistic →
source, {stat:} and {cite:} in prose, charts' data, and the asks recommendations blocks print."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import markup
from ..load import ENTRY_KINDS, Key, keypath
from ..model import (
    FiguresBlock,
    Recommendation,
    RecommendationsBlock,
    texts,
    variants,
)
from ..plan import recommendation_ids
from ..project import Origin, Project
from .entries import Salvaged
from .messages import Collector


def config(project: Project, origin: Origin, collector: Collector) -> None:
    """Every reference briefgen.yaml (at `origin`) makes: the campaign's report, its prose."""
    report = project.config.campaign.report
    if report is not None and report not in project.sources:
        collector.unknown(
            origin, ("campaign", "report"), "campaign.report", "source", report, project.sources
        )
    _prose(project, project.config, origin, "", collector)


def data(project: Project, collector: Collector) -> None:
    """Every reference the entries of the data files make."""
    for kind in ("statistics", "recommendations", "quotes"):
        for entry in getattr(project, kind).values():
            origin = project.origins[(kind, entry.id)]
            label = f"{kind}.{entry.id}"
            if isinstance(entry, Recommendation):  # a list of sources; the others name one
                collector.unknown_in(
                    origin,
                    ("sources",),
                    f"{label}.sources",
                    "source",
                    entry.sources,
                    project.sources,
                )
            elif entry.source not in project.sources:
                collector.unknown(
                    origin, ("source",), f"{label}.source", "source", entry.source, project.sources
                )
            _prose(project, entry, origin, label, collector)
    for chart_id in project.charts:
        _chart(project, chart_id, collector)


def _prose(project: Project, obj: Any, origin: Origin, label: str, collector: Collector) -> None:
    """Every {stat:...} and {cite:...} in the prose of `obj` names something that exists."""
    for loc, text in texts(obj):
        key = keypath(label, loc)
        for variant in variants(text):
            for ref in markup.references(variant):
                if not ref.ids:
                    collector.error(
                        origin,
                        loc,
                        key,
                        f"empty reference {{{ref.kind}:}}; write {{{ref.kind}:ID}}",
                    )
                known = project.statistics if ref.kind == "stat" else project.sources
                kind = "statistic" if ref.kind == "stat" else "source"
                for ref_id in ref.ids:
                    if ref_id not in known:
                        collector.unknown(origin, loc, key, kind, ref_id, known)
                if ref.kind == "stat":
                    _stat_ref(project, ref, origin, loc, key, collector)


def _stat_ref(
    project: Project, ref: markup.Ref, origin: Origin, loc: Key, key: str, collector: Collector
) -> None:
    """A {stat:} reference's form ('|by'), its series point ('@2016') and its claims."""
    written = f"{{stat:{','.join(ref.ids)}{'|' + ref.form if ref.form else ''}}}"
    if ref.form not in ("", "by"):
        collector.error(
            origin,
            loc,
            key,
            f"'|{ref.form}' in {written}: write {{stat:A,B|by}} to print each claim with its "
            "publisher, or nothing after the ids",
        )
    if ref.periods:
        _point(project, ref, origin, loc, key, collector)
    elif ref.form != "by":
        _range(project, ref.ids, origin, loc, key, collector)


def _point(
    project: Project, ref: markup.Ref, origin: Origin, loc: Key, key: str, collector: Collector
) -> None:
    """{stat:ID@PERIOD} names one statistic and a period of its series."""
    if len(ref.ids) > 1 or ref.form:
        collector.error(
            origin,
            loc,
            key,
            "a series point is printed on its own: write {stat:ID@PERIOD} with one statistic",
        )
        return
    stat = project.statistics.get(ref.ids[0])
    period = ref.period or ""
    if stat is None:
        return  # reported as unknown
    if not stat.series:
        collector.error(
            origin,
            loc,
            key,
            f"{{stat:{stat.id}@{period}}}: statistic '{stat.id}' has no `series:`; refer to "
            f"it as {{stat:{stat.id}}}",
        )
    elif stat.point(period) is None:
        periods = ", ".join(variants(p.period)[0] for p in stat.series)
        collector.error(
            origin,
            loc,
            key,
            f"{{stat:{stat.id}@{period}}}: '{period}' is not a period of its series "
            f"(periods: {periods})",
        )


def _range(
    project: Project, ids: Iterable[str], origin: Origin, loc: Key, key: str, collector: Collector
) -> None:
    """Several statistics printed as one range must be claims about one quantity, in one
    unit (and currency)."""
    stats = [project.statistics[i] for i in ids if i in project.statistics]
    if len(stats) < 2:
        return
    quantities = {s.quantity for s in stats}
    units = {(s.unit, s.currency) for s in stats}
    if None in quantities or len(quantities) > 1 or len(units) > 1:
        collector.error(
            origin,
            loc,
            key,
            "a range joins claims about one quantity: give "
            f"{', '.join(s.id for s in stats)} the same `quantity:` and unit (and currency), "
            "or print each with its publisher: {stat:" + ",".join(s.id for s in stats) + "|by}",
        )


def _chart(project: Project, chart_id: str, collector: Collector) -> None:
    """A chart's prose, and what it draws: one statistic's series, or statistics sharing a unit."""
    chart = project.charts[chart_id]
    origin = project.origins[("charts", chart_id)]
    label = f"charts.{chart_id}"
    _prose(project, chart, origin, label, collector)
    if (chart.series is None) == (chart.statistics is None):
        collector.error(
            origin,
            (),
            label,
            "give either `series:` (one statistic's time series) "
            "or `statistics:` (one bar per statistic), not both or neither",
        )
        return
    if chart.series is not None:
        stat = project.statistics.get(chart.series)
        if stat is None:
            collector.unknown(
                origin,
                ("series",),
                f"{label}.series",
                "statistic",
                chart.series,
                project.statistics,
            )
        elif not stat.series:
            collector.error(
                origin,
                ("series",),
                f"{label}.series",
                f"statistic '{stat.id}' has "
                "no `series:`; add its points in data/statistics.yaml or use "
                "`statistics:`",
            )
        return
    assert chart.statistics is not None
    if chart.kind == "line":
        collector.error(
            origin,
            ("kind",),
            f"{label}.kind",
            "a line chart draws a `series:`; use kind bar or hbar for a list of statistics",
        )
    collector.unknown_in(
        origin,
        ("statistics",),
        f"{label}.statistics",
        "statistic",
        chart.statistics,
        project.statistics,
    )
    units = {project.statistics[i].unit for i in chart.statistics if i in project.statistics}
    if len(units) > 1:
        collector.error(
            origin,
            ("statistics",),
            f"{label}.statistics",
            f"the statistics of one chart must share a unit (found {', '.join(sorted(units))})",
        )
    if chart.labels is not None and len(chart.labels) != len(chart.statistics):
        collector.error(
            origin,
            ("labels",),
            f"{label}.labels",
            f"{len(chart.labels)} labels for "
            f"{len(chart.statistics)} statistics; give one label per statistic",
        )


def brief(project: Project, brief_id: str, collector: Collector) -> None:
    """Every reference a brief makes, in its own fields and in its blocks."""
    found = project.briefs[brief_id]
    origin = project.origins[("briefs", brief_id)]
    _prose(project, found, origin, "", collector)
    _blocks(project, found.audience, list(enumerate(found.blocks)), origin, collector)


def salvaged(project: Project, brief: Salvaged, collector: Collector) -> None:
    """Every reference the valid blocks of an invalid brief make."""
    for b, block in brief.blocks:
        where = ("blocks", b)
        _prose(project, block, Origin(brief.origin.doc, where), keypath("", where), collector)
    _blocks(project, brief.audience, brief.blocks, brief.origin, collector)


def _blocks(
    project: Project,
    audience: str | None,
    blocks: list[tuple[int, Any]],
    origin: Origin,
    collector: Collector,
) -> None:
    """Every reference a brief's blocks make (charts, quotes, statistics, recommendations)."""
    every = project.entries()
    for b, block in blocks:
        loc: Key = ("blocks", b)
        label = keypath("", loc)
        for named in block.named(every):
            if named.id not in every[named.kind]:
                table = every[named.kind]
                where = f"{label}.{named.loc[0]}"
                kind = ENTRY_KINDS[named.kind]
                collector.unknown(origin, (*loc, *named.loc), where, kind, named.id, table)
        if isinstance(block, FiguresBlock):
            for i, item in enumerate(block.items):
                _range(project, item.ids, origin, (*loc, "items", i), f"{label}.items", collector)
        elif isinstance(block, RecommendationsBlock):
            _recommendations(project, audience, block, origin, loc, label, collector)


def _recommendations(
    project: Project,
    audience: str | None,
    block: RecommendationsBlock,
    origin: Origin,
    loc: Key,
    label: str,
    collector: Collector,
) -> None:
    """The block prints recommendations, each with the ask it prints."""
    ask = block.ask or audience
    printed = recommendation_ids(project, block)
    if not printed and "recommendation" not in collector.unreadable:
        collector.error(
            origin,
            loc,
            label,
            "no recommendations to print: add them to data/recommendations.yaml, or remove "
            "this block",
        )
    for rec_id in printed:
        rec = project.recommendations.get(rec_id)
        if rec is not None and ask is not None and ask not in rec.asks:
            rec_origin = project.origins[("recommendations", rec_id)]
            collector.error(
                origin,
                loc,
                label,
                f"recommendation '{rec_id}' has no ask for "
                f"'{ask}'; add `asks: {ask}:` at {rec_origin.file}:"
                f"{rec_origin.line(('asks',))} or set the block's `ask:`",
            )

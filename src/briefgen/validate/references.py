"""Cross-references, resolved before anything is drawn: brief → block → chart → statistic →
source, {stat:} and {cite:} in prose, charts' data, and the asks recommendations blocks print."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import links, markup
from ..errors import Problem
from ..load import ENTRY_KINDS, Key, keypath
from ..model import (
    Chart,
    FiguresBlock,
    Quote,
    Recommendation,
    RecommendationsBlock,
    Statistic,
    texts,
    variants,
    visible,
)
from ..plan import recommendation_ids
from ..project import Origin, Project
from ..translations import catalogs
from .entries import Salvaged
from .messages import Collector

#: The most series one chart draws: each needs a marker, a dash and a tone of its own.
MOST_SERIES = 6
#: How to add an audience, said after an unknown one.
DECLARE = "declare a new audience in briefgen.yaml under `audiences:`, with its `asks_heading:`"


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
                asks = {("asks", audience): audience for audience in entry.asks}
                _audiences(project, asks, origin, f"{label}.asks", collector)
            elif isinstance(entry, Quote) and entry.consent and entry.consent.audiences != "all":
                named = {
                    ("consent", "audiences", i): a for i, a in enumerate(entry.consent.audiences)
                }
                _audiences(project, named, origin, f"{label}.consent.audiences", collector)
            if not isinstance(entry, Recommendation) and entry.source not in project.sources:
                collector.unknown(
                    origin, ("source",), f"{label}.source", "source", entry.source, project.sources
                )
            _prose(project, entry, origin, label, collector)
    for chart_id in project.charts:
        _chart(project, chart_id, collector)


def _audiences(
    project: Project, named: dict[Key, str], origin: Origin, label: str, collector: Collector
) -> None:
    """Each audience named (at its location) exists: a misspelt one would never print an ask,
    or would refuse every brief for the audience meant."""
    known = project.config.audience_ids()
    for where, audience in named.items():
        if audience not in known:
            collector.unknown(origin, where, label, "audience", audience, known, DECLARE)


def _prose(project: Project, obj: Any, origin: Origin, label: str, collector: Collector) -> None:
    """Every {stat:...} and {cite:...} in the prose of `obj` names something that exists; a
    translation read from a catalog is reported at the catalog's line."""
    for loc, text in texts(obj):
        key = keypath(label, loc)
        root = text.root
        for lang, variant in root.items() if isinstance(root, dict) else [("", root)]:
            start = len(collector.problems)
            _references(project, variant, origin, loc, key, collector)
            catalogs.relocate(project, lang, origin.file, key, collector.problems, start)


def _references(
    project: Project, variant: str, origin: Origin, loc: Key, key: str, collector: Collector
) -> None:
    parsed = [markup.parse(paragraph) for paragraph in markup.paragraphs(variant)]
    for target in (url for nodes in parsed for url in markup.link_targets(nodes)):
        if reason := links.problem(target):
            collector.error(
                origin, loc, key, f"a link to '{visible(target)}' cannot be made: {reason}"
            )
    for ref in (ref for nodes in parsed for ref in markup.refs(nodes)):
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
    else:
        _range(project, ref.ids, origin, loc, key, collector, attributed=ref.form == "by")


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
    _series_point(project, ref.ids[0], ref.period or "", "{stat:%s}", (origin, loc, key), collector)


def _series_point(
    project: Project,
    stat_id: str,
    period: str,
    written: str,
    where: tuple[Origin, Key, str],
    collector: Collector,
) -> None:
    """A point of a statistic's series exists; `written` shows how it was named, with %s for
    'ID' or 'ID@PERIOD' ('{stat:%s}' in prose, 'stat: %s' in a key figure)."""
    stat = project.statistics.get(stat_id)
    if stat is None:
        return  # reported as unknown
    if not stat.series:
        collector.error(
            *where,
            f"{written % f'{stat.id}@{period}'}: statistic '{stat.id}' has no `series:`; refer "
            f"to it as {written % stat.id}",
        )
    elif stat.point(period) is None:
        periods = ", ".join(variants(p.period)[0] for p in stat.series)
        collector.error(
            *where,
            f"{written % f'{stat.id}@{period}'}: '{period}' is not a period of its series "
            f"(periods: {periods})",
        )


def _range(
    project: Project,
    ids: Iterable[str],
    origin: Origin,
    loc: Key,
    key: str,
    collector: Collector,
    attributed: bool = False,
) -> None:
    """Several statistics printed together, as one range or `attributed` to their publishers,
    must be claims about one quantity, in one unit (and currency)."""
    ids = list(ids)
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        message = f"the same statistic twice ('{twice[0]}'): name each claim once"
        collector.error(origin, loc, key, message)
        return
    stats = [project.statistics[i] for i in ids if i in project.statistics]
    if len(stats) < 2:
        return
    names = ", ".join(s.id for s in stats)
    apart = " and ".join(f"{{stat:{s.id}}}" for s in stats)
    if "items" in loc:  # a key figure or table row: one item each
        apart = "one item each, " + " and ".join(f"`stat: {s.id}`" for s in stats)
    quantities = {s.quantity for s in stats}
    units = sorted({f"{s.unit} {s.currency}" if s.currency else s.unit for s in stats})
    if None in quantities or len(quantities) > 1:
        form = "a range joins claims about one quantity"
        if attributed:
            form = "'|by' sets claims about one quantity side by side"
        message = (
            f"{form}, but {names} share no `quantity:`: if they state one thing, give them the "
            f"same `quantity:`; if they count different things, write them apart, {apart}"
        )
    elif len(units) > 1:
        message = (
            f"{names} are claims about one quantity in different units ({', '.join(units)}), "
            "which cannot be set against each other: state them in one unit, or write them "
            f"apart, {apart}"
        )
    else:
        return
    collector.error(origin, loc, key, message)


def _chart(project: Project, chart_id: str, collector: Collector) -> None:
    """A chart's prose, and what it draws: the series of one statistic or more, or statistics
    sharing a unit."""
    chart = project.charts[chart_id]
    origin = project.origins[("charts", chart_id)]
    label = f"charts.{chart_id}"
    _prose(project, chart, origin, label, collector)
    if (chart.series is None) == (chart.statistics is None):
        collector.error(
            origin,
            (),
            label,
            "give either `series:` (the time series of one statistic or more) "
            "or `statistics:` (one bar per statistic), not both or neither",
        )
        return
    if chart.series is not None:
        _chart_series(project, chart, origin, label, collector)
        return
    assert chart.statistics is not None
    if chart.kind in ("line", "grouped_bar"):
        collector.error(
            origin,
            ("kind",),
            f"{label}.kind",
            f"a {chart.kind} chart draws `series:`; use kind bar or hbar for a list of statistics",
        )
    collector.unknown_in(
        origin,
        ("statistics",),
        f"{label}.statistics",
        "statistic",
        chart.statistics,
        project.statistics,
    )
    _chart_units(project, chart, origin, ("statistics",), label, collector)
    _chart_labels(chart, origin, label, collector)


def _chart_series(
    project: Project, chart: Chart, origin: Origin, label: str, collector: Collector
) -> None:
    """The series a chart draws: known statistics with a `series:`, as many as its kind
    draws, over the same periods and in one unit."""
    many = isinstance(chart.series, list)
    ids = chart.series_ids
    where: Key = ("series",)
    if len(ids) > 1 and chart.kind in ("bar", "hbar"):
        collector.error(
            origin,
            ("kind",),
            f"{label}.kind",
            f"a {chart.kind} chart draws one series; draw several as kind line (a line each) "
            "or grouped_bar (a bar each in every period)",
        )
    if len(ids) > MOST_SERIES:
        collector.error(
            origin,
            where,
            f"{label}.series",
            f"{len(ids)} series in one chart cannot be told apart (at most {MOST_SERIES}); "
            "split them into two charts",
        )
    if len(ids) < 2 and chart.kind == "grouped_bar":
        collector.error(
            origin,
            where,
            f"{label}.series",
            "a grouped_bar chart compares two series or more: list them, "
            "e.g. series: [a, b]; or draw one series as kind bar",
        )
    stats = []
    for i, stat_id in enumerate(ids):
        at: Key = (*where, i) if many else where
        stat = project.statistics.get(stat_id)
        if stat is None:
            known = project.statistics
            collector.unknown(origin, at, f"{label}.series", "statistic", stat_id, known)
        elif not stat.series:
            collector.error(
                origin,
                at,
                f"{label}.series",
                f"statistic '{stat.id}' has no `series:`; add its points in "
                "data/statistics.yaml or use `statistics:`",
            )
        else:
            stats.append((at, stat))
    _chart_periods(stats, origin, label, collector)
    _chart_units(project, chart, origin, where, label, collector)
    if len(ids) > 1:
        _chart_labels(chart, origin, label, collector)


def _chart_periods(
    stats: list[tuple[Key, Statistic]], origin: Origin, label: str, collector: Collector
) -> None:
    """Series drawn together share their periods, in the same order: each difference is
    reported at the line naming the series that differs from the first."""
    if len(stats) < 2:
        return
    first = stats[0][1]
    periods = [variants(p.period)[0] for p in first.series]
    for at, stat in stats[1:]:
        own = [variants(p.period)[0] for p in stat.series]
        missing = [p for p in periods if p not in own]
        extra = [p for p in own if p not in periods]
        if missing or extra:
            said = [f"no point for {', '.join(missing)} (which '{first.id}' has)"] * bool(missing)
            said += [f"a point for {', '.join(extra)} (which '{first.id}' lacks)"] * bool(extra)
            collector.error(
                origin,
                at,
                f"{label}.series",
                f"statistic '{stat.id}' has {' and '.join(said)}: series drawn together need "
                "the same periods; add or remove those points in data/statistics.yaml",
            )
        elif own != periods:
            collector.error(
                origin,
                at,
                f"{label}.series",
                f"statistic '{stat.id}' lists its periods in another order than "
                f"'{first.id}' ({', '.join(own)}); write them in the same order",
            )


def _chart_units(
    project: Project, chart: Chart, origin: Origin, where: Key, label: str, collector: Collector
) -> None:
    """The statistics of one chart share a unit, and a currency: one value axis."""
    drawn = [project.statistics[i] for i in chart.drawn if i in project.statistics]
    amounts = [s for s in drawn if s.unit == "currency"]
    for field, stats, what in (
        ("unit", drawn, "the statistics of one chart must share a unit"),
        ("currency", amounts, "the amounts of one chart must share a currency"),
    ):
        if len({getattr(s, field) for s in stats}) > 1:
            found = ", ".join(f"{s.id}: {getattr(s, field)}" for s in stats)
            collector.error(
                origin,
                where,
                keypath(label, where),
                f"{what} (found {found}); draw each {field} in a chart of its own",
            )
            return


def _chart_labels(chart: Chart, origin: Origin, label: str, collector: Collector) -> None:
    """One label per statistic (or series) drawn, when labels are given."""
    count = len(chart.drawn)
    if chart.labels is not None and len(chart.labels) != count:
        what = "statistics" if chart.statistics is not None else "series"
        collector.error(
            origin,
            ("labels",),
            f"{label}.labels",
            f"{len(chart.labels)} labels for {count} {what}; give one label per "
            f"{'statistic' if what == 'statistics' else 'series'}",
        )


def brief(project: Project, brief_id: str, collector: Collector) -> None:
    """Every reference a brief makes, in its own fields and in its blocks."""
    found = project.briefs[brief_id]
    origin = project.origins[("briefs", brief_id)]
    _prose(project, found, origin, "", collector)
    blocks = list(enumerate(found.blocks))
    _blocks(project, (found.audience, found.language), blocks, origin, collector)


def salvaged(project: Project, brief: Salvaged, collector: Collector) -> None:
    """Every reference the valid blocks of an invalid brief make."""
    for b, block in brief.blocks:
        where = ("blocks", b)
        _prose(project, block, Origin(brief.origin.doc, where), keypath("", where), collector)
    _blocks(project, (brief.audience, None), brief.blocks, brief.origin, collector)


def _blocks(
    project: Project,
    whose: tuple[str | None, str | None],
    blocks: list[tuple[int, Any]],
    origin: Origin,
    collector: Collector,
) -> None:
    """Every reference a brief's blocks make (charts, quotes, statistics, recommendations);
    `whose` is the brief's audience and language, where known."""
    every = project.entries()
    audience, lang = whose
    audiences = project.config.audience_ids()
    if audience is not None and audience not in audiences:
        collector.unknown(
            origin, ("audience",), "audience", "audience", audience, audiences, DECLARE
        )
        audience = None  # its asks are not looked for
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
                if item.period is not None:
                    at = (*loc, "items", i, "stat")
                    where = (origin, at, keypath("", at))
                    _series_point(project, item.ids[0], item.period, "stat: %s", where, collector)
        elif isinstance(block, RecommendationsBlock):
            ask = block.ask or audience
            if block.ask is not None and block.ask not in audiences:
                where = (*loc, "ask")
                collector.unknown(origin, where, f"{label}.ask", "audience", block.ask, audiences)
                ask = None
            _recommendations(project, (ask, lang), block, origin, loc, label, collector)


def _recommendations(
    project: Project,
    whose: tuple[str | None, str | None],
    block: RecommendationsBlock,
    origin: Origin,
    loc: Key,
    label: str,
    collector: Collector,
) -> None:
    """The block prints recommendations, each with the ask of the audience whose asks it
    prints, under their heading in the brief's language in the full style (`whose`: that
    audience and language, where known)."""
    ask, lang = whose
    printed = recommendation_ids(project, block)
    if not printed and "recommendation" not in collector.unreadable:
        collector.error(
            origin,
            loc,
            label,
            "no recommendations to print: add them to data/recommendations.yaml, or remove "
            "this block",
        )
    if ask is None:
        return
    config = project.config
    headed = block.style == "full" and lang is not None and ask not in config.audiences
    if headed and config.asks_heading(ask, lang) is None:
        collector.error(
            origin,
            loc,
            label,
            f"no heading for the asks of '{ask}' in '{lang}': declare it in briefgen.yaml, "
            f"`audiences: {ask}: asks_heading: {{{lang}: ...}}`",
        )
    for rec_id in printed:
        rec = project.recommendations.get(rec_id)
        if rec is not None and ask not in rec.asks:
            rec_origin = project.origins[("recommendations", rec_id)]
            problem = Problem(
                rec_origin.file,
                rec_origin.line(("asks",)),
                f"recommendations.{rec_id}.asks",
                f"no ask for '{ask}', whose briefs print this recommendation; add "
                f"`{ask}: ...` here, or set the recommendations block's `ask:` in those briefs",
            )
            if problem not in collector.problems:  # one for every brief of the audience
                collector.problems.append(problem)

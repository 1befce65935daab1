"""A chart: its title, the drawing (a Figure with its alternative text), notes and sources,
the title and the lines under the drawing each a Caption of the Figure."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ... import markup
from ...chart import figures
from ...markup import escape
from ...model import ChartBlock
from ..context import Context
from ..flowables import ChartFigure, Heading
from .registry import renders


@renders(ChartBlock)
def chart(block: ChartBlock, ctx: Context) -> list[Flowable]:
    """The chart kept together with its title, notes and sources. The title is the
    section's heading (H2, bookmarked) when the block has none, so that every chart can be
    reached by heading; else it opens the chart's captions."""
    chart = ctx.project.charts[block.chart]
    stats = [ctx.project.statistics[i] for i in chart.drawn]
    for stat, printed in figures(ctx.project, chart, ctx.notation):
        ctx.prose.record([stat], printed)
    sources = list(dict.fromkeys(s.source for s in stats))
    names = "; ".join(ctx.attribution(s) for s in sources)
    title = ctx.prose.inline(ctx.prose.text(chart.title), cite=False)
    parts = ctx.heading(block.heading)
    if not parts:
        style = ctx.theme.styles["chart_title"]
        outline = ctx.prose.plain(chart.title)
        parts.append(Heading(ctx.prose.runs(title), style, outline, tag=ctx.element("H2")))
    with ctx.inside(ctx.element("Div")):
        if block.heading is not None:
            with ctx.inside(ctx.element("Caption")):
                parts.append(ctx.para(title, "chart_title"))
        parts.append(
            ChartFigure(
                ctx.drawing(chart.id),
                ctx.element("Figure", Alt=ctx.prose.plain(chart.alt)),
                ctx.chart_line,
            )
        )
        with ctx.inside(ctx.element("Caption")):
            parts += [
                ctx.para(ctx.prose.inline(p, cite=False), "small")
                for p in markup.paragraphs(ctx.prose.text(chart.note))
            ]
            parts += [ctx.para(note, "small") for note in ctx.printed_notes(stats)]
            source = f"<b>{escape(ctx.phrases.source)}:</b> {names}{ctx.citations.mark(sources)}"
            parts.append(ctx.para(source, "small"))
    return [KeepTogether([*parts, Spacer(1, 8)])]

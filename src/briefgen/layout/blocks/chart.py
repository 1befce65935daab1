"""A chart: its title, the drawing (a Figure with its alternative text), notes and sources."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ... import format as fmt
from ... import markup
from ...chart import stated
from ...model import ChartBlock
from ..context import Context
from ..flowables import ChartFigure
from .registry import renders


@renders(ChartBlock)
def chart(block: ChartBlock, ctx: Context) -> list[Flowable]:
    """The chart kept together with its title, notes and sources."""
    chart = ctx.project.charts[block.chart]
    stats = [ctx.project.statistics[i] for i in chart.drawn]
    for stat in stats:
        if chart.statistics or any(p.value is None for p in stat.series or []):
            ctx.prose.record([stat], stated(stat, ctx.notation))  # the value printed on its bar
    sources = list(dict.fromkeys(s.source for s in stats))
    names = "; ".join(
        escape(fmt.attribution(ctx.project.sources[s], ctx.notation)) for s in sources
    )
    parts = [
        *ctx.heading(block.heading),
        ctx.para(ctx.prose.inline(ctx.prose.text(chart.title), cite=False), "chart_title"),
        ChartFigure(
            ctx.drawing(chart.id),
            ctx.element("Figure", Alt=ctx.prose.plain(chart.alt)),
            ctx.chart_line,
        ),
    ]
    if chart.note:
        parts += [
            ctx.para(ctx.prose.inline(p, cite=False), "small")
            for p in markup.paragraphs(ctx.prose.text(chart.note))
        ]
    parts.append(
        ctx.para(
            f"<b>{escape(ctx.phrases.source)}:</b> {names} {ctx.citations.mark(sources)}",
            "small",
        )
    )
    return [KeepTogether([*parts, Spacer(1, 8)])]

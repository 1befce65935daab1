"""Key figures: a panel of statistics, each with its qualifier, number and label."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Spacer

from ... import format as fmt
from ...model import KeyFiguresBlock
from ..context import Context
from ..flowables import figure_panel
from .registry import renders


@renders(KeyFiguresBlock)
def key_figures(block: KeyFiguresBlock, ctx: Context) -> list[Flowable]:
    """The figures side by side, each an item of a list: its qualifier above the number (with
    its citation), its label (the statistic's, unless the block gives one) below."""
    heading = ctx.heading(block.heading)
    cells: list[list[Flowable]] = []
    for item, (_label, body) in zip(block.items, ctx.list_items(len(block.items)), strict=True):
        stats = [ctx.project.statistics[i] for i in item.ids]
        figure = fmt.figure(stats, ctx.style)
        ctx.prose.record(stats, f"{figure.qualifier} {figure.number}".strip())
        label = ctx.prose.plain(item.label or stats[0].label)
        with ctx.inside(body):
            cells.append(
                [
                    ctx.para(escape(figure.qualifier.upper()) or "&nbsp;", "figure_qualifier"),
                    ctx.para(
                        escape(figure.number) + ctx.citations.mark([s.source for s in stats]),
                        "figure",
                    ),
                    ctx.para(escape(label), "figure_label"),
                ]
            )
    return [*heading, figure_panel(cells, ctx.width, ctx.theme), Spacer(1, 8)]

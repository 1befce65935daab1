"""A figures table: statistics as a tagged data table."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from ... import format as fmt
from ...markup import escape
from ...model import FiguresTableBlock
from ..context import Context
from ..flowables import data_table
from .registry import renders

WIDTHS = [0.5, 0.2, 0.3]  # of the text's width: what, the figure, its sources


@renders(FiguresTableBlock)
def figures_table(block: FiguresTableBlock, ctx: Context) -> list[Flowable]:
    """Statistics as a table: what, the figure with its citation, its sources; a header
    row (repeated on each page), and each row headed by what it counts."""
    heading = ctx.heading(block.heading)
    table = ctx.element("Table")
    with ctx.inside(table.child("TR")):
        rows = [
            [
                ctx.para(escape(ctx.prose.text(c)), "table_head", "TH", Scope="Column")
                for c in block.columns
            ]
        ]
    for item in block.items:
        stats = item.statistics(ctx.project.statistics)
        figure = fmt.figure(stats, ctx.notation)
        printed = figure.line
        ctx.prose.record(stats, printed)
        sources = list(dict.fromkeys(s.source for s in stats))
        where = "; ".join(ctx.attribution(s) for s in sources)
        small = ctx.theme.styles["small"]
        notes = "".join(
            f'<br/><font size="{small.fontSize}" color="#{small.textColor.hexval()[2:]}">{n}</font>'
            for n in ctx.printed_notes(stats)
        )
        cells = [
            (escape(ctx.caption(item)) + notes, "TH", "Row"),
            (escape(printed) + ctx.citations.mark(sources), "TD", ""),
            (where, "TD", ""),
        ]
        with ctx.inside(table.child("TR")):
            rows.append([ctx.para(text, "table", role, Scope=scope) for text, role, scope in cells])
    grid = data_table(rows, [w * ctx.width for w in WIDTHS], ctx.theme)
    return [*heading, grid, Spacer(1, 8)]  # the heading is kept with the first rows

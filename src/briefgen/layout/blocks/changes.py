"""Changes: which of the figures a brief prints were updated since it was last built."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from ... import diff
from ... import format as fmt
from ...markup import escape
from ...model import ChangesBlock
from ...plan import uses
from ..context import Context
from ..flowables import Padding, Panel
from ..theme import tint
from .registry import renders


@renders(ChangesBlock)
def changes(block: ChangesBlock, ctx: Context) -> list[Flowable]:
    """'Updated on DATE: X now 41,200, was 38,000' for each changed statistic it prints, in
    a panel; nothing if none changed."""
    lines = []
    for stat_id in sorted(uses(ctx.project, ctx.brief_id).statistics):
        stat = ctx.project.statistics[stat_id]
        entry = ctx.history.get(stat_id)
        now = fmt.prose([stat], ctx.notation)
        if entry is None or diff.printed(entry["new"], ctx.notation) != now:
            continue
        ctx.prose.record([stat], now)
        was = diff.printed(entry["old"], ctx.notation)
        lines.append(
            escape(ctx.phrases.now_was).format(
                label=escape(ctx.prose.plain(stat.label)),
                now=f"<b>{escape(now)}</b>{ctx.citations.mark([stat.source])}",
                was=escape(was),
            )
        )
    if not lines:
        return []
    when = escape(fmt.date(block.date or ctx.brief.date, ctx.notation))
    updated = escape(ctx.phrases.updated).format(date=when)
    heading = ctx.heading(block.heading)
    end = escape(ctx.phrases.full_stop)
    cell = [ctx.para(f"<b>{updated}:</b> " + "; ".join(lines) + end, "body")]
    accent = ctx.theme.accent
    box = Panel(cell, ctx.width, (3, accent), Padding(10, 6, 6, 2), tint(accent, 0.12))
    return [*heading, box, Spacer(1, 8)]

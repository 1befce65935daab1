"""A call to action: what the reader should do now, in a panel of the primary colour."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from ... import markup
from ...model import CallToActionBlock
from ..context import Context
from ..flowables import Padding, Panel
from .registry import renders


@renders(CallToActionBlock)
def call_to_action(block: CallToActionBlock, ctx: Context) -> list[Flowable]:
    """The call's paragraphs in a panel, on a new page unless there is room for it."""
    heading = ctx.heading(block.heading)
    cell = [
        ctx.para(ctx.prose.inline(p), "cta") for p in markup.paragraphs(ctx.prose.text(block.text))
    ]
    box = Panel(cell, ctx.width, (4, ctx.theme.accent), Padding(14, 14, 11, 13), ctx.theme.primary)
    return [CondPageBreak(40 * mm), *heading, box, Spacer(1, 8)]

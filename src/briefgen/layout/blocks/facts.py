"""Facts: short lines as a bulleted list."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from ...fonts import REGULAR
from ...model import FactsBlock
from ..context import Context
from ..flowables import listed
from .registry import renders


@renders(FactsBlock)
def facts(block: FactsBlock, ctx: Context) -> list[Flowable]:
    """The facts as a bulleted list under their heading."""
    heading = ctx.heading(block.heading)
    bodies: list[Flowable] = []
    for text, (_label, body) in zip(block.items, ctx.list_items(len(block.items)), strict=True):
        with ctx.inside(body):
            bodies.append(ctx.para(ctx.prose.inline(ctx.prose.text(text)), "body"))
    bullets = listed(
        heading,
        bodies,
        12,
        bulletType="bullet",
        start="•",
        bulletColor=ctx.theme.accent,
        bulletFontName=REGULAR,
        bulletFontSize=10,
        bulletOffsetY=0,
    )
    return [*bullets, Spacer(1, 4)]

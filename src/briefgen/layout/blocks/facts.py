"""Facts: short lines as a bulleted list."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ...model import FactsBlock
from ..context import Context
from .list import items
from .registry import renders


@renders(FactsBlock)
def facts(block: FactsBlock, ctx: Context) -> list[Flowable]:
    """The facts as a bulleted list under their heading."""
    return items(ctx.heading(block.heading), block.items, False, ctx)

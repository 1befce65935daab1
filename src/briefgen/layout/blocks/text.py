"""A block of prose."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ...model import TextBlock
from ..context import Context
from .registry import renders


@renders(TextBlock)
def text(block: TextBlock, ctx: Context) -> list[Flowable]:
    """The text's paragraphs under its heading."""
    return ctx.heading(block.heading) + ctx.paragraphs(block.text)

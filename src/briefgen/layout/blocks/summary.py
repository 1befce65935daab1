"""The summary: a lead paragraph, or paragraphs under a heading."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ...model import SummaryBlock
from ..context import Context
from .registry import renders


@renders(SummaryBlock)
def summary(block: SummaryBlock, ctx: Context) -> list[Flowable]:
    """The summary's paragraphs in the lead style, under its heading if it has one."""
    return ctx.heading(block.heading) + ctx.paragraphs(block.text, "lead")

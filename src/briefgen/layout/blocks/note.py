"""A note: small print, such as a disclaimer ("Figures are approximate and illustrative.").

Tagged as paragraphs (P), not as Note: in a tagged PDF a Note is a footnote or endnote that
the text refers to (the sources are), and a disclaimer is referred to from nowhere."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from ...model import NoteBlock
from ..context import Context
from .registry import renders


@renders(NoteBlock)
def note(block: NoteBlock, ctx: Context) -> list[Flowable]:
    """The note's paragraphs in small print under the block's heading."""
    return [*ctx.heading(block.heading), *ctx.paragraphs(block.text, "small"), Spacer(1, 6)]

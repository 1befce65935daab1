"""Quotes: testimonies as block quotes, each with its speaker and citation."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from ...markup import escape
from ...model import QuotesBlock
from ..context import Context
from ..flowables import Padding, Panel
from .registry import renders

WHOLE_LINES = 8  # a quote this short is kept whole: a page break inside it reads badly


@renders(QuotesBlock)
def quotes(block: QuotesBlock, ctx: Context) -> list[Flowable]:
    """Each quote in a panel, attributed to its speaker (a pseudonym says so) and role; a
    long one continues on the next page."""
    out = ctx.heading(block.heading)
    for quote_id in block.items:
        quote = ctx.project.quotes[quote_id]
        speaker = quote.speaker  # as printed: listed in the PDF's figures table
        who = ctx.spanned(escape(quote.speaker), ctx.shared)  # a name, as written in the data
        if quote.consent and quote.consent.pseudonym:
            speaker += f" ({ctx.phrases.pseudonym})"
            who += f" ({escape(ctx.phrases.pseudonym)})"
        attribution = (
            f"<b>{who}</b>, {ctx.prose.inline(ctx.prose.text(quote.role), cite=False)}"
            f"{ctx.citations.mark([quote.source])}"
        )
        element = ctx.element("BlockQuote")
        ctx.quotes.append((quote_id, speaker, element))
        with ctx.inside(element):
            cell = [
                ctx.para(f"“{ctx.prose.inline(ctx.prose.text(quote.text), cite=False)}”", "quote"),
                ctx.para(attribution, "attribution"),
            ]
        whole = WHOLE_LINES * ctx.theme.styles["quote"].leading
        box = Panel(cell, ctx.width, (2.5, ctx.theme.accent), Padding(12, 6, 1, 2), whole=whole)
        out += [box, Spacer(1, 9)]
    return out

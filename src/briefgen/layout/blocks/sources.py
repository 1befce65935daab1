"""Sources: the notes the citations link to, numbered in the order they were first cited."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from reportlab.platypus import Flowable

from ... import format as fmt
from ... import typography
from ...model import SourcesBlock
from ..context import Context
from .registry import renders


@renders(SourcesBlock, deferred=True)  # once every citation of the brief is numbered
def sources(block: SourcesBlock, ctx: Context) -> list[Flowable]:
    """Each source cited, a Note: publisher, author, title, date and address."""
    out = ctx.heading(block.heading)
    for n, source_id in enumerate(ctx.citations.order, start=1):
        src = ctx.project.sources[source_id]
        parts = [escape(src.publisher)]
        if src.author:
            parts.append(escape(src.author))
        parts.append(f"“{escape(typography.quotes(ctx.prose.text(src.title)))}”")
        parts.append(escape(fmt.date(src.date, ctx.notation)))
        text = ", ".join(parts) + escape(ctx.phrases.full_stop)
        if src.url:
            text += f" <a href={quoteattr(src.url)}>{escape(src.url)}</a>"
        # a title printed as published may be in the project's language, not the brief's
        written_in = ctx.project.config.language
        lang = written_in if isinstance(src.title.root, str) and written_in != ctx.lang else ""
        out.append(
            ctx.para(
                f'<a name="source-{n}"/><b>[{ctx.notation.digits(str(n))}]</b> {text}',
                "source",
                "Note",
                Lang=lang,
            )
        )
    return out

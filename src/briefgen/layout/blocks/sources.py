"""Sources: the notes the citations link to, numbered in the order they were first cited."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ... import format as fmt
from ... import markup, typography
from ...links import href
from ...markup import escape
from ...model import SourcesBlock
from ..context import Context
from .registry import renders


@renders(SourcesBlock, deferred=True)  # once every citation of the brief is numbered
def sources(block: SourcesBlock, ctx: Context) -> list[Flowable]:
    """Each source cited, a Note with its unique ID: publisher, author, title, date and
    address. The publisher and author are printed as written in the shared data, and so is
    a title written once (as published): each marked with that language where it is not
    the brief's; the number and date are the brief's."""
    out = ctx.heading(block.heading)
    for n, source_id in enumerate(ctx.citations.order, start=1):
        src = ctx.project.sources[source_id]
        names = [escape(src.publisher), *([escape(src.author)] if src.author else [])]
        parts = [ctx.spanned(", ".join(names), ctx.shared)]
        title = f"“{escape(typography.quotes(ctx.prose.text(src.title)))}”"
        parts.append(ctx.spanned(title, ctx.shared if isinstance(src.title.root, str) else ""))
        parts.append(escape(fmt.date(src.date, ctx.notation)))
        text = ", ".join(parts) + escape(ctx.phrases.full_stop)
        if src.url:
            text += f" <a href={href(src.url)}>{escape(src.url)}</a>"
        if src.printed_note is not None:  # as written once, or in the brief's language
            lang = ctx.shared if isinstance(src.printed_note.root, str) else ""
            note = " ".join(
                ctx.prose.inline(p, cite=False)
                for p in markup.paragraphs(ctx.prose.text(src.printed_note))
            )
            text += " " + ctx.spanned(note, lang)
        out.append(
            ctx.para(
                f'<a name="source-{n}"/><b>[{ctx.notation.digits(str(n))}]</b> {text}',
                "source",
                "Note",
                ID=f"note-{n}",
            )
        )
    return out

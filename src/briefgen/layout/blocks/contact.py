"""Contact details: the organisation, whom to contact and how."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from reportlab.platypus import Flowable

from ...model import ContactBlock
from ..context import Context
from .registry import renders


@renders(ContactBlock)
def contact(block: ContactBlock, ctx: Context) -> list[Flowable]:
    """The block's text, then the organisation's name, the contact (the block's or the
    organisation's) and its website, one a line."""
    org = ctx.project.config.organisation
    person = block.contact or org.contact
    lines = [f"<b>{escape(org.name)}</b>"]
    if person.name:
        lines.append(escape(person.name))
    if person.email:
        lines.append(f"<a href={quoteattr('mailto:' + person.email)}>{escape(person.email)}</a>")
    if person.phone:
        lines.append(escape(person.phone))
    if org.website:
        lines.append(f"<a href={quoteattr(org.website)}>{escape(org.website)}</a>")
    return [
        *ctx.heading(block.heading),
        *ctx.paragraphs(block.text),
        ctx.para("<br/>".join(lines), "body"),
    ]

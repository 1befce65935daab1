"""Contact details: the organisation, whom to contact and how."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ...links import href
from ...markup import escape
from ...model import ContactBlock
from ..context import Context
from .registry import renders


@renders(ContactBlock)
def contact(block: ContactBlock, ctx: Context) -> list[Flowable]:
    """The block's text, then the organisation's name, the contact (the block's or the
    organisation's) and its website, one a line: a paragraph each, so that no line runs
    into the next, in the language they were written in (the organisation's in the shared
    data's, the block's own in the brief's)."""
    org = ctx.project.config.organisation
    person = block.contact or org.contact
    said = "" if block.contact else ctx.shared
    lines = [(f"<b>{escape(org.name)}</b>", ctx.shared)]
    if person.name:
        lines.append((escape(person.name), said))
    if person.email:
        email = f"<a href={href('mailto:' + person.email)}>{escape(person.email)}</a>"
        lines.append((email, said))
    if person.phone:
        lines.append((escape(person.phone), said))
    if org.website:
        lines.append((f"<a href={href(org.website)}>{escape(org.website)}</a>", ctx.shared))
    last = len(lines) - 1
    return [
        *ctx.heading(block.heading),
        *ctx.paragraphs(block.text),
        *(
            ctx.para(text, "body" if i == last else "contact_line", Lang=lang)
            for i, (text, lang) in enumerate(lines)
        ),
    ]

"""Recommendations: in full (a numbered entry each: title, summary, rationale, the asks of
the brief's audience) or short (a numbered list: title and asks)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from ...model import Recommendation, RecommendationsBlock
from ...plan import recommendation_ids
from ...rl.paragraph import BriefParagraph
from ...tagging import Tag
from ..context import Context
from ..flowables import ALL, Heading, Padding, listed, table
from ..theme import RULE
from .registry import renders

NUMBER_WIDTH = 12 * mm  # the column of a recommendation's number, in full


@renders(RecommendationsBlock)
def recommendations(block: RecommendationsBlock, ctx: Context) -> list[Flowable]:
    """The block's recommendations (default all), with the asks of its audience (default
    the brief's)."""
    ask = block.ask or ctx.brief.audience
    heading = ctx.heading(block.heading)
    ids = recommendation_ids(ctx.project, block)
    items = zip(ids, ctx.list_items(len(ids)), strict=True)
    if block.style == "short":
        bodies: list[Flowable] = []
        for rec_id, (_label, body) in items:
            rec = ctx.project.recommendations[rec_id]
            end = escape(ctx.phrases.full_stop)
            asks = ctx.prose.inline(ctx.prose.text(rec.asks[ask]))
            text = f"<b>{_title(rec, ctx)}{end}</b> {asks}"
            with ctx.inside(body):
                bodies.append(ctx.para(text, "body"))
        return listed(
            heading,
            bodies,
            16,
            bulletType="1",
            bulletFormat=ctx.style.digits,  # the brief's digits, in its own font
            bulletFontName=ctx.theme.fonts.bold,
            bulletColor=ctx.theme.accent,
            bulletFontSize=9.6,
        )
    out = heading
    for n, (rec_id, item) in enumerate(items, start=1):
        rec = ctx.project.recommendations[rec_id]
        out += [_entry(rec, n, ask, bool(block.heading), item, ctx), Spacer(1, 6)]
    return out


def _entry(
    rec: Recommendation, n: int, ask: str, nested: bool, item: tuple[Tag, Tag], ctx: Context
) -> Flowable:
    """Recommendation `n` in full: its number (the item's label) beside its title, summary,
    rationale and asks (the item's body); its title is a heading, `nested` under the block's
    (H3, bookmarked under it) or not (H2)."""
    label, body = item
    title = _title(rec, ctx)
    styles = ctx.theme.styles
    number = BriefParagraph(ctx.style.digits(str(n)), styles["number"], tag=label)
    with ctx.inside(body):
        text: list[Flowable] = [
            Heading(
                ctx.prose.runs(title),
                styles["h3"],
                ctx.prose.plain(rec.title),
                1 if nested else 0,
                tag=ctx.element("H3" if nested else "H2"),
            ),
            *ctx.paragraphs(rec.summary),
            *ctx.paragraphs(rec.rationale),
            ctx.para(escape(ctx.phrases.asks.get(ask, ask)), "ask_label"),
            *ctx.paragraphs(rec.asks[ask]),
        ]
    return table(
        [[number, text]],
        Padding(0, 0, 2, 6),
        ("LINEBELOW", *ALL, 0.5, RULE),
        top=True,
        colWidths=[NUMBER_WIDTH, ctx.width - NUMBER_WIDTH],
    )


def _title(rec: Recommendation, ctx: Context) -> str:
    """A recommendation's title, citing the sources that make the call."""
    title = ctx.prose.inline(ctx.prose.text(rec.title), cite=False)
    return title + ctx.citations.mark(rec.sources) if rec.sources else title

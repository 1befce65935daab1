"""Recommendations: in full (a numbered entry each: title, summary, rationale, the asks of
the brief's audience) or short (a numbered list: title and asks)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ...markup import escape
from ...model import Recommendation, RecommendationsBlock
from ...plan import recommendation_ids
from ...tagging import Tag
from ..context import Context
from ..flowables import Heading, Rule, listed
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
            bulletFormat=ctx.notation.digits,  # the brief's digits, in its own font
            bulletFontName=ctx.theme.fonts.bold,
            bulletColor=ctx.theme.accent,
            bulletFontSize=9.6,
        )
    entries = [
        _entry(ctx.project.recommendations[rec_id], ask, bool(block.heading), body, ctx)
        for rec_id, (_label, body) in items
    ]
    number = ctx.theme.styles["number"]
    return listed(
        heading,
        entries,
        NUMBER_WIDTH,
        bulletType="1",
        bulletFormat=ctx.notation.digits,
        bulletFontName=number.fontName,
        bulletColor=number.textColor,
        bulletFontSize=number.fontSize,
    )


def _entry(rec: Recommendation, ask: str, nested: bool, body: Tag, ctx: Context) -> list[Flowable]:
    """A recommendation in full, the body of its list item (its number is the label, drawn
    in the column left of it): its title, a heading `nested` under the block's (H3,
    bookmarked under it) or not (H2), kept with the first lines of its summary; the
    summary, rationale, the asks (their label, a heading one level below the title, kept with
    them); a rule below. Each is a
    flowable of its own, so a long recommendation continues on the next page."""
    styles = ctx.theme.styles
    with ctx.inside(body):
        title = Heading(
            ctx.prose.runs(_title(rec, ctx)),
            styles["h3"],
            ctx.prose.plain(rec.title),
            1 if nested else 0,
            tag=ctx.element("H3" if nested else "H2"),
        )
        summary = ctx.paragraphs(rec.summary)
        rationale = ctx.paragraphs(rec.rationale)
        heading = ctx.project.config.asks_heading(ask, ctx.lang)
        assert heading is not None  # validation saw to it
        label = ctx.para(  # a heading under the recommendation's title
            escape(heading), "ask_label", "H4" if nested else "H3"
        )
        label.keepWithNext = 1
        asks = ctx.paragraphs(rec.asks[ask])
    rule = Rule(RULE, NUMBER_WIDTH, space=6)
    return [title, *summary, *rationale, label, *asks, rule]


def _title(rec: Recommendation, ctx: Context) -> str:
    """A recommendation's title, citing the sources that make the call."""
    title = ctx.prose.inline(ctx.prose.text(rec.title), cite=False)
    return title + ctx.citations.mark(rec.sources) if rec.sources else title

"""Lists: numbered or bulleted items, each with a hanging indent (its label in the margin
column left of the text), tagged L > LI > Lbl, LBody."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from ...fonts import REGULAR
from ...model import ListBlock, Text
from ..context import Context
from ..flowables import listed
from .registry import renders

BULLET_INDENT = 12.0  # the label column of a bulleted list (points)
NUMBER_INDENT = 16.0  # and of a numbered one: room for two digits ("10")


def items(
    heading: list[Flowable], texts: list[Text], numbered: bool, ctx: Context
) -> list[Flowable]:
    """`texts` as a list under `heading` (kept with its first item): each item's paragraphs
    in its LBody, numbered in the brief's digits or bulleted."""
    bodies: list[list[Flowable]] = []
    for text, (_label, body) in zip(texts, ctx.list_items(len(texts)), strict=True):
        with ctx.inside(body):
            bodies.append(ctx.paragraphs(text))
    if numbered:
        labels = {
            "bulletType": "1",
            "bulletFormat": ctx.notation.digits,  # the brief's digits, as recommendations
            "bulletFontName": ctx.theme.fonts.bold,
            "bulletColor": ctx.theme.accent,
            "bulletFontSize": 9.6,
        }
        return [*listed(heading, bodies, NUMBER_INDENT, **labels), Spacer(1, 4)]
    bullets = {
        "bulletType": "bullet",
        "start": "•",
        "bulletColor": ctx.theme.accent,
        "bulletFontName": REGULAR,
        "bulletFontSize": 10,
        "bulletOffsetY": 0,
    }
    return [*listed(heading, bodies, BULLET_INDENT, **bullets), Spacer(1, 4)]


@renders(ListBlock)
def list_block(block: ListBlock, ctx: Context) -> list[Flowable]:
    """The items as a numbered or bulleted list under the block's heading."""
    return items(ctx.heading(block.heading), block.items, block.style == "numbered", ctx)

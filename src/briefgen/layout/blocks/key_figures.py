"""Key figures: a panel of statistics, each with its qualifier, number and label, in balanced
rows whose size is chosen so that the widest figure fits on one line of its cell."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import NamedTuple

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, Table

from ... import format as fmt
from ...markup import escape
from ...model import KeyFiguresBlock
from ...rl.paragraph import BriefParagraph
from ..context import Context
from ..flowables import ALL, Padding, table
from ..theme import WHITE, Theme, tint
from .registry import renders

MAX_COLUMNS = 4
FLOOR = 14.0  # the smallest size a figure is set in, before the panel takes fewer columns
STEP = 1.0
PADDING = Padding(9, 9, 7, 8)
WIDE = 10_000.0  # wider than any figure: a paragraph wrapped this wide is one line


class Item(NamedTuple):
    """One key figure as markup: its qualifier, its number with its citation, its label."""

    qualifier: str
    figure: str
    label: str


class Fit(NamedTuple):
    """The panel's size: figures per row (the longest row), and the figures' font size."""

    columns: int
    size: float


@renders(KeyFiguresBlock)
def key_figures(block: KeyFiguresBlock, ctx: Context) -> list[Flowable]:
    """The figures in balanced rows, each an item of a list: its qualifier above the number
    (with its citation, never broken), its label (the statistic's, unless the block gives
    one) below."""
    heading = ctx.heading(block.heading)
    items = []
    notes = []  # each figure's printed notes, under its label
    for item in block.items:
        stats = item.statistics(ctx.project.statistics)
        figure = fmt.figure(stats, ctx.notation)
        ctx.prose.record(stats, f"{figure.qualifier} {figure.number}".strip())
        mark = ctx.citations.mark([s.source for s in stats])
        notes.append(ctx.printed_notes(stats))
        items.append(
            Item(
                ctx.prose.runs(escape(figure.qualifier.upper())),
                ctx.prose.runs(escape(figure.number) + mark),
                ctx.prose.runs(escape(ctx.caption(item))),
            )
        )
    styles = ctx.theme.styles
    fit = fitting([i.figure for i in items], ctx.width, styles["figure"])
    parts = (styles["figure_qualifier"], sized(styles["figure"], fit.size), styles["figure_label"])
    cells: list[list[Flowable]] = []
    labelled = zip(items, notes, ctx.list_items(len(items)), strict=True)
    for item, printed, (_label, body) in labelled:
        with ctx.inside(body):
            cells.append(
                [  # no qualifier: room kept for it, and no empty element
                    BriefParagraph(markup, style, tag=ctx.element("P"))
                    if markup
                    else Spacer(1, style.leading)
                    for markup, style in zip(item, parts, strict=True)
                ]
                + [ctx.para(note, "figure_note") for note in printed]
            )
    return [*heading, figure_panel(cells, fit.columns, ctx.width, ctx.theme), Spacer(1, 8)]


def balanced(count: int, columns: int) -> list[int]:
    """How many of `count` items each row holds, at most `columns` a row, in as few rows as
    that allows, their lengths differing by one at most (longer rows first): 7 → 4 + 3."""
    rows = -(-count // columns)
    return [count // rows + (1 if i < count % rows else 0) for i in range(rows)]


def sized(style: ParagraphStyle, size: float) -> ParagraphStyle:
    """`style` at font size `size`, its leading scaled with it."""
    if size == style.fontSize:
        return style
    leading = style.leading * size / style.fontSize
    return ParagraphStyle(f"{style.name}-{size:g}", parent=style, fontSize=size, leading=leading)


def fitting(figures: list[str], width: float, style: ParagraphStyle) -> Fit:
    """The most figures a row (up to four, rows balanced) and then the largest size (down to
    FLOOR) at which the widest of `figures` (markup) fits on one line of a cell of a panel
    `width` wide; a single column at FLOOR if nothing does."""
    widest = _widest(figures, style)
    sizes = []
    size = style.fontSize
    while size >= FLOOR:
        sizes.append(size)
        size -= STEP
    for columns in range(min(MAX_COLUMNS, len(figures)), 0, -1):
        cell = width / balanced(len(figures), columns)[0] - PADDING.left - PADDING.right
        for size in sizes:
            if widest(size) <= cell:
                return Fit(balanced(len(figures), columns)[0], size)
    return Fit(1, FLOOR)


def _widest(figures: list[str], style: ParagraphStyle) -> Callable[[float], float]:
    """The width of the widest of `figures` set on one line at a size, each size measured
    once (a citation keeps its own size, so widths do not scale with the figure's)."""

    @cache
    def widest(size: float) -> float:
        at = sized(style, size)
        out = 0.0
        for figure in figures:
            para = BriefParagraph(figure, at)
            para.wrap(WIDE, WIDE)
            out = max(out, *para.getActualLineWidths0())
        return out

    return widest


def figure_panel(cells: list[list[Flowable]], columns: int, width: float, theme: Theme) -> Table:
    """Key figures in balanced rows of at most `columns`, `width` wide: a tint of the primary
    colour under a rule in the accent, white lines between figures."""
    rows: list[list[list[Flowable]]] = []
    for length in balanced(len(cells), columns):
        row = cells[:length]
        cells = cells[length:]
        rows.append(row + [[]] * (columns - length))  # empty: nothing drawn
    return table(
        rows,
        PADDING,
        ("BACKGROUND", *ALL, tint(theme.primary, 0.07)),
        ("LINEABOVE", (0, 0), (-1, 0), 2, theme.accent),
        ("LINEAFTER", (0, 0), (-2, -1), 0.5, WHITE),
        top=True,
        colWidths=[width / columns] * columns,
        hAlign="LEFT",
        splitInRow=1,  # a figure whose label is too long for a page continues on the next
    )

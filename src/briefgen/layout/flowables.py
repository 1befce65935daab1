"""The flowables briefs are made of, on ReportLab's public API: headings that bookmark
themselves, charts, lists kept with their heading, boxed panels and data tables whose
decoration is an artifact of the tagged PDF."""

from __future__ import annotations

from typing import Any, NamedTuple

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, ListItem, Table, TableStyle

from ..fonts import REGULAR
from ..rl.drawing import LineDrawer, draw_with_lines
from ..rl.flowables import TaggedList
from ..rl.paragraph import BriefParagraph
from ..tagging import Tag, marked, tagger_of
from .theme import RULE, Theme, tint

ALL = ((0, 0), (-1, -1))  # every cell of a table, as a TableStyle command's range


class Heading(BriefParagraph):
    """A section heading that becomes a PDF bookmark (at outline `level`) where it is drawn.

    The bookmark is made when drawing, not in the document's afterFlowable hook, so headings
    nested in tables (the recommendations) are bookmarked too.
    """

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle,
        outline: str = "",
        level: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(text, style, **kwargs)  # Paragraph.split calls this with frags=...
        self.outline = outline
        self.level = level

    def draw(self) -> None:
        super().draw()
        if self.outline:
            canv = self.canv
            canv.headings = getattr(canv, "headings", 0) + 1
            key = f"section-{canv.headings}"
            canv.bookmarkHorizontal(key, 0, self.height)
            canv.addOutlineEntry(self.outline, key, level=self.level, closed=False)
            self.outline = ""  # a heading split across pages is bookmarked once


class HeadingRoom(CondPageBreak):
    """A page break unless a heading and what must follow it fit (the first item of a list,
    indented by `indent`; the first rows of a table): ReportLab keeps a heading with the next
    flowable (keepWithNext), but not when that is a list, and not with part of a table."""

    def __init__(self, parts: list[Flowable], indent: float) -> None:
        super().__init__(0)
        self.parts = parts
        self.indent = indent

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.height = 0.0
        for i, part in enumerate(self.parts):
            width = avail_width - (self.indent if i == len(self.parts) - 1 else 0)
            self.height += part.wrap(width, avail_height)[1] + part.getSpaceBefore()
            self.height += part.getSpaceAfter()
        return super().wrap(avail_width, avail_height)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        """Nothing to draw: not even an empty graphics state."""


def listed(
    heading: list[Flowable], bodies: list[Flowable], indent: float, **labels: Any
) -> list[Flowable]:
    """A list of `bodies` (one tagged paragraph per item, indented by `indent`, labelled as
    `labels` say: ListFlowable's bullet arguments) under `heading`, never left alone at the
    foot of a page."""
    listing = TaggedList(
        [ListItem(body, leftIndent=indent) for body in bodies], leftIndent=indent, **labels
    )
    if not heading or not bodies:
        return [*heading, listing]
    for part in heading:
        # HeadingRoom keeps the heading with the first item. ReportLab cannot keep a paragraph
        # with a list, and would retry one taller than a page (a long run) forever.
        part.keepWithNext = 0
    return [HeadingRoom([*heading, bodies[0]], indent=indent), *heading, listing]


class ChartFigure(Flowable):
    """A chart's vector drawing, carrying the chart's alternative text. Given a line drawer,
    its text is set by that (a language's own fonts are shaped; matplotlib does not shape)."""

    def __init__(self, drawing: Any, tag: Tag, line: LineDrawer | None = None) -> None:
        super().__init__()
        self.drawing = drawing
        self.tag = tag  # a Figure, with the chart's alternative text
        self.line = line

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.drawing.width, self.drawing.height

    def draw(self) -> None:
        with marked(self.canv, self.tag):
            if self.line is None:
                self.drawing.drawOn(self.canv, 0, 0)
            else:
                draw_with_lines(self.drawing, self.canv, self.line)


class DataTable(Table):
    """A table of data whose header rows are repeated on each page it continues on."""

    continued = False  # a part after a page break: its repeated header rows are artifacts

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        parts = super().split(avail_width, avail_height)
        for i, part in enumerate(parts):
            part.continued = self.continued or i > 0
        return parts


def decorations(table: Any, event: str, *args: Any) -> None:
    """A table's backgrounds and rules are artifacts, and so are header rows repeated where
    it continues (ReportLab's table render callback); what its cells hold is tagged by
    itself."""
    tagger = tagger_of(table.canv)
    if tagger is None:
        return
    repeated = event == "startRow" and getattr(table, "continued", False)
    if event in ("startBG", "startLines") or (repeated and args[0] < table.repeatRows):
        table.decorating = tagger.open_artifact(table.canv)
    elif event in ("endBG", "endLines", "endRow") and getattr(table, "decorating", False):
        table.decorating = False
        tagger.close_artifact(table.canv)


class Padding(NamedTuple):
    """The space around a table cell's content, in points."""

    left: float
    right: float
    top: float
    bottom: float


def table(
    rows: list[list[Any]],
    padding: Padding,
    *commands: tuple[Any, ...],
    kind: type[Table] = Table,
    top: bool = False,
    **kwargs: Any,
) -> Table:
    """A table in the brief's font whose backgrounds and rules (`commands`: TableStyle's
    BACKGROUND and LINE... commands) are artifacts; its cells padded by `padding` and, if
    `top`, their content aligned to the top."""
    grid = kind(rows, renderCB=decorations, **kwargs)
    grid.setStyle(
        TableStyle(
            [
                ("FONT", *ALL, REGULAR),  # not ReportLab's default, an unembedded Helvetica
                *([("VALIGN", *ALL, "TOP")] if top else []),
                *commands,
                ("LEFTPADDING", *ALL, padding.left),
                ("RIGHTPADDING", *ALL, padding.right),
                ("TOPPADDING", *ALL, padding.top),
                ("BOTTOMPADDING", *ALL, padding.bottom),
            ]
        )
    )
    return grid


def panel(
    cell: list[Flowable],
    width: float,
    bar: tuple[float, colors.Color],
    padding: Padding,
    background: colors.Color | None = None,
) -> Table:
    """A boxed panel (a quote, a call to action, the changes): one cell `width` wide with a
    bar at its left (its width and colour), on `background` if given."""
    rule = ("LINEBEFORE", (0, 0), (0, -1), *bar)
    fill = [("BACKGROUND", *ALL, background)] if background is not None else []
    return table([[cell]], padding, *fill, rule, colWidths=[width])


def data_table(rows: list[list[Flowable]], widths: list[float], theme: Theme) -> Table:
    """Rows of data under a header row (tinted, and repeated on each page the table
    continues on), ruled below each row."""
    return table(
        rows,
        Padding(5, 5, 4, 5),
        ("BACKGROUND", (0, 0), (-1, 0), tint(theme.primary, 0.1)),
        ("LINEBELOW", *ALL, 0.5, RULE),
        kind=DataTable,
        top=True,
        colWidths=widths,
        repeatRows=1,
    )

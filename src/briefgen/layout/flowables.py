"""The flowables briefs are made of, on ReportLab's public API: headings that bookmark
themselves, charts, lists kept with their heading, boxed panels and data tables whose
decoration is an artifact of the tagged PDF."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListItem,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import ActionFlowable, LCActionFlowable, NullActionFlowable

from ..fonts import REGULAR
from ..rl.drawing import LineDrawer, draw_with_lines
from ..rl.flowables import TaggedList
from ..rl.paragraph import BriefParagraph
from ..tagging import Tag, artifact, marked, tagger_of
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


class KeptWithNext(KeepTogether):
    """What is kept with the next flowable (a heading, a chart's title, a label: flowables
    with keepWithNext), as the document groups them: on this page if they fit; else here
    all the same if the next flowable's opening fits under them (its first lines, a list's
    first item, a table's first rows), so a long paragraph does not leave a page half empty;
    else on the next page. ReportLab's KeepTogether moves the whole group."""

    def __init__(self, flowables: list[Flowable], maxHeight: float | None = None) -> None:
        super().__init__(flowables, maxHeight)
        self.group = list(flowables)  # what it keeps together, in order
        last = self.group[-1] if self.group else None
        if last is not None and last.getKeepWithNext():
            # The document could not group it with what follows (a list, a panel: ReportLab
            # keeps no container with a paragraph). Left set, a heading taller than a page
            # would be grouped alone, split back out unchanged and grouped again, forever.
            last.keepWithNext = 0

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = super().split(avail_width, avail_height)
        canv = getattr(self, "canv", None)
        kept = len(self.group) - 1  # each kept with the next, as the group says
        if isinstance(parts[0], LCActionFlowable) and opens(
            self.group, avail_width, avail_height, canv, kept
        ):
            return [NullActionFlowable(), *self.group]
        return parts


def opens(flowables: list[Flowable], width: float, height: float, canv: Any, kept: int = 0) -> bool:
    """Whether the opening of `flowables` fits in `height`: each flowable kept with the
    next (the first `kept`, and any with keepWithNext) whole, then the first part of the
    next as it splits there."""
    used, after = 0.0, 0.0
    for i, part in enumerate(flowables):
        gap = max(after, part.getSpaceBefore()) if i else 0.0  # adjacent spaces overlap
        room = height - used - gap
        if room <= 0:
            return False
        tall = part.wrapOn(canv, width, room)[1]
        if tall <= room:
            if i >= kept and not part.getKeepWithNext():
                return True
            used, after = used + gap + tall, part.getSpaceAfter()
            continue
        pieces = part.splitOn(canv, width, room)
        if not pieces or pieces[0] is part or isinstance(pieces[0], ActionFlowable):
            return False
        return opens(pieces, width, room, canv)
    return True


def listed(
    heading: list[Flowable],
    bodies: Sequence[Flowable | list[Flowable]],
    indent: float,
    **labels: Any,
) -> list[Flowable]:
    """A list of `bodies` (each item's tagged flowables, indented by `indent`, labelled as
    `labels` say: ListFlowable's bullet arguments) under `heading`, which is kept with its
    first item (see KeptWithNext): never left alone at the foot of a page."""
    listing = TaggedList(
        [ListItem(body, leftIndent=indent) for body in bodies], leftIndent=indent, **labels
    )
    return [KeptWithNext([*heading, listing])] if heading else [listing]


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


class Panel(Flowable):
    """A boxed panel (a quote, a call to action, the changes): flowables in one cell `width`
    wide, padded by `padding`, with a bar at its left (its width and colour), on `background`
    if given; its bar and background are artifacts. It splits between and inside its
    flowables, each part a panel of its own; one no taller than `whole` is kept whole (a
    short quote is not worth cutting)."""

    def __init__(
        self,
        content: list[Flowable],
        width: float,
        bar: tuple[float, colors.Color],
        padding: Padding,
        background: colors.Color | None = None,
        whole: float = 0,
    ) -> None:
        super().__init__()
        self.content = content
        self.width = width
        self.bar = bar
        self.padding = padding
        self.background = background
        self.whole = whole

    def _inner(self) -> float:
        return self.width - self.padding.left - self.padding.right

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        canv = getattr(self, "canv", None)
        height = 0.0
        for i, part in enumerate(self.content):
            height += part.wrapOn(canv, self._inner(), avail_height)[1]
            if i:
                height += self.content[i - 1].getSpaceAfter() + part.getSpaceBefore()
        self.height = height + self.padding.top + self.padding.bottom
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self.wrap(avail_width, avail_height)[1] <= self.whole:
            return []
        canv = getattr(self, "canv", None)
        room = avail_height - self.padding.top - self.padding.bottom
        for i, part in enumerate(self.content):
            if i:
                room -= self.content[i - 1].getSpaceAfter() + part.getSpaceBefore()
            height = part.wrapOn(canv, self._inner(), max(room, 0))[1]
            if height <= room:
                room -= height
                continue
            parts = part.splitOn(canv, self._inner(), room) if room > 0 else []
            if not parts and not i:
                return []
            head, tail = self.content[:i] + parts[:1], parts[1:] + self.content[i + 1 :]
            if not parts:
                head, tail = self.content[:i], self.content[i:]
            return [self._with(head), self._with(tail)]
        return [self]

    def _with(self, content: list[Flowable]) -> Panel:
        """A panel like this one holding `content`."""
        return Panel(content, self.width, self.bar, self.padding, self.background)

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        if self.background is not None:
            with artifact(canv):
                canv.setFillColor(self.background)
                canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        with artifact(canv):
            canv.setStrokeColor(self.bar[1])
            canv.setLineWidth(self.bar[0])
            canv.line(0, 0, 0, self.height)
        canv.restoreState()
        y = self.height - self.padding.top
        for i, part in enumerate(self.content):
            if i:
                y -= self.content[i - 1].getSpaceAfter() + part.getSpaceBefore()
            y -= part.height
            part.drawOn(canv, self.padding.left, y, self._inner() - part.width)


class Rule(Flowable):
    """A thin rule across the text's width, reaching `outdent` left of where it is placed
    (under a list item, across its label's column too); an artifact."""

    def __init__(self, colour: colors.Color, outdent: float = 0, space: float = 0) -> None:
        super().__init__()
        self.colour = colour
        self.outdent = outdent
        self.spaceBefore = self.spaceAfter = space

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, 0.5

    def draw(self) -> None:
        with artifact(self.canv):
            self.canv.saveState()
            self.canv.setStrokeColor(self.colour)
            self.canv.setLineWidth(0.5)
            self.canv.line(-self.outdent, 0.25, self.width, 0.25)
            self.canv.restoreState()


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

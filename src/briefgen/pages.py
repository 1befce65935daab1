"""The pages a brief's story flows into: the first page's title band, the running heads of
later pages, and every page's footer with its number and the page count, drawn as
artifacts of a tagged PDF; and the canvas that fills the page count in at the end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, PageTemplate

from . import format as fmt
from .fonts import REGULAR
from .layout import MUTED, RULE, WHITE, Theme
from .paper import BAND_HEIGHT, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X
from .project import Project
from .rl.document import DocumentCanvas
from .tagging import artifact

TOTAL_PAGES_FORM = "briefgen-total-pages"
LineDrawer = Callable[..., float]  # the layout's draw_line: text set in the brief's fonts


class PageCanvas(DocumentCanvas):
    """Knows the page count only at the end: footers draw it from a form defined at save."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setFont(REGULAR, 7.5)  # the form's text style is set where it is used
        self.digits: Callable[[str], str] = str  # writes the page count in the brief's digits...
        self.digits_font = REGULAR  # ...in a font that has them

    def save(self) -> None:
        self.beginForm(TOTAL_PAGES_FORM)
        self.setFont(self.digits_font, 7.5)
        self.setFillColor(MUTED)
        self.drawString(0, 0, self.digits(str(self.getPageNumber() - 1)))
        self.endForm()
        super().save()


@dataclass(frozen=True)
class RunningText:
    """The words a brief's pages repeat around its story."""

    organisation: str
    label: str
    campaign: str
    footer: str  # organisation · label · date
    page: Callable[[int], str]  # a page's number, before the page count: 'Page 3 of '

    @classmethod
    def of(cls, project: Project, brief_id: str, plain: Callable[[Any], str]) -> RunningText:
        """A brief's running text, its prose made plain text by `plain` (the layout's)."""
        brief = project.briefs[brief_id]
        notation = project.notation(brief_id)
        phrases = project.language(brief.language).phrases
        organisation = project.config.organisation.name
        label = plain(brief.label)
        return cls(
            organisation,
            label,
            plain(project.config.campaign.title),
            f"{organisation} · {label} · {fmt.date(brief.date, notation)}",
            lambda n: phrases.page.format(page=notation.digits(str(n))) + " ",
        )


class PageDesign:
    """A brief's frames and page templates: a title band over the first page's body, one body
    frame on later pages, and what is drawn around them."""

    def __init__(
        self,
        size: tuple[float, float],
        theme: Theme,
        logo: Any,
        text: RunningText,
        line: LineDrawer,
    ) -> None:
        self.width, self.height = size
        self.theme, self.logo, self.text, self.line = theme, logo, text, line
        self.text_width = self.width - 2 * MARGIN_X
        band_bottom = self.height - BAND_HEIGHT + 5 * mm
        self.band = _frame("band", band_bottom, self.height - 21 * mm - band_bottom, self.width)
        first_height = self.height - BAND_HEIGHT - 7 * mm - MARGIN_BOTTOM
        self.first_body = _frame("first", MARGIN_BOTTOM, first_height, self.width)
        body_height = self.height - MARGIN_TOP - MARGIN_BOTTOM
        self.body = _frame("body", MARGIN_BOTTOM, body_height, self.width)

    @property
    def band_size(self) -> tuple[float, float]:
        """The room for the title block in the band."""
        return self.text_width, self.band.height

    def geometry(self) -> dict[str, Any]:
        """The page size and margins, for the document template."""
        return {
            "pagesize": (self.width, self.height),
            "leftMargin": MARGIN_X,
            "rightMargin": MARGIN_X,
            "topMargin": MARGIN_TOP,
            "bottomMargin": MARGIN_BOTTOM,
        }

    def templates(self) -> list[PageTemplate]:
        """The first page's template, then the later pages'."""
        return [
            PageTemplate(
                "first",
                [self.band, self.first_body],
                onPage=self._first_page,
                autoNextPageTemplate="later",
            ),
            PageTemplate("later", [self.body], onPage=self._later_page),
        ]

    def _first_page(self, canv: Canvas, _doc: Any) -> None:
        self._footer(canv)
        with artifact(canv, "Layout"):
            self._title_band(canv)

    def _later_page(self, canv: Canvas, _doc: Any) -> None:
        self._footer(canv)
        with artifact(canv, "Pagination"):
            self._header(canv)

    def _title_band(self, canv: Canvas) -> None:
        width, height = self.width, self.height
        canv.saveState()
        canv.setFillColor(self.theme.primary)
        canv.rect(0, height - BAND_HEIGHT, width, BAND_HEIGHT, stroke=0, fill=1)
        canv.setFillColor(self.theme.accent)
        canv.rect(0, height - BAND_HEIGHT, width, 1.6 * mm, stroke=0, fill=1)
        x = MARGIN_X
        if self.logo is not None:
            x += _draw_logo(canv, self.logo, x, height - 7 * mm - 11 * mm, 11 * mm) + 3 * mm
        canv.setFillColor(WHITE)
        self.line(canv, self.text.organisation, x, height - 7 * mm - 7 * mm, 10, WHITE, bold=True)
        canv.restoreState()

    def _header(self, canv: Canvas) -> None:
        right, y = self.width - MARGIN_X, self.height - 12 * mm
        canv.saveState()
        canv.setFillColor(MUTED)
        self.line(canv, self.text.label.upper(), MARGIN_X, y, 7.5, MUTED)
        self.line(canv, self.text.campaign[:90], right, y, 7.5, MUTED, anchor="end")
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, self.height - 14 * mm, right, self.height - 14 * mm)
        canv.restoreState()

    def _footer(self, canv: Canvas) -> None:
        right = self.width - MARGIN_X
        with artifact(canv, "Pagination"):
            canv.saveState()
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.5)
            canv.line(MARGIN_X, 13 * mm, right, 13 * mm)
            canv.setFillColor(MUTED)
            self.line(canv, self.text.footer, right, 9 * mm, 7.5, MUTED, anchor="end")
            page = self.text.page(canv.getPageNumber())
            # the page count is known only at the end: a form, filled in when the PDF is saved
            x = MARGIN_X + self.line(canv, page, MARGIN_X, 9 * mm, 7.5, MUTED)
            canv.translate(x, 9 * mm)
            canv.doForm(TOTAL_PAGES_FORM)
            canv.restoreState()


def _frame(name: str, bottom: float, height: float, page_width: float) -> Frame:
    """A frame across the text width, without padding (the styles space the content)."""
    return Frame(
        MARGIN_X,
        bottom,
        page_width - 2 * MARGIN_X,
        height,
        id=name,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def _draw_logo(canv: Canvas, logo: Any, x: float, y: float, height: float) -> float:
    """Draw the logo (a drawing or a raster file) `height` tall at x, y; return its width."""
    if isinstance(logo, Path):
        width, natural = ImageReader(str(logo)).getSize()
        width = width * height / natural
        canv.drawImage(str(logo), x, y, width, height, mask="auto")
        return width
    scale = height / logo.height
    canv.saveState()
    canv.translate(x, y)
    canv.scale(scale, scale)
    logo.drawOn(canv, 0, 0)
    canv.restoreState()
    return logo.width * scale

"""Stage 6, write: paginate a brief's story into a PDF with metadata, bookmarks and running
heads, and move it into place only once it is complete."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from . import __version__, figures
from . import format as fmt
from .fonts import REGULAR, names
from .layout import (
    BAND_HEIGHT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_SIZES,
    RULE,
    WHITE,
    Theme,
    Writer,
)
from .project import Artwork, Project
from .rl.document import DocumentCanvas
from .rl.fonts import drawings_default_font
from .tagging import Tagger, artifact


@dataclass(frozen=True)
class Written:
    """A PDF written by a build."""

    brief_id: str
    path: Path
    pages: int
    size: int


TOTAL_PAGES_FORM = "briefgen-total-pages"


class _Canvas(DocumentCanvas):
    """Knows the page count only at the end: footers draw it from a form defined at save."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setFont(REGULAR, 7.5)  # the form's text style is set where it is used
        self.digits: Any = str  # writes the page count in the brief's digits...
        self.digits_font = REGULAR  # ...in a font that has them

    def save(self) -> None:
        self.beginForm(TOTAL_PAGES_FORM)
        self.setFont(self.digits_font, 7.5)
        self.setFillColor(MUTED)
        self.drawString(0, 0, self.digits(str(self.getPageNumber() - 1)))
        self.endForm()
        super().save()


def _creation_date(date: str) -> dt.datetime | None:
    """When a brief is dated: the first day of its date, unless SOURCE_DATE_EPOCH (which
    ReportLab reads itself) says otherwise."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return None
    return dt.datetime.combine(fmt.first_day(date), dt.time(), tzinfo=dt.UTC)


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


def _frame(name: str, bottom: float, height: float, width: float) -> Frame:
    """A frame across the text width, without padding (the styles space the content)."""
    return Frame(
        MARGIN_X,
        bottom,
        width,
        height,
        id=name,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def render(
    project: Project,
    brief_id: str,
    art: Artwork,
    target: Path,
    history: dict[str, dict[str, Any]] | None = None,
    fingerprint: str = "",
    tagged: bool = True,
    check: bool = True,
) -> Written:
    """Lay out and write one brief to `target`, atomically; tagged (PDF/UA-1) unless the
    benchmark measures what tagging costs. With `check`, the PDF is verified before it
    replaces the last one (verify.NotAccessible)."""
    brief = project.briefs[brief_id]
    fonts = names(project, brief.language)
    theme = Theme.of(project, fonts)
    style = project.style(brief_id)
    phrases = project.language(brief.language).phrases
    writer = Writer(
        project, brief_id, theme, lambda chart_id: art.charts[(chart_id, style)], history
    )
    width, height = PAGE_SIZES[project.config.page_size]
    frame_w = width - 2 * MARGIN_X
    band_bottom = height - BAND_HEIGHT + 5 * mm
    # the first page: the title band over its body; later pages: one body frame
    band = _frame("band", band_bottom, height - 21 * mm - band_bottom, frame_w)
    first_body = _frame(
        "first", MARGIN_BOTTOM, height - BAND_HEIGHT - 7 * mm - MARGIN_BOTTOM, frame_w
    )
    body = _frame("body", MARGIN_BOTTOM, height - MARGIN_TOP - MARGIN_BOTTOM, frame_w)
    org = project.config.organisation.name
    campaign = writer.plain(project.config.campaign.title)
    label = writer.plain(brief.label)

    line = writer.draw_line

    def first_page(canv: Canvas, _doc: Any) -> None:
        footer(canv)
        with artifact(canv, "Layout"):
            title_band(canv)

    def title_band(canv: Canvas) -> None:
        canv.saveState()
        canv.setFillColor(theme.primary)
        canv.rect(0, height - BAND_HEIGHT, width, BAND_HEIGHT, stroke=0, fill=1)
        canv.setFillColor(theme.accent)
        canv.rect(0, height - BAND_HEIGHT, width, 1.6 * mm, stroke=0, fill=1)
        x = MARGIN_X
        if art.logo is not None:
            x += _draw_logo(canv, art.logo, x, height - 7 * mm - 11 * mm, 11 * mm) + 3 * mm
        canv.setFillColor(WHITE)
        line(canv, org, x, height - 7 * mm - 7 * mm, 10, WHITE, bold=True)
        canv.restoreState()

    def later_page(canv: Canvas, _doc: Any) -> None:
        footer(canv)
        with artifact(canv, "Pagination"):
            header(canv)

    def header(canv: Canvas) -> None:
        canv.saveState()
        canv.setFillColor(MUTED)
        line(canv, label.upper(), MARGIN_X, height - 12 * mm, 7.5, MUTED)
        line(canv, campaign[:90], width - MARGIN_X, height - 12 * mm, 7.5, MUTED, anchor="end")
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, height - 14 * mm, width - MARGIN_X, height - 14 * mm)
        canv.restoreState()

    def footer(canv: Canvas) -> None:
        with artifact(canv, "Pagination"):
            page_foot(canv)

    def page_foot(canv: Canvas) -> None:
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, 13 * mm, width - MARGIN_X, 13 * mm)
        canv.setFillColor(MUTED)
        line(
            canv,
            f"{org} · {label} · {fmt.date(brief.date, style)}",
            width - MARGIN_X,
            9 * mm,
            7.5,
            MUTED,
            anchor="end",
        )
        page = phrases.page.format(page=style.digits(str(canv.getPageNumber()))) + " "
        # the page count is known only at the end: a form, filled in when the PDF is saved
        canv.translate(MARGIN_X + line(canv, page, MARGIN_X, 9 * mm, 7.5, MUTED), 9 * mm)
        canv.doForm(TOTAL_PAGES_FORM)
        canv.restoreState()

    title, subject = writer.plain(brief.title), f"{label}: {campaign}"
    keywords = ", ".join(brief.keywords)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        doc = BaseDocTemplate(
            str(tmp),
            pagesize=(width, height),
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            author=org,
            subject=subject,
            keywords=keywords,
            creator=f"briefgen {__version__}",
            producer=f"briefgen {__version__} (ReportLab)",
            lang=brief.language,
            displayDocTitle=True,
            initialFontName=REGULAR,
            invariant=1,
        )
        doc.addPageTemplates(
            [
                PageTemplate(
                    "first", [band, first_body], onPage=first_page, autoNextPageTemplate="later"
                ),
                PageTemplate("later", [body], onPage=later_page),
            ]
        )

        story = writer.story((frame_w, band.height))  # every figure printed is known now
        rows = list(writer.figures.values())
        about = "every figure this brief prints, with its source"

        def make_canvas(*args: Any, **kwargs: Any) -> Canvas:
            canv = _Canvas(*args, **kwargs)
            canv.showOutline()
            canv.digits = style.digits
            canv.digits_font = fonts.regular if style.native_digits else REGULAR
            when = _creation_date(brief.date)
            if when is not None:
                canv.pin_date(when)
            canv.attachments = [
                (figures.CSV_NAME, figures.as_csv(rows), "text/csv", about),
                (
                    figures.JSON_NAME,
                    figures.as_json(brief_id, __version__, fingerprint, rows),
                    "application/json",
                    about,
                ),
            ]
            if tagged:
                canv.tagger = Tagger(writer.root, writer.describe_link)
            canv.xmp = figures.xmp(
                title, org, subject, keywords, brief.language, __version__, fingerprint
            )
            return canv

        with drawings_default_font(REGULAR):  # the charts' and the logo's
            doc.build(story, canvasmaker=make_canvas)
        pages = doc.page
        if check:
            from .verify import NotAccessible, verify

            findings = verify(tmp).findings
            if findings:
                raise NotAccessible(findings)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return Written(brief_id, target, pages, target.stat().st_size)

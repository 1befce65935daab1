"""Stage 6, write: paginate a brief's story into a PDF with metadata, bookmarks, attached
figures and its structure tree, in a temporary file that replaces the last PDF only once the
build has checked it (`state.replacing`). The pages around the story are pages.py's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.platypus import BaseDocTemplate, LayoutError

from . import __version__, clock, figures, metadata
from . import format as fmt
from .errors import Problem
from .fonts import REGULAR, names
from .layout.brief import About, LaidOut
from .layout.flowables import KeptWithNext
from .load import keypath
from .pages import PageCanvas, PageDesign
from .project import Project
from .rl.document import Attachment
from .rl.fonts import drawings_default_font
from .tagging import Tagger

CREATOR = f"briefgen {__version__}"  # the Info's /Creator and the XMP's xmp:CreatorTool
PRODUCER = f"briefgen {__version__} (ReportLab)"


@dataclass(frozen=True)
class Written:
    """A PDF written by a build."""

    brief_id: str
    path: Path
    pages: int
    size: int


def write_pdf(
    project: Project, laid: LaidOut, path: Path, fingerprint: str = "", tagged: bool = True
) -> int:
    """Stage 6, write: paginate a laid-out brief into the PDF at `path`, with its metadata,
    attached figures and (unless the benchmark measures what tagging costs) its structure
    tree; the number of pages. TooLarge names a block that cannot fit on a page."""
    doc = _document(path, laid.design, laid.about)
    canvas = _canvas_maker(project, laid, fingerprint, tagged)
    with drawings_default_font(REGULAR):  # the charts' and the logo's
        try:
            doc.build(laid.story, canvasmaker=canvas)
        except LayoutError as exc:
            raise _too_large(project, laid.brief_id, doc.block_index) from exc
    return doc.page


class TooLarge(Exception):
    """A block that cannot fit on a page even alone, as a problem at its FILE:LINE."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class _BriefDocument(BaseDocTemplate):
    """The document template, knowing which of the brief's blocks it is laying out."""

    block_index: int | None = None  # None: the title block

    def handle_flowable(self, flowables: list[Any]) -> None:
        # parts of a split flowable are not marked: they belong to the block last seen
        self.block_index = getattr(flowables[0], "block_index", self.block_index)
        super().handle_flowable(flowables)


def _too_large(project: Project, brief_id: str, n: int | None) -> TooLarge:
    """What to tell the user when block `n` of a brief cannot fit on a page."""
    origin = project.origins[("briefs", brief_id)]
    if n is None:
        what, loc = "the title, subtitle and label", ()
    else:
        block = project.briefs[brief_id].blocks[n]
        what, loc = f"the {block.type} block", ("blocks", n)
    message = f"{what} does not fit on a page even alone: shorten it, or split it into several"
    return TooLarge(Problem(origin.file, origin.line(loc), keypath("", loc), message))


def _document(path: Path, design: PageDesign, about: About) -> _BriefDocument:
    """The document template a brief is paginated by: its pages and what it says about
    itself, dated by its canvas (ReportLab's own clock is frozen: invariant)."""
    doc = _BriefDocument(
        str(path),
        **design.geometry(),
        title=about.title,
        author=about.author,
        subject=about.subject,
        keywords=about.keywords,
        creator=CREATOR,
        producer=PRODUCER,
        lang=about.lang,
        displayDocTitle=True,
        initialFontName=REGULAR,
        invariant=1,
        keepTogetherClass=KeptWithNext,  # a heading with the first lines of what follows it
    )
    doc.addPageTemplates(design.templates())
    return doc


def _canvas_maker(
    project: Project, laid: LaidOut, fingerprint: str, tagged: bool
) -> Callable[..., PageCanvas]:
    """Makes the brief's canvas: its page count's digits, its date, its attached figures
    (known once the story is laid out), its XMP metadata and, if tagged, its tagger."""
    brief_id, about = laid.brief_id, laid.about
    brief = project.briefs[brief_id]
    notation = project.notation(brief_id)
    regular = names(project, brief.language).regular
    rows = list(laid.layout.figures.values())
    described = "every figure this brief prints, with its source"

    def attachments() -> list[Attachment]:
        quotes = laid.layout.quotes()  # at save: the pages each quote is printed on are known
        return [
            (figures.CSV_NAME, figures.as_csv(rows), "text/csv", described),
            (
                figures.QUOTES_CSV_NAME,
                figures.as_csv(quotes, figures.QUOTE_FIELDS),
                "text/csv",
                "every quote this brief prints, with its consent reference and pages",
            ),
            (
                figures.JSON_NAME,
                figures.as_json(brief_id, __version__, fingerprint, rows, quotes),
                "application/json",
                f"{described}; and every quote",
            ),
        ]

    description = metadata.Description(
        about.title,
        about.author,
        about.subject,
        about.keywords,
        about.lang,
        creator=CREATOR,
        producer=PRODUCER,
        version=__version__,
        fingerprint=fingerprint,
    )
    when = _creation_date(brief.date)

    def make(*args: Any, **kwargs: Any) -> PageCanvas:
        canv = _BriefCanvas(*args, **kwargs)
        canv.showOutline()
        canv.digits = notation.digits
        canv.digits_font = regular if notation.native_digits else REGULAR
        if when is not None:
            canv.pin_date(when)
        canv.attach = attachments
        if tagged:
            canv.tagger = Tagger(laid.layout.root, laid.layout.describe_link)
        canv.xmp = partial(metadata.xmp, description)
        canv.output_profile = metadata.srgb_profile()
        return canv

    return make


class _BriefCanvas(PageCanvas):
    """A brief's canvas: its attached files are made at save, once every page is drawn."""

    attach: Callable[[], list[Attachment]] = list

    def save(self) -> None:
        self.attachments = self.attach()
        super().save()


def _creation_date(date: str) -> dt.datetime | None:
    """When a brief is dated: the first day of its date, unless SOURCE_DATE_EPOCH (which
    ReportLab reads itself) says otherwise."""
    if clock.source_date_epoch():
        return None
    return dt.datetime.combine(fmt.first_day(date), dt.time(), tzinfo=dt.UTC)

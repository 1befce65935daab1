"""The project's TrueType fonts, registered once with ReportLab and matplotlib under fixed names.

Every piece of text in a brief (paragraphs, tables, chart labels) uses these fonts, so no PDF
ever falls back to an unembedded standard font.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem, ProjectError
from .load import CONFIG_FILE

if TYPE_CHECKING:
    from .project import Project

REGULAR, BOLD, ITALIC, BOLD_ITALIC, HEADING = (
    "Brief-Regular",
    "Brief-Bold",
    "Brief-Italic",
    "Brief-BoldItalic",
    "Brief-Heading",
)
_FIELDS = {
    "regular": REGULAR,
    "bold": BOLD,
    "italic": ITALIC,
    "bold_italic": BOLD_ITALIC,
    "heading": HEADING,
}
_registered: dict[str, Path] = {}


@dataclass(frozen=True)
class FontFiles:
    """The font files a brief is set in, by role."""

    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path
    heading: Path


def font_files(project: Project) -> FontFiles:
    """Absolute paths of the project's fonts."""
    fonts = project.config.branding.fonts
    return FontFiles(**{name: project.path(getattr(fonts, name)) for name in _FIELDS})


def register(project: Project) -> FontFiles:
    """Register the project's fonts with ReportLab (once per file) and return their paths."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    files = font_files(project)
    problems = []
    for field, name in _FIELDS.items():
        path = getattr(files, field)
        if _registered.get(name) == path:
            continue
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except (TTFError, OSError) as exc:
            line = project.origins[("config", CONFIG_FILE)].line(("branding", "fonts", field))
            problems.append(
                Problem(
                    CONFIG_FILE,
                    line,
                    f"branding.fonts.{field}",
                    f"'{path.name}' cannot be used as a font ({exc}); "
                    "use a TrueType (.ttf) font file",
                )
            )
            continue
        _registered[name] = path
    if problems:
        raise ProjectError(problems)
    # Drawings (charts, logo) start from these defaults: without this, renderPDF selects an
    # unembedded Helvetica on every page that has a drawing.
    from reportlab.graphics.shapes import STATE_DEFAULTS

    STATE_DEFAULTS["fontName"] = REGULAR
    # <b> and <i> in paragraphs pick the matching face of the family.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD_ITALIC)
    return files


class SvgFontMap:
    """Maps every font an SVG chart asks for to the brief's registered fonts (for svglib)."""

    def find_font(
        self, font_name: str, weight: str = "normal", style: str = "normal"
    ) -> tuple[str, bool]:
        bold = str(weight).lower() in {"bold", "bolder", "600", "700", "800", "900"}
        italic = str(style).lower() in {"italic", "oblique"}
        return {
            (False, False): REGULAR,
            (True, False): BOLD,
            (False, True): ITALIC,
            (True, True): BOLD_ITALIC,
        }[(bold, italic)], True

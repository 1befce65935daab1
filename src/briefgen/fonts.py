"""The project's TrueType fonts, registered once with ReportLab and matplotlib under fixed names.

Every piece of text in a brief (paragraphs, tables, chart labels) uses these fonts, so no PDF
ever falls back to an unembedded standard font.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
# Each font registered with ReportLab: its file, and the file's size and modification time
# when it was parsed (a file replaced by another of the same name is parsed again).
_registered: dict[str, tuple[Path, tuple[int, int]]] = {}
# Fonts parsed when validation checked their files (`parse`), not registered yet: by name, the
# file, its size and modification time, and the font, which registration takes as it is.
_parsed: dict[str, tuple[Path, tuple[int, int], Any]] = {}


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


@dataclass(frozen=True)
class FontNames:
    """The registered names a brief's text is set in, by role."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    heading: str

    @property
    def shaped(self) -> bool:
        """Whether these are a language's own fonts, shaped by HarfBuzz."""
        return self != LATIN

    def face(self, bold: bool, italic: bool) -> str:
        """The font for text that is bold, italic, both or neither."""
        if bold:
            return self.bold_italic if italic else self.bold
        return self.italic if italic else self.regular


LATIN = FontNames(REGULAR, BOLD, ITALIC, BOLD_ITALIC, HEADING)
SYMBOLS = "Brief-Symbols"
# One face for every weight and style: the symbols font has a regular face only.
SYMBOL_FACES = FontNames(SYMBOLS, SYMBOLS, SYMBOLS, SYMBOLS, SYMBOLS)


def names(project: Project, lang: str) -> FontNames:
    """The fonts briefs in `lang` are set in: the language's own if it has some (`languages:
    LANG: fonts:` in briefgen.yaml), else the project's."""
    settings = project.config.languages.get(lang)
    if settings is None or settings.fonts is None:
        return LATIN
    prefix = f"Brief-{lang}"
    return FontNames(
        f"{prefix}-Regular",
        f"{prefix}-Bold",
        f"{prefix}-Regular",
        f"{prefix}-Bold",
        f"{prefix}-Heading",
    )


def script_font_files(project: Project, lang: str) -> dict[str, Path]:
    """A language's own font files by role (regular, bold, heading), with the bold defaulting
    to the regular and the heading to the bold; empty for a language without fonts."""
    fonts = project.language(lang).fonts
    if fonts is None:
        return {}
    bold = fonts.bold or fonts.regular
    return {
        "regular": project.path(fonts.regular),
        "bold": project.path(bold),
        "heading": project.path(fonts.heading or bold),
    }


def register(project: Project) -> FontFiles:
    """Register the project's fonts, and every language's own, with ReportLab (once per file);
    return the project's font files. Validation has made sure that each file is a usable
    font (validate/assets.py)."""
    for name, path, kind in _wanted(project):
        _ensure(name, path, kind)
    _parsed.clear()  # what validation parsed for a name no font of this project has now
    for family in {names(project, lang) for lang in [*project.config.languages, "en"]}:
        _family(family)
    return font_files(project)


def parse(project: Project, path: Path) -> None:
    """Check that ReportLab can use the font file `path`, raising what its parser raises: a
    file registered as it is now was; a file `register` registers is parsed as it will be
    registered, and the font kept for it (once for each name it is registered under)."""
    from reportlab.pdfbase.ttfonts import TTFont

    path, stamp = _stamped(path)
    wanted = [(name, kind) for name, file, kind in _wanted(project) if file.absolute() == path]
    if any(_registered.get(name) == (path, stamp) for name, _kind in wanted):
        return
    for name, kind in wanted:
        if _parsed.get(name, (None, None))[:2] != (path, stamp):
            _parsed[name] = (path, stamp, kind(name, str(path)))
            return
    TTFont("briefgen-check", str(path))


def _stamped(path: Path) -> tuple[Path, tuple[int, int]]:
    """The file's absolute path (the build server's children start elsewhere than a command
    that gave a relative --project) and its size and modification time."""
    from .state import file_stamp

    path = path.absolute()
    return path, tuple(file_stamp(path))


def _wanted(project: Project) -> list[tuple[str, Path, type]]:
    """Each font `register` registers: its name, its file, its kind (TTFont, or ShapingFont
    for a language's own)."""
    from reportlab.pdfbase.ttfonts import TTFont

    from .rl.fonts import ShapingFont

    files = font_files(project)
    wanted = [(name, getattr(files, field), TTFont) for field, name in _FIELDS.items()]
    for lang in project.config.languages:
        own = names(project, lang)
        for field, path in script_font_files(project, lang).items():
            wanted.append((getattr(own, field), path, ShapingFont))
    return wanted


def register_symbols(project: Project) -> FontNames:
    """Register the project's symbols font with ReportLab (once per file), when a brief first
    prints a character its other fonts lack: a build that needs none never parses it."""
    from reportlab.pdfbase.ttfonts import TTFont

    _ensure(SYMBOLS, project.path(project.config.branding.fonts.symbols), TTFont)
    return SYMBOL_FACES


def _ensure(name: str, path: Path, kind: type) -> None:
    """Register the font file `path` under `name` as a `kind` font (ReportLab's TTFont or
    briefgen's ShapingFont), unless it is registered so, unchanged, already; the names that
    had the same file before it was replaced get the new font too."""
    from reportlab.pdfbase import pdfmetrics

    from .rl.fonts import register

    path, stamp = _stamped(path)
    if _registered.get(name) == (path, stamp):
        return
    parsed = _parsed.pop(name, None)
    if parsed is not None and parsed[:2] == (path, stamp) and type(parsed[2]) is kind:
        font = parsed[2]
    else:
        font = kind(name, str(path))  # before the name leaves its font: this may fail
    replaced = [  # the other names of this file, replaced since they were registered
        other
        for other, (file, was) in _registered.items()
        if other != name
        and was != stamp
        and (file, kind) == (path, type(pdfmetrics.getFont(other)))
    ]
    register(font, replaced)
    for registered_name in [name, *replaced]:
        _registered[registered_name] = (path, stamp)


def registered() -> list[tuple[str, str, bool]]:
    """Each font registered in this process: its name, its file, whether it is shaped (a
    language's own font); what `preload` takes."""
    from reportlab.pdfbase import pdfmetrics

    from .rl.fonts import ShapingFont

    return [
        (name, str(path), isinstance(pdfmetrics.getFont(name), ShapingFont))
        for name, (path, _stamp) in _registered.items()
    ]


def preload(fonts: list[tuple[str, str, bool]]) -> None:
    """Register fonts a command registered (`registered`), so that the next command that
    registers them finds them parsed (the build server's children); a file gone or unusable
    now is left to that command to report."""
    from reportlab.pdfbase.ttfonts import TTFont

    from .rl.fonts import ShapingFont

    for name, path, shaped in fonts:
        try:
            _ensure(name, Path(path), ShapingFont if shaped else TTFont)
        except Exception:
            continue


def _family(family: FontNames) -> None:
    """<b> and <i> in paragraphs pick the matching face of the family."""
    from reportlab.lib.fonts import addMapping

    addMapping(family.regular, 0, 0, family.regular)
    addMapping(family.regular, 1, 0, family.bold)
    addMapping(family.regular, 0, 1, family.italic)
    addMapping(family.regular, 1, 1, family.bold_italic)


class SvgFontMap:
    """Maps every font an SVG chart asks for to the brief's registered fonts (for svglib)."""

    def find_font(
        self, font_name: str, weight: str = "normal", style: str = "normal"
    ) -> tuple[str, bool]:
        bold = str(weight).lower() in {"bold", "bolder", "600", "700", "800", "900"}
        italic = str(style).lower() in {"italic", "oblique"}
        return LATIN.face(bold, italic), True

"""The project's files: the logo and every font inside the project, present, and readable by
the readers a build draws them with (ReportLab's TrueType parser, svglib, PIL through
ReportLab's ImageReader). The readers are imported only when there is a file to read."""

from __future__ import annotations

import functools
import io
import struct
from pathlib import Path

from .. import cache, fonts
from ..load import Key, keypath
from ..project import Origin, Project
from .messages import Collector

_IMAGE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg"}


def check(project: Project, origin: Origin, collector: Collector) -> None:
    """The logo and every font file briefgen.yaml (at `origin`) names can be used by a build,
    and no two font files are different fonts of one name."""
    logo = project.config.branding.logo
    if logo is not None and (problem := _logo_problem(project, logo)):
        collector.error(origin, ("branding", "logo"), "branding.logo", problem)
    named: dict[str, tuple[Key, str, bytes]] = {}  # the first font file of each face name
    for loc, rel in _fonts(project):
        problem = _font_problem(project, rel, _MISSING.get(loc, _PUT_FONTS))
        if problem is None:
            problem = _same_name(named, loc, rel, project.path(rel).read_bytes())
        if problem is not None:
            collector.error(origin, loc, keypath("", loc), problem)


def _same_name(
    named: dict[str, tuple[Key, str, bytes]], loc: Key, rel: str, data: bytes
) -> str | None:
    """What is wrong with a font file whose face has the name of another, different file:
    ReportLab gives a name registered for a face it has the font it has, so that text set in
    the second would be drawn in the first. The first of each name is noted in `named`."""
    name = face_name(data)
    if name is None:
        return None
    first_loc, first_rel, first = named.setdefault(name, (loc, rel, data))
    if first == data:
        return None
    return (
        f"'{rel}' and '{first_rel}' ({keypath('', first_loc)}) are different fonts with the "
        f"same name, '{name}': a PDF can hold only one of them, and text set in one would be "
        "drawn in the other; name the same file in both places, or fonts with different names"
    )


def face_name(data: bytes) -> str | None:
    """The name ReportLab knows a TrueType font's face by, found as its parser finds it: the
    PostScript name, else the full name, else the family name, in US English (Windows) or
    Roman (Macintosh) records. None when the file has no such name table."""
    try:
        (tables,) = struct.unpack_from(">H", data, 4)
        records = (struct.unpack_from(">4s4xL", data, 12 + 16 * i) for i in range(tables))
        start = next((at for tag, at in records if tag == b"name"), None)
        if start is None:
            return None
        _format, count, strings = struct.unpack_from(">3H", data, start)
        names: dict[int, str] = {}
        for i in range(count):
            platform, encoding, language, name_id, length, at = struct.unpack_from(
                ">6H", data, start + 6 + 12 * i
            )
            raw = data[start + strings + at : start + strings + at + length]
            if (platform, encoding, language) == (3, 1, 0x409):
                names.setdefault(name_id, raw.decode("utf-16-be"))
            elif (platform, encoding, language) == (1, 0, 0):
                names.setdefault(name_id, raw.decode("mac_roman"))
    except (struct.error, UnicodeDecodeError):
        return None
    return next((names[i] for i in (6, 4, 1) if names.get(i)), None)


def _inside(root: Path, rel: str) -> Path | None:
    path = (root / rel).resolve()
    return path if path.is_relative_to(root.resolve()) else None


def _logo_problem(project: Project, logo: str) -> str | None:
    """What is wrong with the logo file, if anything."""
    path = _inside(project.root, logo)
    if path is None:
        return f"'{logo}' is outside the project; put the logo under assets/"
    if not path.is_file():
        return f"'{logo}' not found; check the path (relative to the project)"
    if path.suffix.lower() not in _IMAGE_SUFFIXES:
        return f"'{logo}' is not an SVG, PNG or JPEG image"
    if not _readable_image(project.path(logo)):
        # the readers' own messages name internals (file objects, resources)
        return f"'{logo}' cannot be read as an image; use a valid SVG, PNG or JPEG file"
    return None


_PUT_FONTS = "put TrueType (.ttf) fonts under assets/fonts/"
# What to do about a missing font a project may not know it needs: one named by default.
_MISSING = {
    ("branding", "fonts", "symbols"): "copy NotoSansMath-Regular.ttf from briefgen's "
    "assets/fonts/ into the project's (it prints the minus sign and the other symbols the "
    "text fonts lack), or name another font with `symbols:`",
}


def _font_problem(project: Project, rel: str, missing: str) -> str | None:
    """What is wrong with a font file, if anything; `missing` says what to do if it is not
    found."""
    path = _inside(project.root, rel)
    if path is None or not path.is_file():
        return f"font file '{rel}' not found in the project; {missing}"
    unusable = _unusable_font(project, project.path(rel))
    if unusable is not None:
        return (
            f"'{Path(rel).name}' cannot be used as a font ({unusable}); "
            "use a TrueType (.ttf) font file"
        )
    return None


def _fonts(project: Project) -> list[tuple[Key, str]]:
    """Every font file briefgen.yaml names, with where: the project's and each language's."""
    branding = project.config.branding
    fonts: list[tuple[Key, str]] = [
        (("branding", "fonts", name), getattr(branding.fonts, name))
        for name in type(branding.fonts).model_fields
    ]
    for lang, settings in project.config.languages.items():
        if settings.fonts is not None:
            fonts += [
                (("languages", lang, "fonts", name), getattr(settings.fonts, name))
                for name in type(settings.fonts).model_fields
                if getattr(settings.fonts, name) is not None
            ]
    return fonts


def _unusable_font(project: Project, path: Path) -> str | None:
    """Why ReportLab cannot use the file as a TrueType font, or None when it can.

    A file whose bytes were parsed without error before (by this user: cache.checked) is not
    parsed again; a failure is not remembered: its message may name the file's path. A file
    parsed here is not parsed again by the build that registers it (fonts.parse)."""
    from reportlab import Version

    try:
        key = cache.checked_key(path, f"reportlab {Version}")
        if not cache.checked(key):
            fonts.parse(project, path)
            cache.remember_checked(key)
    except Exception as exc:  # a damaged font fails in the parser in many ways (struct.error...)
        return str(exc)
    return None


class _StandardFonts:
    """svglib's font lookup answered with a font ReportLab always has: the brief's own fonts
    are registered only for a build, and the font text is measured in does not decide
    whether the file can be read."""

    def find_font(
        self, font_name: str, weight: str = "normal", style: str = "normal"
    ) -> tuple[str, bool]:
        return "Helvetica", True


def _readable_image(path: Path) -> bool:
    """Whether a build can draw the logo: an SVG through svglib (read as UTF-8, as a build
    does), a PNG or JPEG through ReportLab's ImageReader (PIL)."""
    try:
        if path.suffix.lower() == ".svg":  # svglib takes 50 ms to import: asked once per file
            key = cache.checked_key(path, f"svglib {_svglib_version()}")
            if cache.checked(key):
                return True
            from svglib.svglib import svg2rlg

            svg = path.read_text(encoding="utf-8").encode("utf-8")
            drawing = svg2rlg(io.BytesIO(svg), font_map=_StandardFonts())
            if drawing is None or drawing.height <= 0:
                return False
            cache.remember_checked(key)
            return True
        from reportlab.lib.utils import ImageReader

        ImageReader(str(path)).getSize()  # reads the image's header: raises if it is not one
    except Exception:  # svglib, lxml and PIL each fail their own way
        return False
    return True


@functools.cache
def _svglib_version() -> str:
    from importlib.metadata import version

    return version("svglib")

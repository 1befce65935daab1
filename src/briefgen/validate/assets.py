"""The project's files: the logo and every font inside the project, and present."""

from __future__ import annotations

from pathlib import Path

from ..load import Key, keypath
from ..project import Origin, Project
from .messages import Collector

_IMAGE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg"}


def check(project: Project, origin: Origin, collector: Collector) -> None:
    """The logo and every font file named in briefgen.yaml (at `origin`) are in the project."""
    _logo(project, origin, collector)
    for loc, rel in _fonts(project):
        path = _inside(project.root, rel)
        if path is None or not path.is_file():
            collector.error(
                origin,
                loc,
                keypath("", loc),
                f"font file '{rel}' not found in "
                "the project; put TrueType (.ttf) fonts under assets/fonts/",
            )


def _inside(root: Path, rel: str) -> Path | None:
    path = (root / rel).resolve()
    return path if path.is_relative_to(root.resolve()) else None


def _logo(project: Project, origin: Origin, collector: Collector) -> None:
    logo = project.config.branding.logo
    if logo is None:
        return
    loc = ("branding", "logo")
    path = _inside(project.root, logo)
    if path is None:
        message = f"'{logo}' is outside the project; put the logo under assets/"
    elif not path.is_file():
        message = f"'{logo}' not found; check the path (relative to the project)"
    elif path.suffix.lower() not in _IMAGE_SUFFIXES:
        message = f"'{logo}' is not an SVG, PNG or JPEG image"
    else:
        return
    collector.error(origin, loc, "branding.logo", message)


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

"""The library API behind the CLI: load, check, list and build a project's briefs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BuildFailed, Problem
from .load import load_project
from .plan import select, uses
from .project import Project
from .validate import validate

if TYPE_CHECKING:
    from .write import Written


@dataclass(frozen=True)
class BriefInfo:
    """One brief as `briefgen list` shows it."""

    id: str
    audience: str
    label: str
    title: str
    language: str
    output: Path


def load(root: Path | str = ".") -> tuple[Project, list[Problem]]:
    """Load and validate the project at `root`; raise ProjectError listing every error.

    Returns the project and its warnings.
    """
    return validate(load_project(Path(root)))


def check(root: Path | str = ".") -> list[Problem]:
    """Validate everything, build nothing; return the warnings (errors raise ProjectError)."""
    return load(root)[1]


def list_briefs(root: Path | str = ".", out: Path | str | None = None) -> list[BriefInfo]:
    """The project's briefs, in file-name order."""
    project, _ = load(root)
    folder = Path(out) if out is not None else project.output_dir
    return [
        BriefInfo(
            brief_id,
            brief.audience,
            brief.label.get(brief.language) or "",
            brief.title.get(brief.language) or "",
            brief.language,
            folder / project.output_name(brief_id),
        )
        for brief_id, brief in project.briefs.items()
    ]


def build(
    root: Path | str = ".", briefs: tuple[str, ...] | list[str] = (), out: Path | str | None = None
) -> list[Written]:
    """Build the named briefs (default: all) and return what was written."""
    from . import chart, fonts
    from .layout import CHART_HEIGHT, MARGIN_X, PAGE_SIZES
    from .write import render

    project, _ = load(root)
    selected = select(project, briefs)
    folder = Path(out) if out is not None else project.output_dir
    files = fonts.register(project)
    width = PAGE_SIZES[project.config.page_size][0] - 2 * MARGIN_X
    svgs: dict[tuple[str, str], str] = {}  # a chart shared by several briefs is drawn once
    written = []
    for brief_id in selected:
        lang = project.briefs[brief_id].language
        for chart_id in sorted(uses(project, brief_id).charts):
            if (chart_id, lang) not in svgs:
                svgs[(chart_id, lang)] = chart.render_svg(
                    project, chart_id, lang, files, width, CHART_HEIGHT
                )

        def drawing(chart_id: str, lang: str = lang) -> object:
            return chart.to_drawing(svgs[(chart_id, lang)])

        target = folder / project.output_name(brief_id)
        try:
            written.append(render(project, brief_id, drawing, target))
        except OSError as exc:
            raise BuildFailed(
                f"{target}: cannot be written ({exc.strerror}); check that the "
                "folder is writable and the file is not open elsewhere"
            ) from exc
    return written

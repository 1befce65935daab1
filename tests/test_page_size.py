"""Paper size per brief: `page_size:` in a brief overrides briefgen.yaml's, and a brief on
Letter paper is laid out as it is on A4 (charts in proportion to the shorter page)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen import api

from .conftest import built

SIZES = {"A4": (595, 842), "Letter": (612, 792)}


def _set_brief_size(root: Path, brief: str, size: str) -> None:
    path = root / "briefs" / f"{brief}.yaml"
    path.write_text(
        path.read_text().replace("\nlanguage: en\n", f"\nlanguage: en\npage_size: {size}\n")
    )


def _pages(path: Path) -> tuple[set[tuple[int, int]], list[str]]:
    reader = PdfReader(path)
    boxes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    }
    return boxes, [p.extract_text() for p in reader.pages]


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_donor_brief_on_either_paper_keeps_its_chart_on_page_one(
    project: Path, size: str
) -> None:
    _set_brief_size(project, "donor", size)
    path = built(api.build(project, ["donor"]))[0].path
    boxes, pages = _pages(path)
    assert boxes == {SIZES[size]}
    assert len(pages) == 3
    # the chart and its heading fill the foot of page 1 instead of leaving it empty
    assert "A prison system past breaking point" in pages[0]


def test_a_brief_s_page_size_overrides_the_project_s(project: Path) -> None:
    config = project / "briefgen.yaml"
    config.write_text(config.read_text().replace("page_size: A4", "page_size: Letter"))
    _set_brief_size(project, "press", "A4")
    outcomes = {o.brief_id: o.path for o in built(api.build(project))}
    assert _pages(outcomes["press"])[0] == {SIZES["A4"]}
    assert _pages(outcomes["donor"])[0] == {SIZES["Letter"]}


def test_an_unknown_page_size_is_an_error_at_its_line(project: Path) -> None:
    _set_brief_size(project, "press", "A5")
    lines = (project / "briefs" / "press.yaml").read_text().splitlines()
    line = lines.index("page_size: A5") + 1
    report = api.build(project, ["press"])
    assert report.exit_code == 1
    errors = [str(p) for o in report.outcomes for p in o.errors]
    wanted = f"briefs/press.yaml:{line}: error: page_size:"
    assert any(e.startswith(wanted) and "'Letter'" in e for e in errors), errors

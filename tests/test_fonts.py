"""The project's fonts as a build registers them: each file parsed once, and registered
again, in a process that builds again and again, as a fresh process would register it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen import api

from .conftest import built
from .test_build import fonts_of


def test_a_first_build_parses_each_font_file_once_for_each_name_it_is_registered_under(
    project: Path, empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Validation parses the fonts no build checked before; registration takes them as they
    were parsed (fonts.parse)."""
    from reportlab.pdfbase import ttfonts

    from briefgen import api, fonts

    parses: list[str] = []
    face = ttfonts.TTFontFace.__init__

    def counted(self, filename, *args, **kwargs):
        parses.append(os.path.basename(filename))
        face(self, filename, *args, **kwargs)

    monkeypatch.setattr(ttfonts.TTFontFace, "__init__", counted)
    api.build(project, briefs=("donor",))
    names: dict[str, int] = {}  # how many names each of the project's files is registered under
    for _name, path, _shaped in fonts.registered():
        if Path(path).is_relative_to(project):
            names[os.path.basename(path)] = names.get(os.path.basename(path), 0) + 1
    assert len(list((empty_cache / "checked").glob("*"))) >= 8  # validation parsed them
    assert {f: parses.count(f) for f in parses} == {f: names.get(f, 1) for f in parses}


def test_a_replaced_font_file_is_registered_as_it_is_now(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a process that builds again (`build --watch`, the build server), a font file
    replaced since it was registered is registered anew, before or after validation."""
    from reportlab.pdfbase import pdfmetrics

    from briefgen import fonts
    from briefgen.load import load_project
    from briefgen.validate import validate

    monkeypatch.setattr(fonts, "_parsed", {})
    loaded = validate(load_project(project)).project
    fonts.register(loaded)  # as the last build did
    assert pdfmetrics.getFont(fonts.REGULAR).face.name == b"NotoSans-Regular"
    regular = fonts.font_files(loaded).regular
    fonts.parse(loaded, regular)  # as validation does, for a file it has not checked before
    serif = project / "assets" / "fonts" / "NotoSerif-Regular.ttf"
    regular.write_bytes(serif.read_bytes())
    fonts.register(loaded)
    assert pdfmetrics.getFont(fonts.REGULAR).face.name == b"NotoSerif-Regular"
    regular.write_bytes((project / "assets" / "fonts" / "NotoSans-Bold.ttf").read_bytes())
    fonts.register(loaded)  # a replaced file, registered before (`build --watch`)
    assert pdfmetrics.getFont(fonts.REGULAR).face.name == b"NotoSans-Bold"


BRANDING = "branding:\n"
# briefgen.yaml's fonts, edited one step at a time in one process
FONT_STEPS = [
    "  fonts:\n    heading: assets/fonts/NotoSans-Bold.ttf\n",
    "  fonts:\n    heading: assets/fonts/NotoSerif-Bold.ttf\n",
    "  fonts:\n    heading: assets/fonts/NotoSerif-Bold.ttf\n"
    "    italic: assets/fonts/NotoSans-Bold.ttf\n",
]


def test_fonts_edited_step_by_step_in_one_process_build_as_in_a_fresh_one(
    project: Path, tmp_path: Path
) -> None:
    """A file named under several roles, then not, then again: each build in this process
    embeds what a fresh process embeds, one font per face."""
    config = project / "briefgen.yaml"
    original = config.read_text(encoding="utf-8")
    for step in FONT_STEPS:
        config.write_text(original.replace(BRANDING, BRANDING + step, 1), encoding="utf-8")
        built(api.build(project, briefs=("donor",), jobs=1))
    command = ["build", "donor", "--project", str(project), "--out", str(tmp_path / "fresh")]
    fresh = subprocess.run(
        [sys.executable, "-m", "briefgen", *command], capture_output=True, text=True
    )
    assert fresh.returncode == 0, fresh.stderr
    here = fonts_of(PdfReader(project / "out" / "donor.pdf"))
    there = fonts_of(PdfReader(tmp_path / "fresh" / "donor.pdf"))
    assert sorted(str(f).split("+")[1] for f in here) == sorted(str(f).split("+")[1] for f in there)

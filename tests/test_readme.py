"""The README's commands and generated docs stay true."""

from __future__ import annotations

import re

from briefgen.schema import field_reference

from .conftest import REPO


def _commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    setup = readme[readme.index("## Set up") : readme.index("## How a project")]
    return re.findall(r"```sh\n(.+?)\n```", setup)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    install, test = _commands()
    assert "briefgen build" in install
    assert "pytest" in test
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == test


def test_field_reference_is_generated_from_the_model() -> None:
    assert (REPO / "docs" / "fields.md").read_text(encoding="utf-8") == field_reference()


def test_readme_pictures_exist() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^]]*\]\(([^)]+)\)", readme)
    assert "docs/donor-page1.png" in pictures and "docs/example-donor-page1.png" in pictures
    for picture in pictures:
        assert (REPO / picture).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", picture

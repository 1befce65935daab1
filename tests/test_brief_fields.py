"""Brief fields a user can write wrong and that used to print nothing: empty or
citation-only list items, a paper size in the wrong case, an empty asks heading."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_consent import line_of, run

PRESS_FACT = '      - "Prison population up {stat:prison_growth}, to {stat:prison_population}"\n'


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ('      - ""\n', "an empty item: write the item, or delete the line"),
        ('      - "   "\n', "an empty item: write the item, or delete the line"),
        ("      - {en: '  '}\n", "an empty item: write the item, or delete the line"),
        (
            '      - " {cite:afp2020} "\n',
            "an item that is only a citation prints a bare number: write the fact it supports "
            "before it, or delete the line",
        ),
    ],
    ids=["empty", "blank", "blank-variant", "citation-only"],
)
@pytest.mark.parametrize("block", ["facts", "list"])
def test_an_item_that_prints_nothing_is_refused_at_its_line(
    project: Path, items: str, message: str, block: str
) -> None:
    path = project / "briefs" / "press.yaml"
    text = path.read_text(encoding="utf-8").replace("  - type: facts\n", f"  - type: {block}\n")
    assert PRESS_FACT in text
    path.write_text(text.replace(PRESS_FACT, PRESS_FACT + items), encoding="utf-8")
    line = line_of(path, PRESS_FACT.strip()) + 1
    code, out = run("check", "--project", str(project))
    assert code == 1, out
    assert f"briefs/press.yaml:{line}: error: blocks[1].items[3]: {message}" in out


@pytest.mark.parametrize(
    ("file", "old", "new", "key", "message"),
    [
        (
            "briefs/press.yaml",
            "date: 2020-05-13\n",
            "date: 2020-05-13\npage_size: letter\n",
            "page_size",
            "'letter' is not allowed here; did you mean 'Letter'? input should be 'A4' or 'Letter'",
        ),
        (
            "briefgen.yaml",
            "",
            "audiences:\n  donors:\n    asks_heading: ''\n",
            "audiences.donors.asks_heading",
            "an empty heading: write the heading printed above their asks",
        ),
    ],
    ids=["page-size-case", "empty-asks-heading"],
)
def test_a_brief_setting_written_wrong_is_refused_at_its_line(
    project: Path, file: str, old: str, new: str, key: str, message: str
) -> None:
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1) if old else text + new, encoding="utf-8")
    line = line_of(path, new.splitlines()[-1])
    code, out = run("check", "--project", str(project))
    assert code == 1, out
    assert f"{file}:{line}: error: {key}: {message}" in out

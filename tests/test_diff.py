"""What changed between the inputs a brief was last built from and its inputs now, in words."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from briefgen import api, diff, plan

from .conftest import copy_case


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What the minimal project's brief is built from (never changed: tests change copies)."""
    root = copy_case("minimal", tmp_path_factory.mktemp("diff") / "p")
    project, _ = api.load(root)
    return plan.inputs(project, "short", {"assets/fonts/NotoSans-Regular.ttf": "abc"}, {})


def changed(inputs: dict[str, Any], edit: Any) -> list[str]:
    """diff.changes from `inputs` to a copy that `edit` changed."""
    new = copy.deepcopy(inputs)
    edit(new)
    return diff.changes(inputs, new)


def test_nothing_changed_and_never_built(inputs: dict[str, Any]) -> None:
    assert diff.changes(inputs, copy.deepcopy(inputs)) == []
    assert diff.changes(None, inputs) == ["not built yet"]


def test_a_statistic_changed_shows_old_and_new_value_with_its_source(
    inputs: dict[str, Any],
) -> None:
    def edit(new: dict[str, Any]) -> None:
        new["statistics/people"]["value"] = 1500

    assert changed(inputs, edit) == [
        "statistic people: about 1,200 → about 1,500 (Test Publisher, 4 March 2021)"
    ]


def test_a_statistic_changed_but_not_as_printed(inputs: dict[str, Any]) -> None:
    def edit(new: dict[str, Any]) -> None:
        new["statistics/people"]["label"] = "People in prison"

    assert changed(inputs, edit) == ["statistic people changed (not its value)"]


def test_quotes_added_and_removed(inputs: dict[str, Any]) -> None:
    def swap(new: dict[str, Any]) -> None:
        new["quotes/q2"] = new.pop("quotes/q1") | {"id": "q2"}

    assert changed(inputs, swap) == ["quote removed: q1", "quote added: q2"]


def test_blocks_added_removed_and_changed(inputs: dict[str, Any]) -> None:
    def add(new: dict[str, Any]) -> None:
        new["brief"]["blocks"].insert(1, {"heading": "Context", "type": "text", "text": "More."})

    def remove(new: dict[str, Any]) -> None:
        del new["brief"]["blocks"][3]

    def change(new: dict[str, Any]) -> None:
        new["brief"]["blocks"][1]["chart"] = "other"

    assert changed(inputs, add) == ["block added: text (Context)"]
    assert changed(inputs, remove) == ["block removed: quotes (q1)"]
    assert changed(inputs, change) == ["block 2 changed: chart (other)"]


def test_brief_fields_config_and_assets(inputs: dict[str, Any]) -> None:
    def edit(new: dict[str, Any]) -> None:
        new["brief"]["title"] = "Another title"
        new["config"]["page_size"] = "Letter"
        new["asset/assets/fonts/NotoSans-Regular.ttf"] = "def"

    assert changed(inputs, edit) == [
        "briefgen.yaml changed",
        "title changed",
        "assets/fonts/NotoSans-Regular.ttf changed",
    ]


def test_entries_of_every_kind_are_named(inputs: dict[str, Any]) -> None:
    def edit(new: dict[str, Any]) -> None:
        new["recommendations/release"]["summary"] = "Free them."
        new["charts/held"]["title"] = "Held"
        new["sources/src1"]["title"] = "The report"

    assert changed(inputs, edit) == [
        "chart changed: held",
        "recommendation changed: release",
        "source changed: src1",
    ]


def test_the_printed_form_of_a_stored_statistic(inputs: dict[str, Any]) -> None:
    assert diff.printed(inputs["statistics/people"]) == "about 1,200"

"""The command line, through Click's test runner: output and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import __version__
from briefgen.cli import main

from .conftest import copy_case


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.strip() == f"briefgen, version {__version__}"


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_with_examples(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "Examples:" in out and f"briefgen {command}" in out


def test_build_prints_one_line_per_pdf(project: Path) -> None:
    code, out, err = run("build", "--project", str(project))
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"built       {project / 'out' / 'donor.pdf'}  3 pages  ")
    assert lines[1].startswith(f"built       {project / 'out' / 'press.pdf'}  2 pages  ")
    assert lines[0].endswith(" KiB")
    code, out, _ = run("build", "--project", str(project))
    assert code == 0
    assert out.splitlines() == [
        f"up to date  {project / 'out' / 'donor.pdf'}",
        f"up to date  {project / 'out' / 'press.pdf'}",
    ]
    code, out, _ = run("build", "--quiet", "--force", "--project", str(project))
    assert (code, out) == (0, "")


def test_check_clean_project(project: Path) -> None:
    code, out, _ = run("check", "--project", str(project))
    assert code == 0 and out.startswith("ok:")


def test_check_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    root = copy_case("range_not_one_quantity", tmp_path / "p")
    code, out, err = run("check", "--project", str(root))
    assert code == 1
    assert "briefs/short.yaml:7: error: blocks[1].text: a range joins claims" in err
    assert err.strip().endswith("1 problem found; nothing was built.")
    assert "Traceback" not in err + out


def test_build_with_bad_data_exits_1_without_traceback(tmp_path: Path) -> None:
    root = copy_case("yaml_syntax", tmp_path / "p")
    code, _, err = run("build", "--project", str(root))
    assert code == 1
    assert err.startswith("data/statistics.yaml:5: error: YAML syntax error")
    assert not (root / "out").exists()


def test_list(project: Path) -> None:
    code, out, _ = run("list", "--project", str(project))
    assert code == 0
    rows = out.splitlines()
    assert rows[0].split() == ["ID", "AUDIENCE", "LANG", "OUTPUT", "TITLE"]
    assert rows[1].split()[:4] == ["donor", "donors", "en", str(project / "out" / "donor.pdf")]
    assert rows[1].endswith("Health, not handcuffs")
    assert rows[2].split()[:2] == ["press", "press"]


@pytest.mark.parametrize(
    "args",
    [
        ["build", "nosuch"],
        ["build", "--jobz", "2"],
        ["build", "--jobs", "0"],
        ["frobnicate"],
        ["list", "extra"],
    ],
)
def test_usage_errors_exit_2(project: Path, args: list[str]) -> None:
    code, _, err = run(*args, "--project", str(project))
    assert code == 2
    assert "Traceback" not in err


def test_unknown_brief_names_the_known_ones(project: Path) -> None:
    _, _, err = run("build", "nosuch", "--project", str(project))
    assert err.startswith("Usage: main build [OPTIONS] [BRIEF_ID]...\n")
    assert err.endswith(
        "Error: Invalid value for BRIEF_ID: no brief named 'nosuch' (known: donor, press)\n"
    )


def test_schema_is_json_for_every_file_kind() -> None:
    code, out, _ = run("schema")
    schema = json.loads(out)
    assert code == 0
    assert set(schema) == {
        "briefgen.yaml",
        "briefs/*.yaml",
        "data/sources.yaml",
        "data/statistics.yaml",
        "data/recommendations.yaml",
        "data/quotes.yaml",
        "data/charts.yaml",
        "distribution.yaml",
    }
    stat = schema["data/statistics.yaml"]["properties"]["statistics"]["items"]
    assert "qualifier" in stat["properties"]
    assert stat["properties"]["value"]["description"].startswith("The number itself")


def test_diff_then_build_say_what_changed(project: Path) -> None:
    assert run("build", "--project", str(project))[0] == 0
    stats = project / "data" / "statistics.yaml"
    stats.write_text(stats.read_text().replace("value: 55770", "value: 61200", 1))
    code, out, _ = run("diff", "--project", str(project))
    change = (
        "statistic arrests_since_2017: at least 55,770 → at least 61,200 "
        "(Radio Free Asia, May 2020)"
    )
    assert code == 0
    assert out.splitlines() == ["donor:", f"  {change}", "press:", f"  {change}"]
    code, out, _ = run("build", "--project", str(project))
    assert out.splitlines()[1] == f"              {change}"


def test_brief_with_errors_fails_alone(project: Path) -> None:
    (project / "briefs" / "broken.yaml").write_text("audience: donors\n")
    code, out, err = run("build", "--project", str(project))
    assert code == 1
    assert "built       " in out and out.count("built") == 2
    assert f"failed      {project / 'out' / 'broken.pdf'}" in err
    assert "briefs/broken.yaml:1: error: label: missing required field 'label'; add it" in err


def test_a_brief_named_with_errors_fails_and_nothing_else_is_built(project: Path) -> None:
    (project / "briefs" / "broken.yaml").write_text("audience: donors\n")
    code, out, err = run("build", "broken", "--project", str(project))
    assert (code, out) == (1, "")
    assert err.startswith(f"failed      {project / 'out' / 'broken.pdf'}\n")
    assert not list(project.glob("out/*.pdf"))


def test_an_output_folder_that_cannot_be_written(project: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, _, err = run("build", "--project", str(project), "--out", str(blocker / "out"))
    assert code == 1
    assert err.startswith(f"Error: {blocker / 'out'}: cannot be written")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("name", "content"), [("logo.svg", "<svg><unclosed"), ("logo.png", "not a picture")]
)
def test_a_logo_that_is_not_an_image(project: Path, name: str, content: str) -> None:
    (project / "assets" / name).write_text(content)
    config = project / "briefgen.yaml"
    config.write_text(config.read_text().replace("logo: assets/logo.svg", f"logo: assets/{name}"))
    code, _, err = run("build", "--project", str(project))
    assert code == 1
    assert err.startswith(
        f"briefgen.yaml:16: error: branding.logo: 'assets/{name}' cannot be read as an image"
    )
    assert not list(project.glob("out/*.pdf"))


@pytest.mark.parametrize("jobs", ["1", "2"])  # drawn in the build's process, or its drawer's
def test_a_bug_drawing_a_chart_names_the_chart(
    project: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    import yaml

    from briefgen import chartplot

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("no room")

    monkeypatch.setattr(chartplot, "figure", broken)  # the drawer, forked, has it too
    monkeypatch.setattr("os.cpu_count", lambda: int(jobs))
    monkeypatch.delenv("BRIEFGEN_DEBUG", raising=False)
    code, out, err = run("build", "--no-cache", "--project", str(project))
    assert code == 70 and out == ""
    found = re.fullmatch(
        r"Error: internal error drawing the chart '(\w+)' \(ValueError: no room\); please "
        r"report it, with the command you ran \(BRIEFGEN_DEBUG=1 shows where it happened\)\n",
        err,
    )
    assert found, err
    charts = yaml.safe_load((project / "data" / "charts.yaml").read_text())["charts"]
    assert found[1] in {c["id"] for c in charts}
    assert not list(project.glob("out/*.pdf"))


@pytest.mark.parametrize("where", ["reading the command line", "running the command"])
def test_ctrl_c_ends_a_command_with_130_as_a_shell_would(
    project: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    import click

    from briefgen import api

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    if where == "reading the command line":
        monkeypatch.setattr(click.Command, "parse_args", interrupted)
    else:
        monkeypatch.setattr(api, "check", interrupted)
    code, out, err = run("check", "--project", str(project))
    assert (code, out, err) == (130, "", "")


def test_a_bug_in_any_command_is_one_line_asking_for_a_report(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefgen import api

    def broken(*_args: object, **_kwargs: object) -> None:
        raise KeyError("surprise")

    monkeypatch.setattr(api, "check", broken)
    monkeypatch.delenv("BRIEFGEN_DEBUG", raising=False)
    code, out, err = run("check", "--project", str(project))
    assert code == 70 and out == ""
    assert err == (
        "Error: internal error (KeyError: 'surprise'); please report it, with the command you "
        "ran (BRIEFGEN_DEBUG=1 shows where it happened)\n"
    )
    monkeypatch.setenv("BRIEFGEN_DEBUG", "1")
    with pytest.raises(KeyError):
        run("check", "--project", str(project))

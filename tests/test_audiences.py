"""Audiences: declared in briefgen.yaml with the heading above their asks, beside the built-in
donors, press and government; a brief's audience and a recommendation's asks are checked."""

from __future__ import annotations

import subprocess
from pathlib import Path

from briefgen import api
from briefgen.errors import ProjectError

from .conftest import built

PARLIAMENT = """
audiences:
  parliament: {label: Parliamentarians, asks_heading: What Parliament can do}
"""


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def _add_parliament(root: Path, config: str = PARLIAMENT) -> None:
    """Declare `parliament` (as `config` says), give every recommendation an ask for it and
    write a brief for it (without Maly's testimony: her consent covers donors only)."""
    (root / "briefgen.yaml").write_text((root / "briefgen.yaml").read_text() + config)
    recs = root / "data" / "recommendations.yaml"
    recs.write_text(recs.read_text().replace("    asks:\n", "    asks:\n      parliament: Vote.\n"))
    donor = (root / "briefs" / "donor.yaml").read_text()
    (root / "briefs" / "parliament.yaml").write_text(
        donor.replace("audience: donors", "audience: parliament").replace(
            "items: [long, maly]", "items: [long]"
        )
    )


def _problems(root: Path) -> list[str]:
    try:
        api.check(root)
    except ProjectError as exc:
        return [str(p) for p in exc.problems]
    return []


def _line(path: Path, text: str) -> int:
    return path.read_text().splitlines().index(text) + 1


def test_a_declared_audience_prints_its_heading_and_the_built_in_ones_keep_theirs(
    project: Path,
) -> None:
    _add_parliament(project)
    paths = {o.brief_id: o.path for o in built(api.build(project, ["parliament", "donor"]))}
    assert _text(paths["parliament"]).count("What Parliament can do") == 3
    assert "What donors can do" not in _text(paths["parliament"])
    assert _text(paths["donor"]).count("What donors can do") == 3


def test_english_phrases_restated_keep_the_built_in_headings(project: Path) -> None:
    """The bug in issue 12: restating the English phrases for a new audience's heading
    replaced the built-in headings, and donors got "donors"."""
    english = """languages:
  en:
    phrases:
      source: Source
      page: Page {page} of
      updated: Updated on {date}
      now_was: "{label} now {now}, was {was}"
      pseudonym: pseudonym
      times: times
      qualifiers: {over: over, more than: more than, at least: at least, about: about}
      asks: {parliament: What Parliament can do}
"""
    config = project / "briefgen.yaml"
    config.write_text(config.read_text().replace("languages:\n", english, 1))
    _add_parliament(project, "")
    paths = {o.brief_id: o.path for o in built(api.build(project, ["parliament", "donor"]))}
    assert _text(paths["parliament"]).count("What Parliament can do") == 3
    assert _text(paths["donor"]).count("What donors can do") == 3


def test_an_unknown_audience_is_an_error_at_the_brief_s_line(project: Path) -> None:
    brief = project / "briefs" / "donor.yaml"
    brief.write_text(brief.read_text().replace("audience: donors", "audience: donor"))
    report = api.build(project, ["donor"])
    assert report.exit_code == 1
    [error] = [str(p) for o in report.outcomes for p in o.errors]
    assert error.startswith(
        f"briefs/donor.yaml:{_line(brief, 'audience: donor')}: error: audience: unknown "
        "audience 'donor'; did you mean 'donors'?"
    )
    assert "`audiences:`" in error


def test_an_ask_for_an_undeclared_audience_is_an_error_at_its_line(project: Path) -> None:
    recs = project / "data" / "recommendations.yaml"
    recs.write_text(recs.read_text().replace("      donors: >-", "      donor: >-", 1))
    line = _line(recs, "      donor: >-")
    problems = _problems(project)
    assert any(
        p.startswith(
            f"data/recommendations.yaml:{line}: error: recommendations.decriminalise.asks:"
        )
        and "unknown audience 'donor'; did you mean 'donors'?" in p
        for p in problems
    ), problems


def test_a_missing_ask_is_an_error_at_the_recommendation_once(project: Path) -> None:
    _add_parliament(project)
    (project / "briefs" / "parliament2.yaml").write_text(
        (project / "briefs" / "parliament.yaml").read_text()
    )
    recs = project / "data" / "recommendations.yaml"
    recs.write_text(recs.read_text().replace("      parliament: Vote.\n", "", 1))
    problems = _problems(project)
    assert problems == [
        f"data/recommendations.yaml:{_line(recs, '    asks:')}: error: "
        "recommendations.decriminalise.asks: no ask for 'parliament', whose briefs print this "
        "recommendation; add `parliament: ...` here, or set the recommendations block's "
        "`ask:` in those briefs"
    ]


def test_a_declared_heading_needs_the_language_of_the_brief(tmp_path: Path) -> None:
    from .conftest import copy_shipped

    root = copy_shipped(tmp_path / "p")
    _add_parliament(root)
    km = (root / "briefs" / "press-km.yaml").read_text()
    (root / "briefs" / "parliament-km.yaml").write_text(
        km.replace("audience: press", "audience: parliament").replace("    style: short\n", "")
    )
    problems = [p for p in _problems(root) if "asks_heading" in p]
    config = root / "briefgen.yaml"
    line = _line(
        config, "  parliament: {label: Parliamentarians, asks_heading: What Parliament can do}"
    )
    assert problems == [
        f"briefgen.yaml:{line}: error: audiences.parliament.asks_heading: no 'km' text for brief "
        "'parliament-km' (this text is written once, in 'en'); write it as `{en: ..., km: ...}` "
        "or translate it in translations/km.po (`briefgen translations export km`)"
    ], problems

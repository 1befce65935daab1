"""Every kind of bad input is reported as FILE:LINE: message, all at once, with no PDF."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefgen import api
from briefgen.errors import ProjectError

from .conftest import PROJECTS, REPO, built, copy_case, copy_shipped

CASES = sorted(p.name for p in PROJECTS.iterdir() if (p / "expected.txt").exists())


def problems_of(root: Path, strict: bool = False) -> list[str]:
    with pytest.raises(ProjectError) as caught:
        api.check(root, strict)
    return [str(p) for p in caught.value.problems]


def test_minimal_project_is_valid(tmp_path: Path) -> None:
    assert api.check(copy_case("minimal", tmp_path / "p")) == []


def test_every_case_has_a_project() -> None:
    assert len(CASES) >= 25
    checks = {
        "conflict",
        "derived_mismatch",
        "hardcoded_number",
        "unused_source",
        "future_source",
        "stale_statistic",
        "lost_qualifier",
    }
    assert {f"check_{name}" for name in checks} <= set(CASES)


def test_shipped_project_is_clean_but_for_its_draft_translation(tmp_path: Path) -> None:
    """The Khmer texts await a native speaker's review: the one warning, which --strict makes
    fatal; with the review done (no `draft`), the project passes --strict."""
    project = copy_shipped(tmp_path)
    assert [str(p) for p in api.check(project)] == [
        "briefs/press-km.yaml:11: warning: language: the 'km' texts are a draft translation "
        "awaiting review by a native speaker (briefgen.yaml languages.km.draft); once "
        "reviewed, remove `draft`"
    ]
    config = project / "briefgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("draft: true", "draft: false"))
    assert api.check(project, strict=True) == []


@pytest.mark.parametrize("case", CASES)
def test_case_reports_exact_message_and_line(case: str, tmp_path: Path) -> None:
    root = copy_case(case, tmp_path / "p")
    expected = (PROJECTS / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    if all(": warning: " in line for line in expected):
        # warnings: reported, and a build goes ahead; with --strict they fail like errors
        assert [str(p) for p in api.check(root)] == expected
        assert problems_of(root, strict=True) == expected
        with pytest.raises(ProjectError):
            api.build(root, strict=True)
        assert not list(root.glob("out/*.pdf"))
        assert built(api.build(root))
        return
    assert problems_of(root) == expected
    try:
        report = api.build(root)
    except ProjectError as exc:  # shared data: nothing is built
        assert [str(p) for p in exc.problems] == expected
    else:  # errors confined to the one brief's file: that brief fails
        assert report.exit_code == 1
        [outcome] = report.outcomes
        assert (outcome.status, outcome.errors) == ("failed", expected)
    assert not list(root.glob("out/*.pdf")), "no PDF may be written when the data has errors"


def test_problems_from_many_files_are_reported_together(tmp_path: Path) -> None:
    root = copy_case("minimal", tmp_path / "p")
    stats = root / "data" / "statistics.yaml"
    stats.write_text(stats.read_text().replace("source: src1", "source: nowhere"))
    brief = root / "briefs" / "short.yaml"
    brief.write_text(brief.read_text().replace("chart: held", "chart: nothing"))
    (root / "briefgen.yaml").write_text("organisation:\n  name: X\ncampaign: {}\n")
    found = problems_of(root)
    assert any(p.startswith("briefgen.yaml:3: error: campaign.title: missing") for p in found)
    assert (
        "data/statistics.yaml:8: error: statistics.people.source: unknown source 'nowhere' "
        "(known: src1)" in found
    )
    assert any(
        p.startswith("briefs/short.yaml:9: error: blocks[2].chart: unknown chart") for p in found
    )


def test_missing_config_says_where_to_run(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    found = problems_of(tmp_path / "empty")
    assert found[0].startswith("briefgen.yaml: error: not found in ")
    assert "--project DIR" in found[0]


def test_entry_with_errors_is_not_reported_again_as_unknown(tmp_path: Path) -> None:
    root = copy_case("wrong_type", tmp_path / "p")
    found = problems_of(root)
    assert len(found) == 1  # not also "unknown statistic 'people'" where it is used


def test_a_damaged_font_or_logo_is_reported_at_its_line(tmp_path: Path) -> None:
    root = copy_case("minimal", tmp_path / "p")
    font = (REPO / "assets" / "fonts" / "NotoSans-Regular.ttf").read_bytes()
    (root / "assets" / "fonts" / "damaged.ttf").write_bytes(font[:1000])
    (root / "assets" / "logo.png").write_bytes(b"not a picture")
    config = root / "briefgen.yaml"
    config.write_text(
        config.read_text()
        + "branding:\n  logo: assets/logo.png\n  fonts:\n    bold: assets/fonts/damaged.ttf\n"
    )
    found = problems_of(root)
    assert found[0] == (
        "briefgen.yaml:8: error: branding.logo: 'assets/logo.png' cannot be read as an image; "
        "use a valid SVG, PNG or JPEG file"
    )
    # ReportLab's parser fails on a truncated font with an error of its own, not a TTFError
    assert found[1].startswith(
        "briefgen.yaml:10: error: branding.fonts.bold: 'damaged.ttf' cannot be used as a font ("
    )
    assert len(found) == 2


def test_two_different_fonts_of_one_name_are_refused(tmp_path: Path) -> None:
    """ReportLab gives a font name registered for a face it has the font it has: text set in
    the second file would be drawn in the first."""
    from fontTools.ttLib import TTFont

    root = copy_case("minimal", tmp_path / "p")
    fonts = root / "assets" / "fonts"
    serif = TTFont(fonts / "NotoSerif-Bold.ttf")
    for record in serif["name"].names:
        if record.nameID == 6:
            record.string = "NotoSans-Bold"
    serif.save(fonts / "Heading.ttf")
    config = root / "briefgen.yaml"
    plain = config.read_text()
    config.write_text(plain + "branding:\n  fonts:\n    heading: assets/fonts/Heading.ttf\n")
    assert problems_of(root) == [
        "briefgen.yaml:9: error: branding.fonts.heading: 'assets/fonts/Heading.ttf' and "
        "'assets/fonts/NotoSans-Bold.ttf' (branding.fonts.bold) are different fonts with the "
        "same name, 'NotoSans-Bold': a PDF can hold only one of them, and text set in one "
        "would be drawn in the other; name the same file in both places, or fonts with "
        "different names"
    ]
    (fonts / "Heading.ttf").write_bytes((fonts / "NotoSans-Bold.ttf").read_bytes())
    assert api.check(root) == []  # a copy of the same font is the same font


CHECKS_ALONE = """
import sys
from briefgen import api
for root in sys.argv[1:]:
    print(len(api.check(root)), "svglib" in sys.modules)
"""


def checks_alone(*roots: Path) -> list[str]:
    """Checks run one after the other in a fresh process (no font registered, no reader
    imported yet): for each, its number of warnings and whether svglib is imported by then."""
    result = subprocess.run(
        [sys.executable, "-c", CHECKS_ALONE, *map(str, roots)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_a_logo_is_read_only_if_there_is_one_and_its_text_needs_no_brief_font(
    tmp_path: Path,
) -> None:
    plain = copy_case("minimal", tmp_path / "plain")
    root = copy_case("minimal", tmp_path / "p")
    (root / "assets" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
        '<text x="4" y="40" font-family="Georgia" text-anchor="middle">ERN</text></svg>'
    )
    config = root / "briefgen.yaml"
    config.write_text(config.read_text() + "branding:\n  logo: assets/logo.svg\n")
    # no logo: svglib is not even imported; a logo's text: read before a build registers the
    # brief's fonts, in which it is set
    assert checks_alone(plain, root) == ["0", "False", "0", "True"]


def test_a_bad_block_does_not_hide_the_other_blocks_problems(tmp_path: Path) -> None:
    root = copy_case("minimal", tmp_path / "p")
    (root / "briefs" / "short.yaml").write_text(
        "audience: readers\nlabel: L\ntitle: T\ndate: 2021-05-01\nblocks:\n"
        "  - type: footnote\n  - type: chart\n    chart: hold\n"
        "  - type: text\n    text: '{stat:peple}'\n"
    )
    found = problems_of(root)
    assert [p.split(": error: ")[0] for p in found] == [
        "briefs/short.yaml:6",
        "briefs/short.yaml:8",
        "briefs/short.yaml:10",
    ]
    assert "unknown chart 'hold'" in found[1] and "unknown statistic 'peple'" in found[2]


IMPOSSIBLE = [
    (".nan", "'.nan' (not a number) is not a figure"),
    (".inf", "'.inf' (infinite) is not a figure"),
    ("-.inf", "'-.inf' (infinite) is not a figure"),
    ("true", "'true' is not a number"),
    ("-5", "-5 is out of range for a count: write a value from 0 to 1,000,000,000,000,000"),
    ("1e308", "1e+308 is out of range: a figure is at most 1,000,000,000,000,000 (10^15)"),
    ("99999999999999999999999999", "this number is out of range: a figure is at most"),
    ("~", "the value is empty; write it after the colon"),
    ('"38,000"', "'38,000' is not a number; write digits only, without separators"),
]


@pytest.mark.parametrize(("value", "message"), IMPOSSIBLE)
def test_an_impossible_number_is_refused_at_its_line(
    value: str, message: str, tmp_path: Path
) -> None:
    root = copy_case("minimal", tmp_path / "p")
    stats = root / "data" / "statistics.yaml"
    stats.write_text(stats.read_text().replace("value: 1200", f"value: {value}"))
    [found] = problems_of(root)
    assert found.startswith(f"data/statistics.yaml:4: error: statistics.people.value: {message}")


@pytest.mark.parametrize(
    ("unit", "value", "allowed"),
    [
        ("percent", "-120", "from -100 to 1,000,000 (a negative percent is a fall"),
        ("ratio", "-5", "from 0 to 1,000,000"),
    ],
)
def test_each_unit_has_its_range(unit: str, value: str, allowed: str, tmp_path: Path) -> None:
    root = copy_case("minimal", tmp_path / "p")
    stats = root / "data" / "statistics.yaml"
    text = stats.read_text().replace("value: 1200", f"value: {value}")
    stats.write_text(text.replace("unit: count", f"unit: {unit}"))
    [found] = problems_of(root)
    assert found.startswith(f"data/statistics.yaml:4: error: statistics.people.value: {value} ")
    assert allowed in found
    stats.write_text(
        text.replace("unit: count", f"unit: {unit}").replace(
            value, "-5" if unit == "percent" else "0.5"
        )
    )
    assert api.check(root) == []


def test_a_chart_reference_is_in_its_statistics_unit(tmp_path: Path) -> None:
    root = copy_case("minimal", tmp_path / "p")
    charts = root / "data" / "charts.yaml"
    charts.write_text(charts.read_text() + "    reference: {label: Capacity, value: -.inf}\n")
    assert problems_of(root) == [
        "data/charts.yaml:7: error: charts.held.reference.value: '-.inf' (infinite) is not a "
        "figure; write the figure in digits, e.g. 38000"
    ]
    charts.write_text(charts.read_text().replace("-.inf", "-5"))
    assert problems_of(root) == [
        "data/charts.yaml:7: error: charts.held.reference.value: -5 is out of range for a count: "
        "write a value from 0 to 1,000,000,000,000,000 (the value axis starts at 0)"
    ]


UNSEEN = "it holds a space, a line break or an invisible character: remove it (a space in a web "
UNSEEN += "address is written %20)"
IN_FULL = "write it in full, from https:// or http://"


@pytest.mark.parametrize(
    ("written", "shown", "why"),
    [
        ('"https://example.org/a\\tb"', "https://example.org/a\\tb", UNSEEN),
        ('"https://example.org/report\\n"', "https://example.org/report\\n", UNSEEN),
        ("https://example.org/a report", "https://example.org/a report", UNSEEN),
        ('"https://example.org/\\u200b"', "https://example.org/\\u200b", UNSEEN),  # zero-width
        ('"https://example.org/a\\u00a0b"', "https://example.org/a\\u00a0b", UNSEEN),  # no-break
        ('"https://example.org/\\u061c"', "https://example.org/\\u061c", UNSEEN),  # a direction
        ("www.example.org/report", "www.example.org/report", IN_FULL),
        ("javascript:alert(1)", "javascript:alert(1)", IN_FULL),
        ("https:///report", "https:///report", IN_FULL),
        (
            "https://user@/report",
            "https://user@/report",
            "it names no host: write it as https://example.org/...",
        ),
        (
            "https://example.org:port/",
            "https://example.org:port/",
            "its port is not a number from 0 to 65535: write it as https://example.org:8080/",
        ),
        (
            "https://[::1/report",
            "https://[::1/report",
            "its host is not written as one: write it as https://example.org/...",
        ),
        (
            "https://faß.de/",
            "https://faß.de/",
            "its host, 'faß.de', would be linked as "
            "'fass.de', another address: write the host in its xn-- form",
        ),
    ],
)
def test_a_web_address_a_pdf_cannot_link_to_is_refused_at_its_line(
    written: str, shown: str, why: str, tmp_path: Path
) -> None:
    root = copy_case("minimal", tmp_path / "p")
    sources = root / "data" / "sources.yaml"
    sources.write_text(sources.read_text() + f"    url: {written}\n")
    config = root / "briefgen.yaml"
    config.write_text(
        config.read_text().replace(
            "  name: Test Org\n", f"  name: Test Org\n  website: {written}\n"
        )
    )
    what = f"'{shown}' is not a web address a PDF can link to: {why}"
    assert problems_of(root) == [
        f"briefgen.yaml:3: error: organisation.website: {what}",
        f"data/sources.yaml:7: error: sources.src1.url: {what}",
    ]
    sources.write_text(
        sources.read_text().replace(f"url: {written}", "url: https://пример.рф/a%20b")
    )
    config.write_text(config.read_text().replace(f"website: {written}", "website: HTTP://X.ORG"))
    assert api.check(root) == []


def test_a_link_in_prose_is_checked_as_an_address_is(tmp_path: Path) -> None:
    root = copy_case("minimal", tmp_path / "p")
    config = root / "briefgen.yaml"
    prose = "See [the report](https://faß.de/r) and [us](mailto:a@b@c)."
    config.write_text(config.read_text().replace("  title: Test campaign\n", f"  title: {prose}\n"))
    assert problems_of(root) == [
        "briefgen.yaml:4: error: campaign.title: a link to 'https://faß.de/r' cannot be made: "
        "its host, 'faß.de', would be linked as 'fass.de', another address: write the host in "
        "its xn-- form",
        "briefgen.yaml:4: error: campaign.title: a link to 'mailto:a@b@c' cannot be made: write "
        "it as name@example.org",
    ]
    fine = "See [the report](HTTPS://xn--fa-hia.de/r) and [us](mailto:a@b.c)."
    config.write_text(config.read_text().replace(prose, fine))
    assert api.check(root) == []


def test_an_e_mail_address_is_one_a_link_can_take(tmp_path: Path) -> None:
    root = copy_case("minimal", tmp_path / "p")
    config = root / "briefgen.yaml"
    plain, org = config.read_text(), "  name: Test Org\n"
    for written, shown, why in [
        ("team at example dot org", "team at example dot org", UNSEEN),
        ("a@b@c", "a@b@c", "write it as name@example.org"),
        ("press.example.org", "press.example.org", "write it as name@example.org"),
        ('"press@example.org\\t"', "press@example.org\\t", UNSEEN),
    ]:
        config.write_text(plain.replace(org, f"{org}  contact:\n    email: {written}\n"))
        assert problems_of(root) == [
            f"briefgen.yaml:4: error: organisation.contact.email: '{shown}' is not an e-mail "
            f"address a PDF can link to: {why}"
        ]
    config.write_text(plain.replace(org, f"{org}  contact:\n    email: presse@exämple.org\n"))
    assert api.check(root) == []

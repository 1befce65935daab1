"""Consent on testimonies: a brief that prints one outside its giver's consent is refused at
the line that prints it (that brief alone); a missing or ending consent is a warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import main

LONG_CONSENT = """    consent:                        # illustrative
      audiences: all
      public: true
      languages: [en, km]
      reference: CONSENT-2020-015
"""


def run(*args: str, today: str = "2020-05-20") -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env={"BRIEFGEN_TODAY": today})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout + result.stderr


def consent_of_long(project: Path, consent: str) -> None:
    """Give the testimony 'long' (printed by the donor and the press brief) this consent."""
    quotes = project / "data" / "quotes.yaml"
    text = quotes.read_text(encoding="utf-8")
    assert LONG_CONSENT in text
    quotes.write_text(text.replace(LONG_CONSENT, consent), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


DONOR_ITEMS = ("donor", "items: [long, maly]", "blocks[6].items[1]")
PRESS_ITEMS = ("press", "items: [sreyneang, long,", "blocks[3].items[2]")


@pytest.mark.parametrize(
    ("consent", "refused", "rule"),
    [
        (
            "    consent: {audiences: [press], public: true}\n",
            [DONOR_ITEMS],
            "its consent covers the audiences press, not 'donors'",
        ),
        (
            "    consent: {audiences: all, public: false}\n",
            [PRESS_ITEMS],
            "its consent is not public (`public: false`), and a brief for 'press' is published",
        ),
        (
            "    consent: {audiences: all, public: true, languages: [km]}\n",
            [DONOR_ITEMS, PRESS_ITEMS],
            "its consent covers the languages km, not 'en'",
        ),
        (
            "    consent: {audiences: all, public: true, until: 2020-05-12}\n",
            [DONOR_ITEMS, PRESS_ITEMS],
            "its consent ended on 2020-05-12, and the brief is dated later",
        ),
        (
            "    consent: {audiences: all, public: true, withdrawn: 2020-05-02}\n",
            [DONOR_ITEMS, PRESS_ITEMS],
            "its consent was withdrawn on 2020-05-02: it is never printed again",
        ),
    ],
    ids=["audience", "press-not-public", "language", "until", "withdrawn"],
)
def test_each_consent_rule_refuses_the_brief_at_the_line_that_prints_it(
    project: Path, consent: str, refused: list[tuple[str, str, str]], rule: str
) -> None:
    consent_of_long(project, consent)
    code, out = run("check", "--project", str(project), today="2020-05-10")
    assert code == 1, out
    errors = [line for line in out.splitlines() if ": error: " in line]
    expected = []
    for brief, needle, key in refused:
        line = line_of(project / "briefs" / f"{brief}.yaml", needle)
        expected.append(
            f"briefs/{brief}.yaml:{line}: error: {key}: prints testimony 'long', but {rule}: "
            "take it out of this brief, or record the new consent its giver signs in "
            "data/quotes.yaml (quotes.long.consent)"
        )
    assert errors == expected


def test_a_refused_brief_is_not_built_and_the_others_are(project: Path) -> None:
    consent_of_long(project, "    consent: {audiences: [press], public: true}\n")
    code, out = run("build", "--project", str(project), "--jobs", "1")
    assert code == 1
    assert "prints testimony 'long', but its consent covers the audiences press" in out
    assert not (project / "out" / "donor.pdf").exists()
    assert (project / "out" / "press.pdf").exists()


def test_a_brief_with_an_error_of_its_own_does_not_let_another_skip_consent(
    project: Path,
) -> None:
    consent_of_long(project, "    consent: {audiences: [press], public: true}\n")
    press = project / "briefs" / "press.yaml"
    press.write_text(press.read_text().replace("\ntitle:", "\ntitle: [", 1))
    code, out = run("build", "--project", str(project), "--jobs", "1")
    assert code == 1
    assert "briefs/press.yaml:5: error: YAML syntax error" in out
    assert "prints testimony 'long', but its consent covers the audiences press" in out
    assert not (project / "out" / "donor.pdf").exists()


def test_a_testimony_printed_today_after_its_consent_ended_is_refused(project: Path) -> None:
    consent_of_long(project, "    consent: {audiences: all, public: true, until: 2021-01}\n")
    assert run("check", "--project", str(project), today="2021-01-31")[0] == 0
    code, out = run("check", "--project", str(project), today="2021-02-01")
    assert code == 1
    assert "its consent ended on 2021-01, and today is later" in out


def test_a_testimony_without_consent_warns_and_fails_with_strict(project: Path) -> None:
    consent_of_long(project, "")
    line = line_of(project / "data" / "quotes.yaml", "- id: long")
    warning = (
        f"data/quotes.yaml:{line}: warning: quotes.long: a testimony without `consent:`: "
        "record what its giver agreed to"
    )
    code, out = run("check", "--project", str(project))
    assert code == 0 and warning in out
    code, out = run("check", "--strict", "--project", str(project))
    assert code == 1 and warning in out


def test_a_consent_ending_soon_warns(project: Path) -> None:
    consent_of_long(project, "    consent: {audiences: all, public: true, until: 2020-07-15}\n")
    line = line_of(project / "data" / "quotes.yaml", "until: 2020-07-15")
    code, out = run("check", "--project", str(project), today="2020-06-01")
    assert code == 0
    assert (
        f"data/quotes.yaml:{line}: warning: quotes.long.consent.until: the consent for this "
        "testimony ends on 2020-07-15, in 44 days"
    ) in out
    (project / "briefgen.yaml").write_text(
        (project / "briefgen.yaml").read_text(encoding="utf-8")
        + "checks:\n  consent_warning_days: 30\n",
        encoding="utf-8",
    )
    code, out = run("check", "--project", str(project), today="2020-06-01")
    assert code == 0 and "quotes.long.consent.until" not in out


def test_the_old_pseudonym_field_says_where_it_moved(project: Path) -> None:
    consent_of_long(project, LONG_CONSENT + "    pseudonym: true\n")
    line = line_of(project / "data" / "quotes.yaml", "    pseudonym: true")
    code, out = run("check", "--project", str(project))
    assert code == 1
    assert (
        f"data/quotes.yaml:{line}: error: quotes.long.pseudonym: `pseudonym:` has moved into "
        "the quote's `consent:`"
    ) in out


def test_a_pseudonym_is_printed_as_such_and_listed_with_the_quote(project: Path) -> None:
    from pypdf import PdfReader

    consent_of_long(project, LONG_CONSENT + "      pseudonym: true\n")
    code, out = run("build", "--project", str(project), "--jobs", "1")
    assert code == 0, out
    pdf = project / "out" / "press.pdf"
    assert "Long (pseudonym), former CC1 inmate" in " ".join(
        p.extract_text() for p in PdfReader(pdf).pages
    )
    quotes = PdfReader(pdf).attachments["quotes.csv"][0].decode().splitlines()
    assert "long,testimony,Long (pseudonym),CONSENT-2020-015,1" in quotes


@pytest.mark.parametrize(
    ("audiences", "message"),
    [
        ("[all]", "`all` is not an audience in a list: write `audiences: all`"),
        (
            "[]",
            "an empty list allows no audience: name the audiences, e.g. [donors, press], or "
            "write `audiences: all`",
        ),
    ],
    ids=["all-in-a-list", "empty"],
)
def test_a_consent_list_of_all_or_of_nothing_is_refused_at_its_line(
    project: Path, audiences: str, message: str
) -> None:
    consent_of_long(project, f"    consent:\n      audiences: {audiences}\n      public: true\n")
    line = line_of(project / "data" / "quotes.yaml", f"audiences: {audiences}")
    code, out = run("check", "--project", str(project))
    assert code == 1, out
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert errors == [f"data/quotes.yaml:{line}: error: quotes.long.consent.audiences: {message}"]


def test_a_consent_naming_an_unknown_audience_is_refused_at_its_line(project: Path) -> None:
    consent_of_long(
        project,
        "    consent:\n      audiences:\n        - donors\n        - pres\n      public: true\n",
    )
    line = line_of(project / "data" / "quotes.yaml", "- pres")
    code, out = run("check", "--project", str(project))
    assert code == 1, out
    assert (
        f"data/quotes.yaml:{line}: error: quotes.long.consent.audiences: unknown audience "
        "'pres'; did you mean 'press'?"
    ) in out


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("data/quotes.yaml", "      public: true\n", '      public: "yes"\n'),
        ("data/quotes.yaml", "      public: true\n", "      public: 1\n"),
        ("data/statistics.yaml", "    unit: count\n", '    unit: count\n    compact: "yes"\n'),
    ],
    ids=["public-yes", "public-1", "compact-yes"],
)
def test_a_yes_no_field_takes_only_true_or_false(
    project: Path, file: str, old: str, new: str
) -> None:
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    field = new.splitlines()[-1]
    line = line_of(path, field.strip())
    code, out = run("check", "--project", str(project))
    assert code == 1, out
    value = field.split(": ")[1].strip('"')
    assert f"{file}:{line}: error: " in out
    assert f"'{value}' is not true or false: write true or false" in out


def declare(project: Path, audiences: str) -> None:
    """Append an `audiences:` section to the project's briefgen.yaml."""
    config = project / "briefgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + audiences, encoding="utf-8")


def test_a_declared_public_audience_prints_only_public_testimonies(project: Path) -> None:
    consent_of_long(project, "    consent: {audiences: all, public: false}\n")
    declare(
        project, "audiences:\n  donors:\n    asks_heading: What donors can do\n    public: true\n"
    )
    code, out = run("check", "--project", str(project))
    assert code == 1, out
    line = line_of(project / "briefs" / "donor.yaml", DONOR_ITEMS[1])
    assert (
        f"briefs/donor.yaml:{line}: error: {DONOR_ITEMS[2]}: prints testimony 'long', but its "
        "consent is not public (`public: false`), and a brief for 'donors' is published"
    ) in out
    # press, built in and not declared, stays public
    assert f"{PRESS_ITEMS[2]}: prints testimony 'long', but its consent is not public" in out


@pytest.mark.parametrize("name", ["all", "correction"])
def test_an_audience_id_briefgen_keeps_cannot_be_declared(project: Path, name: str) -> None:
    declare(project, f"audiences:\n  {name}:\n    asks_heading: Them\n")
    line = line_of(project / "briefgen.yaml", f"  {name}:")
    code, out = run("check", "--project", str(project))
    assert code == 1, out
    assert f"briefgen.yaml:{line}: error: audiences.{name}: " in out
    assert "so it cannot be declared: choose another id" in out

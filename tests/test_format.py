"""How figures are printed: qualifiers kept, ranges of claims, units."""

from __future__ import annotations

from briefgen import format as fmt
from briefgen.model import Statistic, Text


def stat(
    value: float, unit: str = "count", qualifier: str | None = None, sid: str = "s"
) -> Statistic:
    return Statistic(
        id=sid,
        label=Text("x"),
        value=value,
        unit=unit,
        qualifier=qualifier,
        as_of="2020",
        source="src",
        quantity="q",
    )


def test_counts_percentages_and_ratios() -> None:
    assert fmt.prose([stat(38000, qualifier="over")]) == "over 38,000"
    assert fmt.prose([stat(78, "percent")]) == "78%"
    assert fmt.prose([stat(4, "ratio", "more than")]) == "more than four times"
    assert fmt.prose([stat(12.5, "ratio")]) == "12.5 times"
    assert fmt.prose([stat(0.25, "percent", "about")]) == "about 0.25%"


def test_range_of_claims_keeps_each_ends_qualifier() -> None:
    claims = [stat(5, "ratio", "about", "b"), stat(4, "ratio", "more than", "a")]
    assert fmt.prose(claims) == "more than four to about five times"
    assert fmt.figure(claims) == fmt.Figure("more than – about", "4–5×", "more than 4× – about 5×")


def test_shared_qualifier_is_kept_on_a_range() -> None:
    claims = [stat(1200, qualifier="about"), stat(1500, qualifier="about")]
    assert fmt.prose(claims) == "about 1,200 to 1,500"
    assert fmt.figure(claims) == fmt.Figure("about", "1,200–1,500")


def test_figure_keeps_the_qualifier_apart() -> None:
    assert fmt.figure([stat(55770, qualifier="at least")]) == fmt.Figure("at least", "55,770")


def test_dates() -> None:
    assert fmt.date("2020-05-13") == "13 May 2020"
    assert fmt.date("2020-05") == "May 2020"
    assert fmt.date("2020") == "2020"


def test_another_language_and_its_own_digits() -> None:
    khmer = fmt.Notation(
        "km", native_digits=True, qualifiers=(("over", "ជាង"),), times="ដង", range="{low}–{high}"
    )
    assert fmt.prose([stat(38000, qualifier="over")], khmer) == "ជាង ៣៨,០០០"
    assert fmt.prose([stat(4, "ratio"), stat(5, "ratio")], khmer) == "៤–៥ ដង"
    assert fmt.date("2020-05-13", khmer) == "១៣ ឧសភា ២០២០"
    latin = fmt.Notation("km")
    assert fmt.prose([stat(78, "percent")], latin) == "78%"
    french = fmt.Notation("fr")
    assert fmt.prose([stat(2.5, "ratio")], french) == "2,5 times"  # its words come from phrases


def test_compact_values_in_the_locales_own_words() -> None:
    khmer = fmt.Notation(locale="km", native_digits=True)
    french = fmt.Notation(locale="fr")
    assert fmt.compact_value(1_234_567, "count") == "1.2M"
    assert fmt.compact_value(1e12, "count") == "1T"
    assert fmt.compact_value(0.01, "count") == "0.01"  # small values keep their precision
    assert fmt.compact_value(0.0025, "count", decimals=4) == "0.0025"
    assert fmt.compact_value(3e9, "count", french) == "3\xa0Md"
    assert fmt.compact_value(2.5e6, "percent", french) == "2,5\xa0M\xa0%"
    assert fmt.compact_value(3e6, "ratio") == "3M×"
    assert fmt.compact_value(1.2e6, "count", khmer) == "១.២\xa0លាន"

"""How numbers and dates are printed: one place, so a figure reads the same everywhere, in the
brief's language (through Babel's locale data) and, where asked, with the script's own digits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Source, Statistic

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
# The digit zero of the numbering systems Babel calls "native" for a locale.
_ZEROS = {
    "arab": 0x0660,
    "arabext": 0x06F0,
    "beng": 0x09E6,
    "deva": 0x0966,
    "gujr": 0x0AE6,
    "guru": 0x0A66,
    "khmr": 0x17E0,
    "knda": 0x0CE6,
    "laoo": 0x0ED0,
    "mlym": 0x0D66,
    "mymr": 0x1040,
    "orya": 0x0B66,
    "taml": 0x0BE6,
    "telu": 0x0C66,
    "thai": 0x0E50,
    "tibt": 0x0F20,
}


@dataclass(frozen=True)
class Notation:
    """How one language prints figures: its locale, its digits and its words for them."""

    locale: str = "en"
    native_digits: bool = False
    qualifiers: tuple[tuple[str, str], ...] = ()  # (qualifier, its words) where not English
    times: str = "times"

    def qualifier(self, name: str) -> str:
        return dict(self.qualifiers).get(name, name)

    def digits(self, text: str) -> str:
        """`text` with Latin digits in the script's own, when the brief asks for them."""
        if not self.native_digits:
            return text
        from babel import Locale

        system = Locale.parse(self.locale).other_numbering_systems.get("native", "latn")
        zero = _ZEROS.get(system)
        return text.translate({48 + i: zero + i for i in range(10)}) if zero else text


ENGLISH = Notation()


@dataclass(frozen=True)
class Figure:
    """A statistic set large in a key-figures panel: a small qualifier above a big number."""

    qualifier: str
    number: str


def _number(value: float, notation: Notation) -> str:
    from babel.numbers import format_decimal

    return notation.digits(format_decimal(value, format="#,##0.##", locale=notation.locale))


def _percent(value: float, notation: Notation) -> str:
    from babel.numbers import format_percent

    return notation.digits(format_percent(value / 100, format="#,##0.##%", locale=notation.locale))


def _english(notation: Notation) -> bool:
    return notation.locale.replace("-", "_").split("_")[0] == "en"


def _ratio_words(value: float, notation: Notation) -> str:
    if _english(notation) and value == int(value) and 0 <= value <= 10:
        return _WORDS[int(value)]  # English prose spells out small numbers: "four times"
    return _number(value, notation)


def _numbers(stats: list[Statistic], prose: bool, notation: Notation) -> str:
    """The value, or the range of values, of claims about one quantity, without qualifiers."""
    values = sorted({s.value for s in stats})
    unit = stats[0].unit
    if unit == "ratio":
        if not prose:
            return "–".join(_number(v, notation) for v in values) + "×"
        joiner = " to " if _english(notation) else "–"  # "four to five times"
        return joiner.join(_ratio_words(v, notation) for v in values) + f" {notation.times}"
    if unit == "percent":
        return "–".join(_percent(v, notation) for v in values)
    return "–".join(_number(v, notation) for v in values)


def _qualifier(stats: list[Statistic], notation: Notation) -> str:
    """A qualifier shared by every claim is kept; claims that hedge differently form a range."""
    qualifiers = {s.qualifier for s in stats}
    if len(qualifiers) != 1:
        return ""
    qualifier = qualifiers.pop()
    return notation.qualifier(qualifier) if qualifier else ""


def prose(stats: list[Statistic], notation: Notation = ENGLISH) -> str:
    """A statistic (or a range of claims) as it reads in a sentence: 'over 38,000'."""
    qualifier = _qualifier(stats, notation)
    numbers = _numbers(stats, True, notation)
    return f"{qualifier} {numbers}" if qualifier else numbers


def figure(stats: list[Statistic], notation: Notation = ENGLISH) -> Figure:
    """A statistic (or a range of claims) as set in a key-figures panel."""
    return Figure(_qualifier(stats, notation), _numbers(stats, False, notation))


def axis_value(value: float, unit: str, notation: Notation = ENGLISH) -> str:
    """A value as printed on a chart's bars and axis."""
    if unit == "percent":
        return _percent(value, notation)
    if unit == "ratio":
        return f"{_number(value, notation)}×"
    return _number(value, notation)


def attribution(source: Source, notation: Notation = ENGLISH) -> str:
    """Who published a source, and when: 'Radio Free Asia, May 2020'."""
    return f"{source.publisher}, {date(source.date, notation)}"


def first_day(value: str) -> dt.date:
    """The first day a date (YYYY-MM-DD, YYYY-MM or YYYY) covers."""
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def date(value: str, notation: Notation = ENGLISH) -> str:
    """An ISO date (YYYY-MM-DD, YYYY-MM or YYYY) as printed: '13 May 2020', 'May 2020'."""
    from babel.dates import format_date

    precision = value.count("-")
    if precision == 0:
        return notation.digits(value)
    pattern = "d MMMM y" if precision == 2 else "MMMM y"
    return notation.digits(format_date(first_day(value), pattern, locale=notation.locale))


def compact_value(value: float, unit: str, notation: Notation = ENGLISH, decimals: int = 1) -> str:
    """A value in few characters, where room is short (a chart's axis, a narrow bar): from a
    thousand up in the locale's compact form ('1.2M', French '1,2 M', Khmer in its own words),
    below that in full; with at most `decimals` decimals (two at least below a thousand)."""
    import re

    from babel import Locale
    from babel.numbers import format_compact_decimal, format_decimal

    if abs(value) < 1000:  # as precise as axis_value, at least: 0.01 stays 0.01
        pattern = "#,##0." + "#" * max(decimals, 2)
        number = format_decimal(value, format=pattern, locale=notation.locale)
    else:
        number = format_compact_decimal(value, locale=notation.locale, fraction_digits=decimals)
    if unit == "percent":  # the compact number in the locale's percent pattern: "1,2 M %"
        locale = Locale.parse(notation.locale)
        pattern = locale.percent_formats[None].pattern.split(";")[0]
        sign = locale.number_symbols["latn"]["percentSign"]
        number = re.sub(r"[#0,.]+", lambda _m: number, pattern, count=1).replace("%", sign)
    elif unit == "ratio":
        number += "×"
    return notation.digits(number)

"""How numbers and dates are printed: one place, so a figure reads the same everywhere, in the
brief's language (through Babel's locale data) and, where asked, with the script's own digits."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

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


#: How a value is printed: on a chart ('4×'), or in prose ('4', or 'four' where spelled out).
Form = Literal["axis", "numerals", "words"]
# Qualifiers of one figure that a looser one covers: lower bounds, upper bounds, "just below".
_FAMILIES = (
    ({"over", "more than", "at least", None}, "at least"),
    ({"under", "fewer than", "at most", "up to", "as many as", None}, "at most"),
    ({"nearly", "almost"}, "nearly"),
)

# Negative figures are printed with the minus sign, not the hyphen Babel's patterns use.
MINUS = "\u2212"


@dataclass(frozen=True)
class Notation:
    """How one language prints figures: its locale, its digits and its words for them."""

    locale: str = "en"
    native_digits: bool = False
    qualifiers: tuple[tuple[str, str], ...] = ()  # (qualifier, its words) where not English
    times: str = "times"
    range: str = "{low} to {high}"  # a range in a sentence
    according_to: str = "{figure} according to {source}"  # a claim and its publisher
    minus: str = MINUS  # the hyphen where the text is drawn in fonts without the minus sign

    def qualifier(self, name: str | None) -> str:
        """The words of a qualifier in this language ('' for none)."""
        return dict(self.qualifiers).get(name, name) if name else ""

    def digits(self, text: str) -> str:
        """`text` with Latin digits in the script's own, when the brief asks for them."""
        if not self.native_digits:
            return text
        from babel import Locale

        system = Locale.parse(self.locale).other_numbering_systems.get("native", "latn")
        zero = _ZEROS.get(system)
        return text.translate({48 + i: zero + i for i in range(10)}) if zero else text

    @property
    def money_locale(self) -> str:
        """The locale amounts of money are printed in: English without a region is read
        around the world, so its dollars are 'US$' (international English), never a bare '$'."""
        return "en_001" if self.locale == "en" else self.locale


ENGLISH = Notation()


@dataclass(frozen=True)
class Figure:
    """A statistic set large in a key-figures panel: a small qualifier above a big number;
    or on one line, in a table."""

    qualifier: str
    number: str
    inline: str = ""  # the one-line form, where it is not the qualifier and the number

    @property
    def line(self) -> str:
        """The figure on one line: 'over 38,000', 'more than 4× – about 5×'."""
        return self.inline or f"{self.qualifier} {self.number}".strip()


@dataclass(frozen=True)
class _End:
    """One end of what a reference prints: a value and the qualifier of the claim it is from."""

    value: float
    qualifier: str | None


def _number(value: float, notation: Notation) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.##", locale=notation.locale)


def _percent(value: float, notation: Notation) -> str:
    from babel.numbers import format_percent

    return format_percent(value / 100, format="#,##0.##%", locale=notation.locale)


def _english(notation: Notation) -> bool:
    return notation.locale.replace("-", "_").split("_")[0] == "en"


def _spelled(value: float, notation: Notation) -> bool:
    """Whether prose spells a ratio out: English small whole numbers, 'four times'."""
    return _english(notation) and value == int(value) and 0 <= value <= 10


def _compact(value: float, notation: Notation) -> str:
    """A count in words for its size, from a thousand up: '3.2 million'; with a second decimal
    where one would change the figure by more than 1% ('1.05 thousand' for 1,049, not '1
    thousand'), and in full where even two would, so that a rounded figure is not printed
    as if it were exact."""
    from babel.numbers import format_compact_decimal, get_decimal_symbol

    if abs(value) < 1000:
        return _number(value, notation)
    locale = notation.money_locale
    point = get_decimal_symbol(locale)
    for decimals in (1, 2):
        text = format_compact_decimal(
            value, format_type="long", locale=locale, fraction_digits=decimals
        )
        if _within_a_percent(text, abs(value), point):
            return text
    return _number(value, notation)  # a form without digits (French "mille" for 1,049)


def _within_a_percent(text: str, value: float, point: str) -> bool:
    """Whether the number a compact form shows ('1.05' of '1.05 thousand'), at its scale,
    is within 1% of `value` (never, for a form that shows no number)."""
    found = re.search(rf"\d+(?:{re.escape(point)}\d+)?", text)
    shown = float(found.group().replace(point, ".")) if found else 0.0
    if not shown:
        return False
    scale = 10 ** round(math.log10(value / shown))  # thousand, million, or the locale's own
    return abs(shown * scale - value) <= value / 100


def _money(value: float, code: str, compact: bool, notation: Notation) -> str:
    """An amount in the locale's currency pattern: 'US$3,200,000', 'US$3.2 million'; whole
    amounts without decimals."""
    from babel import Locale
    from babel.numbers import format_currency, get_currency_symbol

    locale = notation.money_locale
    pattern = Locale.parse(locale).currency_formats["standard"].pattern.split(";")[0]
    if compact and abs(value) >= 1000:
        words = _compact(abs(value), notation)
        text = re.sub(r"[#0,.]+", lambda _m: words, pattern, count=1)
        text = text.replace("¤", get_currency_symbol(code, locale))
        return f"-{text}" if value < 0 else text
    whole = value == int(value)
    return format_currency(
        value,
        code,
        format=re.sub(r"\.0+", "", pattern) if whole else None,
        locale=locale,
        currency_digits=not whole,
    )


def _amount(value: float, stat: Statistic, notation: Notation, form: Form) -> str:
    """One value of a statistic, without qualifier: an amount of money, a compact count, or
    any other unit as `axis_value` prints it in `form`."""
    if stat.unit == "currency":
        text = _money(value, stat.currency or "XXX", stat.compact, notation)
    elif stat.compact:
        text = _compact(value, notation)
    else:
        return axis_value(value, stat.unit, notation, form=form)
    return notation.digits(text.replace("-", notation.minus))


def _ends(stats: list[Statistic]) -> tuple[_End, _End]:
    """The lowest and the highest value of claims (or of one claim's range), each with the
    qualifier every claim stating it fits (see `_common`)."""
    low = min(s.bounds[0] for s in stats)
    high = max(s.bounds[1] for s in stats)
    return (
        _End(low, _common({s.qualifier for s in stats if s.bounds[0] == low})),
        _End(high, _common({s.qualifier for s in stats if s.bounds[1] == high})),
    )


def _common(qualifiers: set[str | None]) -> str | None:
    """The qualifier that every claim of one figure fits: theirs where they agree; where they
    differ, 'at least' over lower bounds and exact figures, 'at most' over upper bounds and
    exact figures, 'nearly' over 'nearly' and 'almost', and 'about' otherwise, so that a
    hedged figure is never printed as exact."""
    if len(qualifiers) == 1:
        return next(iter(qualifiers))
    for family, loosest in _FAMILIES:
        if qualifiers <= family:
            return loosest
    return "about"


def qualified(qualifier: str, text: str) -> str:
    """A figure after its qualifier's words ('over 38,000'), or alone when it has none."""
    return f"{qualifier} {text}" if qualifier else text


def prose(stats: list[Statistic], notation: Notation = ENGLISH) -> str:
    """A statistic, a range or claims about one quantity as they read in a sentence: 'over
    38,000', '12,000 to 30,000', 'more than four to about five times' (the lowest and the
    highest value only, each with its claims' qualifier unless they share it; a ratio's two
    ends both in words or both in numerals)."""
    low, high = _ends(stats)
    style = stats[0]
    words = all(_spelled(end.value, notation) for end in (low, high))
    form: Form = "words" if words else "numerals"
    first = _amount(low.value, style, notation, form)
    if low.value == high.value:
        text = qualified(notation.qualifier(low.qualifier), first)
    else:
        last = _amount(high.value, style, notation, form)
        if low.qualifier == high.qualifier:
            both = notation.range.format(low=first, high=last)
            text = qualified(notation.qualifier(low.qualifier), both)
        else:
            text = notation.range.format(
                low=qualified(notation.qualifier(low.qualifier), first),
                high=qualified(notation.qualifier(high.qualifier), last),
            )
    return f"{text} {notation.times}" if style.unit == "ratio" else text


def figure(stats: list[Statistic], notation: Notation = ENGLISH) -> Figure:
    """A statistic (or a range) as set in a key-figures panel or a table: its qualifier
    apart, the range with an en dash ('12,000–30,000', '12–30%', '−12% – 5%'). Ends whose
    claims hedge differently keep their own qualifiers: above the number side by side
    ('more than – about' over '4–5×'), on one line each before its end ('more than 4× –
    about 5×')."""
    low, high = _ends(stats)
    style = stats[0]
    first = _amount(low.value, style, notation, "axis")
    last = _amount(high.value, style, notation, "axis")
    if low.value == high.value:
        return Figure(notation.qualifier(low.qualifier), first)
    lower, upper = notation.qualifier(low.qualifier), notation.qualifier(high.qualifier)
    inline = f"{qualified(lower, first)} – {qualified(upper, last)}"
    if style.unit in ("percent", "ratio") and low.value >= 0:
        first = notation.digits(_number(low.value, notation))  # the unit once: "12–30%"
    joiner = " – " if low.value < 0 or style.unit == "change" else "–"
    if lower == upper:
        return Figure(lower, f"{first}{joiner}{last}")
    return Figure(f"{lower} – {upper}".strip(), f"{first}{joiner}{last}", inline)


def attributed(figure: str, publisher: str, notation: Notation = ENGLISH) -> str:
    """A claim with who states it: '6,252 according to the Philippine Drug Enforcement
    Agency'."""
    return notation.according_to.format(figure=figure, source=publisher)


def listed(parts: list[str], notation: Notation = ENGLISH) -> str:
    """Parts joined as the language lists them: 'A and B', 'A, B and C'."""
    from babel.lists import format_list

    return format_list(parts, locale=notation.locale)


def axis_value(
    value: float,
    unit: str,
    notation: Notation = ENGLISH,
    *,
    form: Form = "axis",
    currency: str | None = None,
) -> str:
    """A value in its unit as printed on a chart's bars and axis ('4×', an amount in
    `currency`), or in prose, where a ratio is printed without '×' (prose adds the language's
    'times'), in `form`: 'numerals' ('4') or 'words' ('four', where the language spells it
    out)."""
    if unit in ("percent", "change"):
        text = ("+" if unit == "change" and value > 0 else "") + _percent(value, notation)
    elif unit == "ratio" and form == "axis":
        text = f"{_number(value, notation)}×"
    elif unit == "ratio" and form == "words" and _spelled(value, notation):
        text = _WORDS[int(value)]
    elif unit == "currency":
        text = _money(value, currency or "XXX", False, notation)
    else:
        text = _number(value, notation)
    return notation.digits(text.replace("-", notation.minus))


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


def compact_value(
    value: float,
    unit: str,
    notation: Notation = ENGLISH,
    decimals: int = 1,
    currency: str | None = None,
) -> str:
    """A value in few characters, where room is short (a chart's axis, a narrow bar): from a
    thousand up in the locale's compact form ('1.2M', French '1,2 M', Khmer in its own words;
    an amount 'US$1.2M'), below that in full; with at most `decimals` decimals (two at least
    below a thousand)."""
    from babel import Locale
    from babel.numbers import format_compact_currency, format_compact_decimal, format_decimal

    code = currency or "XXX"
    if unit == "currency" and abs(value) >= 1000:
        number = format_compact_currency(
            value, code, locale=notation.money_locale, fraction_digits=decimals
        )
    elif unit == "currency":
        number = _money(value, code, False, notation)
    elif abs(value) < 1000:  # as precise as axis_value, at least: 0.01 stays 0.01
        pattern = "#,##0." + "#" * max(decimals, 2)
        number = format_decimal(value, format=pattern, locale=notation.locale)
    else:
        number = format_compact_decimal(value, locale=notation.locale, fraction_digits=decimals)
    if unit in (
        "percent",
        "change",
    ):  # the compact number in the locale's percent pattern: "1,2 M %"
        locale = Locale.parse(notation.locale)
        pattern = locale.percent_formats[None].pattern.split(";")[0]
        sign = locale.number_symbols["latn"]["percentSign"]
        number = re.sub(r"[#0,.]+", lambda _m: number, pattern, count=1).replace("%", sign)
    elif unit == "ratio":
        number += "×"
    return notation.digits(number.replace("-", notation.minus))

"""Field types every file shares: ids, dates, colours, language codes, prose (Text), the strict
base model; and walking the prose fields of any model."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, RootModel

from ..links import problem

# --- field types --------------------------------------------------------------------------

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_STAT_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*(@.*\S.*)?$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def is_id(value: str) -> bool:
    """Whether `value` is usable as an id (also a brief's file name)."""
    return bool(_ID.match(value))


def _matching(pattern: re.Pattern[str], what: str) -> AfterValidator:
    """A check that a text matches `pattern`; `what` it is not otherwise, and how to write it."""

    def check(value: str) -> str:
        if not pattern.fullmatch(value):  # not match: `$` matches before a last line break
            raise ValueError(f"'{visible(value)}' is not {what}")
        return value

    return AfterValidator(check)


def visible(value: str) -> str:
    """`value` as a message shows it: what a terminal would not show (a tab, a line break, a
    no-break or zero-width space) written as an escape (\\t, \\n, \\u00a0), and a backslash
    doubled, so that none written is taken for one of these."""
    return "".join(map(_visible, value))


def _visible(c: str) -> str:
    if c in _NAMED:
        return _NAMED[c]
    if c.isprintable() or c == " ":
        return c
    return f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\\": "\\\\"}


def _check_date(value: str) -> str:
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        return value
    raise ValueError(f"'{value}' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")


Id = Annotated[str, _matching(_ID, "a valid id: use lower-case letters, digits, '_' or '-'")]
# A statistic, or a point of its series: prison_population@2016.
StatId = Annotated[
    str,
    _matching(
        _STAT_ID,
        "a valid id (use lower-case letters, digits, '_' or '-'), or ID@PERIOD for a point of "
        "its series",
    ),
]
Date = Annotated[str, AfterValidator(_check_date)]
Colour = Annotated[str, _matching(_COLOUR, "a colour: write it as #RRGGBB, e.g. #1B3A5C")]
Lang = Annotated[str, _matching(_LANG, "a language code: use e.g. en, km, fr, pt-BR")]


def _linkable(what: str, prefix: str = "") -> AfterValidator:
    """A check that a PDF can link to an address (`prefix` and the text: links.problem);
    `what` it is not otherwise, and why."""

    def check(value: str) -> str:
        if reason := problem(prefix + value):
            raise ValueError(f"'{visible(value)}' is not {what} a PDF can link to: {reason}")
        return value

    return AfterValidator(check)


WebAddress = Annotated[str, _linkable("a web address")]
EmailAddress = Annotated[str, _linkable("an e-mail address", "mailto:")]

# The largest figure briefgen prints: beyond anything a campaign counts, and well inside what
# a float holds exactly to the unit (2**53) and what number formatting and charts handle.
LIMIT = 1e15
_DIGITS = "write the figure in digits, e.g. 38000"
_OUT_OF_RANGE = f"out of range: a figure is at most {LIMIT:,.0f} (10^15) either way; {_DIGITS}"


def _not_boolean(value: Any) -> Any:
    """Refuse what YAML reads as true/false, and integers too long to read as a float."""
    if isinstance(value, bool):
        raise ValueError(f"'{str(value).lower()}' is not a number; {_DIGITS}")
    if isinstance(value, int) and abs(value) > LIMIT:
        raise ValueError(f"this number is {_OUT_OF_RANGE}")
    return value


def _finite(value: float) -> float:
    if math.isnan(value):
        raise ValueError(f"'.nan' (not a number) is not a figure; {_DIGITS}")
    if math.isinf(value):
        raise ValueError(f"'{'-' if value < 0 else ''}.inf' (infinite) is not a figure; {_DIGITS}")
    if abs(value) > LIMIT:
        raise ValueError(f"{value:.3g} is {_OUT_OF_RANGE}")
    return value


# A figure: a real, finite number, not true/false, at most LIMIT either way. Whether it may
# be negative depends on its unit (see data.UNIT_RANGES, checked by validation).
Number = Annotated[float, BeforeValidator(_not_boolean), AfterValidator(_finite)]
# A whole number of a setting (years), likewise never true/false.
Whole = Annotated[int, BeforeValidator(_not_boolean)]


def _true_or_false(value: Any) -> Any:
    """Refuse what is not YAML's true/false: "yes", 1 or "on" must not be read as a choice."""
    if not isinstance(value, bool):
        raise ValueError(f"'{value}' is not true or false: write true or false")
    return value


# A yes/no setting: only YAML's true or false, never "yes", 1 or "on" taken as true.
Flag = Annotated[bool, BeforeValidator(_true_or_false)]

# How a source hedges a number; printed with it, in the brief's language.
Qualifier = Literal[
    "over",
    "more than",
    "at least",
    "about",
    "under",
    "up to",
    "as many as",
    "nearly",
    "almost",
    "fewer than",
    "at most",
]


class Text(RootModel[str | dict[Lang, str]]):
    """Prose: one string for every language, or one per language ({en: ..., km: ...})."""

    model_config = ConfigDict(frozen=True, coerce_numbers_to_str=True)

    def get(self, lang: str) -> str | None:
        """The variant for `lang` (or its base language), None when there is none."""
        if isinstance(self.root, str):
            return self.root
        return self.root.get(lang) or self.root.get(lang.split("-")[0])


class Model(BaseModel):
    """Strict base: unknown fields are errors (a typo must not be ignored silently)."""

    # `date: 2021` or `as_of: 2019` are read as numbers by YAML: take them as written.
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


def texts(obj: Any, loc: tuple[str | int, ...] = ()) -> Any:
    """Yield (location, Text) for every prose field inside a model, list or mapping."""
    if isinstance(obj, Text):
        yield loc, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from texts(getattr(obj, name), (*loc, name))
    elif isinstance(obj, list | tuple):
        for i, item in enumerate(obj):
            yield from texts(item, (*loc, i))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from texts(item, (*loc, key))


def variants(text: Text) -> list[str]:
    """Every language variant of a prose field."""
    return [text.root] if isinstance(text.root, str) else list(text.root.values())


def written(empty: str) -> AfterValidator:
    """A check that no language variant of a prose field is empty or blank; `empty` says
    so, and what to write."""

    def check(text: Text) -> Text:
        if any(not variant.strip() for variant in variants(text)):
            raise ValueError(empty)
        return text

    return AfterValidator(check)

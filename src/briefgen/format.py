"""How numbers and dates are printed: one place, so a figure reads the same everywhere."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Statistic

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


@dataclass(frozen=True)
class Figure:
    """A statistic set large in a key-figures panel: a small qualifier above a big number."""

    qualifier: str
    number: str


def _number(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _ratio_words(value: float) -> str:
    if value == int(value) and 0 <= value <= 10:
        return _WORDS[int(value)]
    return _number(value)


def _numbers(stats: list[Statistic], prose: bool) -> str:
    """The value, or the range of values, of claims about one quantity, without qualifiers."""
    values = sorted({s.value for s in stats})
    unit = stats[0].unit
    if unit == "ratio":
        if prose:
            return " to ".join(_ratio_words(v) for v in values) + " times"
        return "–".join(_number(v) for v in values) + "×"
    text = "–".join(_number(v) for v in values)
    return text + "%" if unit == "percent" else text


def _qualifier(stats: list[Statistic]) -> str:
    """A qualifier shared by every claim is kept; claims that hedge differently form a range."""
    qualifiers = {s.qualifier for s in stats}
    if len(qualifiers) != 1:
        return ""
    return qualifiers.pop() or ""


def prose(stats: list[Statistic]) -> str:
    """A statistic (or a range of claims) as it reads in a sentence: 'over 38,000'."""
    qualifier = _qualifier(stats)
    numbers = _numbers(stats, prose=True)
    return f"{qualifier} {numbers}" if qualifier else numbers


def figure(stats: list[Statistic]) -> Figure:
    """A statistic (or a range of claims) as set in a key-figures panel."""
    return Figure(_qualifier(stats), _numbers(stats, prose=False))


def axis_value(value: float, unit: str) -> str:
    """A value as printed on a chart's bars and axis."""
    if unit == "percent":
        return f"{_number(value)}%"
    if unit == "ratio":
        return f"{_number(value)}×"
    return _number(value)


def date(value: str) -> str:
    """An ISO date (YYYY-MM-DD, YYYY-MM or YYYY) as printed: '13 May 2020', 'May 2020'."""
    parts = value.split("-")
    if len(parts) == 3:
        d = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        return f"{d.day} {d:%B %Y}"
    if len(parts) == 2:
        return f"{dt.date(int(parts[0]), int(parts[1]), 1):%B %Y}"
    return value

"""Figures as their unit allows (model.UNIT_RANGES): each statistic's value or range and series
points, and each chart's reference line in the unit of the statistics it draws, on a value
axis that starts at 0; a range's qualifier; a currency's code; compact figures; and charts
drawing single figures only. (The model already refuses what is not a finite number.)"""

from __future__ import annotations

import difflib

from ..load import Key, keypath
from ..model import COMPACT_UNITS, UNIT_RANGES, Statistic
from ..project import Origin, Project
from .messages import Collector

#: Why each qualifier but 'about' reads wrong on a range ('at least 12,000 to 30,000').
RANGE_QUALIFIERS = {
    **dict.fromkeys(("over", "more than", "at least"), "a range already states its lowest figure"),
    **dict.fromkeys(
        ("under", "fewer than", "at most", "up to", "as many as"),
        "a range already states its highest figure",
    ),
    **dict.fromkeys(("nearly", "almost"), "it says how close one figure comes, not a range"),
}


def check(project: Project, collector: Collector) -> None:
    """Report every figure outside the range its unit allows, and every unit setting that
    does not fit the statistic, at its line."""
    for stat in project.statistics.values():
        origin = project.origins[("statistics", stat.id)]
        label = f"statistics.{stat.id}"
        for i, value in enumerate(dict.fromkeys(stat.bounds)):
            where: Key = ("value", i) if isinstance(stat.value, tuple) else ("value",)
            _within(value, stat.unit, origin, where, keypath(label, where), collector)
        for i, point in enumerate(stat.series or []):
            if point.value is not None:
                where = ("series", i, "value")
                _within(point.value, stat.unit, origin, where, keypath(label, where), collector)
        _unit_settings(stat, origin, label, collector)
    for chart in project.charts.values():
        origin = project.origins[("charts", chart.id)]
        drawn = [project.statistics[i] for i in chart.drawn if i in project.statistics]
        for stat in drawn:
            if isinstance(stat.value, tuple):
                collector.error(
                    origin,
                    (),
                    f"charts.{chart.id}",
                    f"statistic '{stat.id}' is a range, which a chart cannot draw as one bar "
                    "or point: draw single figures, and print the range in the chart's note",
                )
            allowed = UNIT_RANGES[stat.unit][0] <= stat.bounds[0] < 0  # else refused already
            if allowed and chart.kind == "hbar":
                collector.error(
                    origin,
                    ("kind",),
                    f"charts.{chart.id}.kind",
                    f"statistic '{stat.id}' is below zero, which a horizontal bar chart cannot "
                    "draw yet (its axis starts at 0): use kind bar, or print it in the chart's "
                    "note",
                )
        units = {s.unit for s in drawn}
        if chart.reference is not None and len(units) == 1:
            where = ("reference", "value")
            key = f"charts.{chart.id}.reference.value"
            _within(chart.reference.value, units.pop(), origin, where, key, collector, axis=True)


def _unit_settings(stat: Statistic, origin: Origin, label: str, collector: Collector) -> None:
    """A range's qualifier, the currency of an amount, compact figures."""
    if isinstance(stat.value, tuple) and stat.qualifier in RANGE_QUALIFIERS:
        low, high = stat.value
        collector.error(
            origin,
            ("qualifier",),
            f"{label}.qualifier",
            f"'{stat.qualifier}' reads wrong on a range ('{stat.qualifier} {low:g} to "
            f"{high:g}'): {RANGE_QUALIFIERS[stat.qualifier]}; remove it, or use 'about'",
        )
    if stat.unit == "currency":
        _currency(stat, origin, label, collector)
    elif stat.currency is not None:
        collector.error(
            origin,
            ("currency",),
            f"{label}.currency",
            f"a currency is given but the unit is '{stat.unit}': write `unit: currency`, or "
            "remove `currency:`",
        )
    if stat.scope is not None and stat.quantity is None:
        collector.warning(
            origin,
            ("scope",),
            f"{label}.scope",
            "a scope tells apart claims about one quantity, and this statistic has no "
            "`quantity:`: add the `quantity:` its claims share, or remove `scope:`",
        )
    if stat.compact and stat.unit not in COMPACT_UNITS:
        collector.error(
            origin,
            ("compact",),
            f"{label}.compact",
            f"only a count or a currency amount is printed compact ('3.2 million'), not a "
            f"{stat.unit}: remove `compact:`",
        )


def _currency(stat: Statistic, origin: Origin, label: str, collector: Collector) -> None:
    """An amount names its currency by an ISO 4217 code Babel knows."""
    from babel.numbers import list_currencies

    if stat.currency is None:
        collector.error(
            origin,
            ("unit",),
            f"{label}.currency",
            "an amount of money needs its currency: add `currency:` with its ISO 4217 code, "
            "e.g. USD, EUR, PHP",
        )
        return
    known = list_currencies()
    if stat.currency not in known:
        close = difflib.get_close_matches(stat.currency.upper(), sorted(known), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        collector.error(
            origin,
            ("currency",),
            f"{label}.currency",
            f"'{stat.currency}' is not an ISO 4217 currency code{hint} (three capital "
            "letters, e.g. USD, EUR, PHP)",
        )
        return
    _minor_units(stat, stat.currency, origin, label, collector)


def _minor_units(
    stat: Statistic, code: str, origin: Origin, label: str, collector: Collector
) -> None:
    """An amount has no more decimals than its currency's minor unit (none for JPY, two for
    USD): a finer amount would be printed rounded, as if it were exact."""
    from babel.numbers import get_currency_precision

    digits = get_currency_precision(code)
    ends = enumerate(stat.value) if isinstance(stat.value, tuple) else [(None, stat.value)]
    values: list[tuple[Key, float]] = [
        (("value",) if i is None else ("value", i), v) for i, v in ends
    ]
    values += [
        (("series", i, "value"), point.value)
        for i, point in enumerate(stat.series or [])
        if point.value is not None
    ]
    fix = (
        f"round it to {digits} decimal{'s' if digits > 1 else ''}"
        if digits
        else "round it to a whole amount"
    )
    for where, value in values:
        if round(value, digits) != value:
            collector.error(
                origin,
                where,
                keypath(label, where),
                f"{value:g} has more decimals than {code} amounts have ({digits or 'none'}): {fix}",
            )


def _within(
    value: float,
    unit: str,
    origin: Origin,
    loc: Key,
    label: str,
    collector: Collector,
    axis: bool = False,
) -> None:
    """Report `value` unless its unit allows it (and, on a chart's `axis`, it is not negative)."""
    low, high = UNIT_RANGES[unit]
    low = max(low, 0) if axis else low
    if not low <= value <= high:
        allowed = f"from {low:,.0f} to {high:,.0f}"
        if axis:
            why = " (the value axis starts at 0)"
        elif unit in ("percent", "change"):
            why = " (a negative percent is a fall, of at most 100%)"
        elif unit == "count" and value < 0:
            why = " (a count is never negative: a fall is a `unit: change`)"
        else:
            why = ""
        collector.error(
            origin,
            loc,
            label,
            f"{value:g} is out of range for a {unit}: write a value {allowed}{why}",
        )

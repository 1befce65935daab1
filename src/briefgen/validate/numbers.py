"""Figures within their unit's range (model.UNIT_RANGES): each statistic's value and series
points, and each chart's reference line in the unit of the statistics it draws, on a value
axis that starts at 0. (The model already refuses what is not a finite number.)"""

from __future__ import annotations

from ..load import Key, keypath
from ..model import UNIT_RANGES
from ..project import Origin, Project
from .messages import Collector


def check(project: Project, collector: Collector) -> None:
    """Report every figure outside the range its unit allows, at its line."""
    for stat in project.statistics.values():
        origin = project.origins[("statistics", stat.id)]
        label = f"statistics.{stat.id}"
        _within(stat.value, stat.unit, origin, ("value",), f"{label}.value", collector)
        for i, point in enumerate(stat.series or []):
            if point.value is not None:
                where: Key = ("series", i, "value")
                _within(point.value, stat.unit, origin, where, keypath(label, where), collector)
    for chart in project.charts.values():
        units = {project.statistics[i].unit for i in chart.drawn if i in project.statistics}
        if chart.reference is not None and len(units) == 1:
            origin = project.origins[("charts", chart.id)]
            where = ("reference", "value")
            key = f"charts.{chart.id}.reference.value"
            _within(chart.reference.value, units.pop(), origin, where, key, collector, axis=True)


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
        elif unit == "percent":
            why = " (a negative percent is a fall, of at most 100%)"
        else:
            why = ""
        collector.error(
            origin,
            loc,
            label,
            f"{value:g} is out of range for a {unit}: write a value {allowed}{why}",
        )

"""Stage 5, layout: turn a brief's blocks into ReportLab flowables in the house style."""

from .inline import InlineText, fallback_runs
from .story import BriefLayout
from .theme import (
    BAND_HEIGHT,
    CHART_HEIGHT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_SIZES,
    RULE,
    WHITE,
    Theme,
)

__all__ = [
    "BAND_HEIGHT",
    "CHART_HEIGHT",
    "MARGIN_BOTTOM",
    "MARGIN_TOP",
    "MARGIN_X",
    "MUTED",
    "PAGE_SIZES",
    "RULE",
    "WHITE",
    "BriefLayout",
    "InlineText",
    "Theme",
    "fallback_runs",
]

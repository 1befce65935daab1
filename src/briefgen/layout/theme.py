"""The house style: colours and the paragraph styles of a project's briefs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from ..fonts import LATIN, FontNames
from ..project import Project

INK = colors.HexColor("#222222")
MUTED = colors.HexColor("#5E6670")
RULE = colors.HexColor("#D5DAE0")
WHITE = colors.white

CITATION_SIZE = 6.5
CITATION_RISE = 3.5


def tint(colour: colors.Color, amount: float) -> colors.Color:
    """`colour` mixed with white: amount 0 is white, 1 the colour itself."""
    return colors.Color(*(1 - amount * (1 - c) for c in colour.rgb()))


# Each paragraph style: what it changes in the body style. "font" is a role of the brief's
# fonts (bold, italic, heading); a colour "primary" or "accent" is the project's own.
STYLES: dict[str, dict[str, Any]] = {
    "body": {},
    "contact_line": {"spaceAfter": 0},  # a line of the contact block but its last
    "lead": {"fontSize": 11.5, "leading": 16.5, "spaceAfter": 8},
    "label": {
        "font": "bold",
        "fontSize": 8.5,
        "leading": 11,
        "textColor": "accent",
        "spaceAfter": 6,
    },
    "title": {
        "font": "heading",
        "fontSize": 25,
        "leading": 30,
        "textColor": WHITE,
        "spaceAfter": 8,
    },
    "subtitle": {"fontSize": 11, "leading": 15.5, "textColor": tint(WHITE, 1), "spaceAfter": 8},
    "meta": {"fontSize": 8.5, "leading": 11, "textColor": colors.HexColor("#C9D3DD")},
    "h2": {
        "font": "heading",
        "fontSize": 14.5,
        "leading": 18,
        "textColor": "primary",
        "spaceBefore": 8,
        "spaceAfter": 5,
        "keepWithNext": 1,
    },
    "h3": {
        "font": "bold",
        "fontSize": 10.5,
        "leading": 13.5,
        "textColor": INK,
        "spaceAfter": 3,
        "keepWithNext": 1,
    },
    "chart_title": {
        "font": "bold",
        "fontSize": 10,
        "leading": 13,
        "textColor": INK,
        "spaceBefore": 4,
        "spaceAfter": 2,
        "keepWithNext": 1,
    },
    "small": {"fontSize": 7.6, "leading": 10, "textColor": MUTED, "spaceAfter": 2},
    "figure": {
        "font": "heading",
        "fontSize": 21,
        "leading": 24,
        "textColor": "primary",
        "spaceAfter": 1,
    },
    "figure_qualifier": {
        "font": "bold",
        "fontSize": 7.2,
        "leading": 9,
        "textColor": "accent",
        "spaceAfter": 0,
    },
    "figure_label": {"fontSize": 8, "leading": 10.5, "textColor": MUTED, "spaceAfter": 0},
    "figure_note": {"fontSize": 7, "leading": 9, "textColor": MUTED, "spaceBefore": 2},
    "quote": {"font": "italic", "fontSize": 10.5, "leading": 15, "textColor": INK, "spaceAfter": 3},
    "attribution": {"fontSize": 8.5, "leading": 11, "textColor": MUTED, "spaceAfter": 0},
    "number": {"font": "heading", "fontSize": 22, "leading": 24, "textColor": "accent"},
    "ask_label": {
        "font": "bold",
        "fontSize": 8.5,
        "leading": 11,
        "textColor": "accent",
        "spaceAfter": 1,
    },
    "source": {"fontSize": 8, "leading": 11, "textColor": INK, "spaceAfter": 3},
    "table": {"fontSize": 8.5, "leading": 11.5, "spaceAfter": 0},
    "table_head": {"font": "bold", "fontSize": 8.5, "leading": 11.5, "spaceAfter": 0},
    "cta": {"font": "bold", "fontSize": 10.5, "leading": 15, "textColor": WHITE, "spaceAfter": 0},
}


@dataclass
class Theme:
    """Colours and paragraph styles of one project's briefs."""

    primary: colors.Color
    accent: colors.Color
    fonts: FontNames = LATIN
    styles: dict[str, ParagraphStyle] = field(default_factory=dict)

    @classmethod
    def of(cls, project: Project, fonts: FontNames = LATIN) -> Theme:
        """The theme of `project`'s briefs set in `fonts`: its branding's colours, STYLES."""
        branding = project.config.branding
        theme = cls(colors.HexColor(branding.primary), colors.HexColor(branding.accent), fonts)
        body = ParagraphStyle(
            "body",
            fontName=fonts.regular,
            fontSize=9.6,
            leading=14,
            textColor=INK,
            alignment=TA_LEFT,
            spaceAfter=6,
            shaping=1 if fonts.shaped else 0,  # HarfBuzz sets a language's own fonts
        )
        for name, overrides in STYLES.items():
            theme.styles[name] = ParagraphStyle(name, parent=body, **theme._resolve(overrides))
        return theme

    def _resolve(self, overrides: dict[str, Any]) -> dict[str, Any]:
        """A STYLES entry as ParagraphStyle arguments: font roles and colours made concrete."""
        values = {k: v for k, v in overrides.items() if k != "font"}
        if "font" in overrides:
            values["fontName"] = getattr(self.fonts, overrides["font"])
        if isinstance(values.get("textColor"), str):
            values["textColor"] = getattr(self, values["textColor"])
        return values

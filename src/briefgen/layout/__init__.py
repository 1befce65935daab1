"""Stage 5, layout: turn a brief's blocks into ReportLab flowables in the house style.

story.py lays out one brief (BriefLayout): its title block, then each block through the
renderer registered for its type in blocks/ (one module per block type), which sees the
brief through a Context (context.py). Inline text (markup to ReportLab runs, citations, the
figures printed) is in inline.py, the shared flowables (headings, lists, panels, tables) in
flowables.py, colours and paragraph styles in theme.py; the page geometry is briefgen.paper's.
What touches ReportLab's internals is in briefgen.rl.
"""

from .inline import InlineText, fallback_runs
from .story import BriefLayout
from .theme import MUTED, RULE, WHITE, Theme

__all__ = [
    "MUTED",
    "RULE",
    "WHITE",
    "BriefLayout",
    "InlineText",
    "Theme",
    "fallback_runs",
]

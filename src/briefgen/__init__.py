"""briefgen: campaign data in YAML in, polished PDF briefs out, one per audience."""

from .rl.patterns import defer as _defer_paragraph_patterns

__version__ = "0.2.0"

_defer_paragraph_patterns()  # 25-40 ms of every process that lays a brief out (rl/patterns.py)

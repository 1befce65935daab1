"""Block renderers: one module per block type of a brief, registered by the block's model.

Each module's renderer takes a block and the brief being laid out (layout.context.Context)
and returns the block's flowables; `@renders(TheBlock)` registers it in RENDERERS. Adding a
block type takes its model class (model.py), a module here, its import below and a test.
"""

# the registry lines: importing a block type's module registers its renderer
from . import (
    call_to_action,  # noqa: F401
    changes,  # noqa: F401
    chart,  # noqa: F401
    contact,  # noqa: F401
    facts,  # noqa: F401
    figures_table,  # noqa: F401
    key_figures,  # noqa: F401
    list,  # noqa: F401
    note,  # noqa: F401
    quotes,  # noqa: F401
    recommendations,  # noqa: F401
    sources,  # noqa: F401
    summary,  # noqa: F401
    text,  # noqa: F401
)
from .registry import RENDERERS, Renderer, renders

__all__ = ["RENDERERS", "Renderer", "renders"]

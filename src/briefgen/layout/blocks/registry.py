"""The renderers of block types: which function lays out each block model of a brief."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from reportlab.platypus import Flowable

from ...model import Block
from ..context import Context

B = TypeVar("B", bound=Block)
Render = Callable[[B, Context], list[Flowable]]


@dataclass(frozen=True)
class Renderer:
    """How one block type is laid out: `render(block, context)` returns its flowables."""

    render: Render[Any]
    deferred: bool = False  # laid out after the other blocks, then put back in its place


RENDERERS: dict[type[Block], Renderer] = {}


def renders(block_type: type[B], deferred: bool = False) -> Callable[[Render[B]], Render[B]]:
    """Register the decorated function as the renderer of `block_type`; a `deferred` one
    needs what the other blocks make (the sources list: every citation numbered)."""

    def register(render: Render[B]) -> Render[B]:
        if block_type in RENDERERS:
            raise ValueError(f"{block_type.__name__} has two renderers")
        RENDERERS[block_type] = Renderer(render, deferred)
        return render

    return register

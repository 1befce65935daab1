"""Every use of ReportLab's internals, in one place.

ReportLab is pinned to one minor version (pyproject.toml) because briefgen relies on some of
its private names and module globals: to correct its text shaping, to mark content for a
tagged PDF, to write the structure tree, attachments and metadata into its document, and to
draw charts' text and lists' labels through our own code. Outside this subpackage, briefgen
uses ReportLab's public API only. Each reliance here has a behavioural guard test
(tests/test_rl_*.py) that fails with a clear message on a ReportLab version where the
assumption no longer holds. A module global swapped here is swapped for the length of one
call (a context manager restores it), never left changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def swapped(owner: Any, **values: Any) -> Iterator[None]:
    """`owner`'s attributes (its items, for a dictionary) set to `values` inside the block,
    and restored as they were when it ends, even on error."""
    # a dictionary's raw items: ReportLab's STATE_DEFAULTS calls the callables it holds on get
    get, put = (
        (dict.__getitem__, dict.__setitem__) if isinstance(owner, dict) else (getattr, setattr)
    )
    saved = {name: get(owner, name) for name in values}
    for name, value in values.items():
        put(owner, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            put(owner, name, value)

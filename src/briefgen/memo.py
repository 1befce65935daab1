"""Files parsed once per process: a long-running build (`build --watch`) parses again only the
files whose bytes changed since it last read them (the YAML files, the PO catalogs).

Only a parse that found no problem is remembered, so a file with an error is read, and its
error reported, every time; the result is shared, so nothing may change what it remembers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# The last bytes read of each file, and what they parsed to, by (kind of file, path).
_parsed: dict[tuple[str, str], tuple[bytes, Any]] = {}


def recall(kind: str, path: Path, data: bytes) -> Any:
    """What `data`, the bytes of `path`, parsed to when they were last read; None if the file
    was never read with these bytes, or with a problem."""
    known = _parsed.get((kind, str(path)))
    return known[1] if known is not None and known[0] == data else None


def keep(kind: str, path: Path, data: bytes, result: Any) -> None:
    """Remember what `data`, the bytes of `path`, parsed to, without any problem."""
    _parsed[(kind, str(path))] = (data, result)

"""Typographic niceties applied to user prose: curly quotes and apostrophes."""

from __future__ import annotations

import re

_OPEN_DOUBLE = re.compile(r'(^|[\s(\[{—–/])"')
_OPEN_SINGLE = re.compile(r"(^|[\s(\[{—–/])'")


def quotes(text: str) -> str:
    """Straight quotes become typographic ones: "a" → “a”, it's → it’s, 'a' → ‘a’."""
    text = _OPEN_DOUBLE.sub(r"\1“", text).replace('"', "”")
    return _OPEN_SINGLE.sub(r"\1‘", text).replace("'", "’")

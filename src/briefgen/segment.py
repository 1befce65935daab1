"""Where a line may break inside text written without spaces between words (Khmer, Thai, Lao,
Myanmar), found by ICU's dictionary-based line breaker (icu4py)."""

from __future__ import annotations

import re
from functools import lru_cache

# Scripts written without spaces between words (Unicode line-break class SA).
_UNSPACED = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),  # Khmer symbols
    (0x1A20, 0x1AAF),  # Tai Tham
    (0xAA60, 0xAA7F),  # Myanmar extended-A
)
ZERO_WIDTH_SPACE = "\u200b"
_RANGES = "".join(f"{chr(a)}-{chr(b)}" for a, b in _UNSPACED)
_UNSPACED_CHARS = re.compile(f"[{_RANGES}]")
_TO_SEGMENT = re.compile(f"[{_RANGES}{ZERO_WIDTH_SPACE}]")


def unspaced(char: str) -> bool:
    """Whether a character belongs to a script written without spaces between words."""
    return _UNSPACED_CHARS.match(char) is not None


def needs_segmenting(text: str) -> bool:
    """Whether `text` has words of an unspaced script, or a zero-width space, to cut at."""
    return _TO_SEGMENT.search(text) is not None


@lru_cache(maxsize=4096)
def segments(text: str) -> tuple[str, ...]:
    """`text` (one word as far as spaces go) cut where a line may break: between two words of
    an unspaced script, and at each zero-width space the writer typed, which is dropped. Never
    inside a cluster, and never next to anything else (Latin, digits and punctuation keep
    their own rules)."""
    if not needs_segmenting(text):
        return (text,)
    from icu4py.breakers import LineBreaker

    out, start, at = [], 0, 0
    for piece in LineBreaker(text, "km"):
        at += len(piece)
        if at == len(text) or _between_words(text, at):
            out.append(text[start:at].replace(ZERO_WIDTH_SPACE, ""))
            start = at
    return tuple(p for p in out if p)


def _between_words(text: str, at: int) -> bool:
    before, after = text[at - 1], text[at]
    return ZERO_WIDTH_SPACE in (before, after) or (unspaced(before) and unspaced(after))

"""The shipped briefs, byte for byte: a restructuring of the code must not change them.

The hashes were recorded from `briefgen build --force` before the code was reorganised into
block renderers, a ReportLab subpackage and named build phases. When a change is meant to
alter the PDFs, record the new hashes here in the same commit and say why in its message.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

GOLDEN = {
    "donor.pdf": "f754b9bc36c4a2b44f3335586194eae6f30084f66f3119246c865acc40a667af",
    "press.pdf": "39bafdfd169b627798e66269767ed4c817b8d71a52af6b9d4bf6c1cff9a6cf27",
    "press-km.pdf": "fad6abb62d6022bd22dd74aff4a265fe16679cba17f61838cd31d7d4cbbd3302",
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_shipped_brief_is_byte_identical_to_the_recorded_one(shipped: Path, name: str) -> None:
    data = (shipped / "out" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == GOLDEN[name], (
        f"{name} changed: if that is intended, record its new hash in tests/test_golden.py"
    )

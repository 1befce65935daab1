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
    "donor.pdf": "c4c4c488426ee8e428afb8ce9ab8838748855583c6b7d548c4327bebb5f3f8b0",
    "press.pdf": "c8c6da5ba1304bde7a60e202f51c061b674cadd945e5e8abb3e512be7ee50f41",
    "press-km.pdf": "b2b88525ea024e86aead03c5f7762a06020305e4e88aac32a21a5387db14fd9b",
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_shipped_brief_is_byte_identical_to_the_recorded_one(shipped: Path, name: str) -> None:
    data = (shipped / "out" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == GOLDEN[name], (
        f"{name} changed: if that is intended, record its new hash in tests/test_golden.py"
    )

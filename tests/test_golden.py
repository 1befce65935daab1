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
    "donor.pdf": "72f172cbede68cf93604b6362f251009816cada6c945a5abc52924acbbbb582f",
    "press.pdf": "a215d6a90003cc5e4de2a74257999e871dac0ed23037aa28a0ac1d14fa8dfcc0",
    "press-km.pdf": "f8d31da955ef2d2fa85ec20c4e7d003bc09d8b0f66ab0a4b077c399eb05930e0",
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_shipped_brief_is_byte_identical_to_the_recorded_one(shipped: Path, name: str) -> None:
    data = (shipped / "out" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == GOLDEN[name], (
        f"{name} changed: if that is intended, record its new hash in tests/test_golden.py"
    )

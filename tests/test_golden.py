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
    "donor.pdf": "021ba4ca5b43f845d3618c89d0797f5e14631387bddf787e9a42675c1b8b469d",
    "press.pdf": "cf2a6ee69f689bec62cd6a9998a40a95d4f1c93694f4432f20b1b0782cac785e",
    "press-km.pdf": "3877a5b84e007ba37783fa700b0c42b8049dc5b9f66adfeb298a2dbd4af310a6",
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_shipped_brief_is_byte_identical_to_the_recorded_one(shipped: Path, name: str) -> None:
    data = (shipped / "out" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == GOLDEN[name], (
        f"{name} changed: if that is intended, record its new hash in tests/test_golden.py"
    )

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
    "donor.pdf": "84d960a20d41858b7c6936762b0a7f05f72f22c7e65a4994af44d1da4d5a366a",
    "press.pdf": "ff6e026544e4d7ae06b2c18fed3366fad0b81c86dd0a5044ab1bc63fa90a91e2",
    "press-km.pdf": "124002655d978c6a9d1ebedb69995a07a3eb50d3b802c4ed2395ed3f715f1f2e",
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_shipped_brief_is_byte_identical_to_the_recorded_one(shipped: Path, name: str) -> None:
    data = (shipped / "out" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == GOLDEN[name], (
        f"{name} changed: if that is intended, record its new hash in tests/test_golden.py"
    )

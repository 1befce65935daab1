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
    "donor.pdf": "c816b704fe063612eb17f5415688125c8702b690038401b5589ff27ef0989fe1",
    "press.pdf": "8d91e0ac7243428520fd6274bc537513057f8bf902fc657e3fa0bb8c8e1eea90",
    "press-km.pdf": "23f537a5ceaea96c1970cf2292d13a6d70eec918fdebe083d7d636e562bf67d5",
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_shipped_brief_is_byte_identical_to_the_recorded_one(shipped: Path, name: str) -> None:
    data = (shipped / "out" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == GOLDEN[name], (
        f"{name} changed: if that is intended, record its new hash in tests/test_golden.py"
    )

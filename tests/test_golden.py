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
    "donor.pdf": "e62574f52f0989965ce49aee9e471b66529bef7b80640e4b0482c01e210d0aaf",
    "press.pdf": "bcf5bb191591b458a3483e5617375cd59c8ffa2c493e6a9861cb8f8c2e86b7fb",
    "press-km.pdf": "cd3118b5f2b1e1f0a984f3ee98ba73136c43e3030584c14c301fc11519ddcf85",
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_shipped_brief_is_byte_identical_to_the_recorded_one(shipped: Path, name: str) -> None:
    data = (shipped / "out" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == GOLDEN[name], (
        f"{name} changed: if that is intended, record its new hash in tests/test_golden.py"
    )

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
    "donor.pdf": "1a0f2fcafa182c128aeef0c39cbbfd05e9fe146b82a96a26f788b9071d41353e",
    "press.pdf": "0a60f7f2d4c83a8b98619a5251bb23fabd2d40447e1336b6886ab8b48f5caaf5",
    "press-km.pdf": "70a705cb0928c4e2217ee2bcae0e37ae42c4c058564ab67379bc7a190928fa47",
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_shipped_brief_is_byte_identical_to_the_recorded_one(shipped: Path, name: str) -> None:
    data = (shipped / "out" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == GOLDEN[name], (
        f"{name} changed: if that is intended, record its new hash in tests/test_golden.py"
    )

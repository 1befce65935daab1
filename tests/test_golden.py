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
    "donor.pdf": "7bf64026d079af97a9db51e72661ce9c4a14c12291113e4fc8fc02ec047db109",
    "press.pdf": "07aef94414936132a8d3701f23264d2d55273970c813cbc0bded46e9e15fb2eb",
    "press-km.pdf": "c5b930bcf54cb8c79dd4415732d0be3fb07384b0e02bee442dc65c64a88f7df7",
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_shipped_brief_is_byte_identical_to_the_recorded_one(shipped: Path, name: str) -> None:
    data = (shipped / "out" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == GOLDEN[name], (
        f"{name} changed: if that is intended, record its new hash in tests/test_golden.py"
    )

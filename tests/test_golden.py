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
    "donor.pdf": "6590d2eebbad03058290587773b464c93913672bdd06403f8603030f43397540",
    "press.pdf": "abb71394dac7449fc4d0b8e5a433e1d0dd9c4ec64d984049d7adb59f38e2c45f",
    "press-km.pdf": "dbb59b5ab73ab99e04ee75bbe515fc23e2b05618f0f9cb17385be8fe1ff0bc49",
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_shipped_brief_is_byte_identical_to_the_recorded_one(shipped: Path, name: str) -> None:
    data = (shipped / "out" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == GOLDEN[name], (
        f"{name} changed: if that is intended, record its new hash in tests/test_golden.py"
    )

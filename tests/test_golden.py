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
    "donor.pdf": "44f3927e23283dabf535436a87708c99c5aaed6c04c590ce526fe85c52faaad0",
    "press.pdf": "9b9252190293a48d22d0ea158d6589170e2aaf8a2bfcec96374b73ab9d5189e2",
    "press-km.pdf": "b2a205111d1e1541393c67b15c2fc43e686a35bbecbaffee43ecf7f16f715f22",
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_shipped_brief_is_byte_identical_to_the_recorded_one(shipped: Path, name: str) -> None:
    data = (shipped / "out" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == GOLDEN[name], (
        f"{name} changed: if that is intended, record its new hash in tests/test_golden.py"
    )

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
    "donor.pdf": "56e77bbba4674874fc960a8703d34a73ffca2dd365cdc7598a5bfb91c2661b47",
    "press.pdf": "2c759b75f3394cc057735acd8c80efb0e5c826bc0ec8d7e9d14c61e8564c17ef",
    "press-km.pdf": "97ecd0ac14b0094233c7219941bfa5001fd77ad572be3faaf9a38229efa7970e",
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_shipped_brief_is_byte_identical_to_the_recorded_one(shipped: Path, name: str) -> None:
    data = (shipped / "out" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == GOLDEN[name], (
        f"{name} changed: if that is intended, record its new hash in tests/test_golden.py"
    )

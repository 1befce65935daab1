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
    "donor.pdf": "191d71d10349f7d8c1b089cc9cdb44d3fbd332e676d2210c9ed6b15480efa623",
    "press.pdf": "18cfa3bb35908199c4b38c18c0889fb5fae2240a48a8dea27f4b4e20c2973944",
    "press-km.pdf": "d2ece8c692390f6e99c58b240c5e37807f2aad828f33e0481e521f0c57e46d74",
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_shipped_brief_is_byte_identical_to_the_recorded_one(shipped: Path, name: str) -> None:
    data = (shipped / "out" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == GOLDEN[name], (
        f"{name} changed: if that is intended, record its new hash in tests/test_golden.py"
    )

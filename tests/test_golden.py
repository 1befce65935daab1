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
    "donor.pdf": "f293c6cc6066842ac1563fa77091df190627ebbff5ad0d739b8626e2ea1ff192",
    "press.pdf": "df2500050e7843704fcbd3a85f698656ea8748f233e4b8472b398041b216a06a",
    "press-km.pdf": "402d03116b263a423964d04cab55f3c7783a7d4c5e9b158566ee7bfaafdededd",
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_shipped_brief_is_byte_identical_to_the_recorded_one(shipped: Path, name: str) -> None:
    data = (shipped / "out" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == GOLDEN[name], (
        f"{name} changed: if that is intended, record its new hash in tests/test_golden.py"
    )

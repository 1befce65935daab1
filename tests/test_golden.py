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
    "donor.pdf": "c3b3368ef4055a50d97ddc881211a0721f4e536c41c2b56ac5b76d6277740375",
    "press.pdf": "6c578bf65795c23aba8632a9de0a9d3395af4ed5c989839d6af2952c4b93b2fc",
    "press-km.pdf": "dc6408e2449ff95c89dcae37a7dc27d549900f147f9d28355214dab0cb3974b4",
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_shipped_brief_is_byte_identical_to_the_recorded_one(shipped: Path, name: str) -> None:
    data = (shipped / "out" / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == GOLDEN[name], (
        f"{name} changed: if that is intended, record its new hash in tests/test_golden.py"
    )

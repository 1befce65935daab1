"""Link targets: whatever an address is written in, the target a PDF's link gets is ASCII,
with the host in IDNA and the rest percent-encoded; ASCII addresses are kept as written."""

from __future__ import annotations

import pytest

from briefgen.links import href, problem


@pytest.mark.parametrize(
    ("address", "target"),
    [
        ("https://example.org/a?b=1&c=2#d", "https://example.org/a?b=1&amp;c=2#d"),
        ("https://пример.рф/é?q=ж#я", "https://xn--e1afmkfd.xn--p1ai/%C3%A9?q=%D0%B6#%D1%8F"),
        ("https://user:pw@bücher.de:8443/x", "https://user:pw@xn--bcher-kva.de:8443/x"),
        ("https://[::1]:80/é", "https://[::1]:80/%C3%A9"),
        ("https://x.org/100%-é", "https://x.org/100%25-%C3%A9"),  # a stray % is written %25
        ("https://x.org/a%20é", "https://x.org/a%20%C3%A9"),  # an escape is kept
        (
            "mailto:presse@exämple.org?subject=Ré",
            "mailto:presse@xn--exmple-cua.org?subject=R%C3%A9",
        ),
        ("https://[::1/é", "https://[::1/%C3%A9"),  # unreadable (unchecked): encoded as it is
    ],
)
def test_a_link_target_is_ascii(address: str, target: str) -> None:
    assert href(address) == f'"{target}"'
    assert href(address).isascii()


def test_what_validation_refuses_is_what_href_cannot_write_faithfully() -> None:
    assert problem("https://[::1/é") is not None
    assert problem("https://faß.de/") is not None  # IDNA would link to fass.de
    assert problem("https://пример.рф/é?q=ж#я") is None

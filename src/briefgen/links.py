"""Web and e-mail addresses as a PDF links to them: why an address cannot be linked, which
validation reports at its line, and the target of its link, in the 7-bit ASCII a PDF needs
(ISO 32000-1, 12.6.4.7), the text printed being the address as written."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit, urlunsplit

from .markup import quoteattr

# Controls, invisible formatting (a zero-width space, a change of writing direction), spaces
# and line separators: never in an address, and unseen where they are.
_UNSEEN = {"Cc", "Cf", "Zs", "Zl", "Zp"}
# Every printable ASCII character: kept as written in a link's target.
_PRINTABLE = "".join(map(chr, range(0x21, 0x7F)))
# A % that does not start an escape (%20): written %25.
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def problem(address: str) -> str | None:
    """Why a PDF cannot link to `address` (from http://, https:// or mailto:), in words that
    say what to write instead; None when it can."""
    if any(unicodedata.category(c) in _UNSEEN for c in address):
        return (
            "it holds a space, a line break or an invisible character: remove it (a space in a "
            "web address is written %20)"
        )
    try:
        parts = urlsplit(address)
        host = parts.hostname
    except ValueError:  # a host in brackets that is not an IP address ("Invalid IPv6 URL")
        return "its host is not written as one: write it as https://example.org/..."
    if parts.scheme.lower() == "mailto":
        local, _, domain = parts.path.rpartition("@")
        if not local or not domain or "@" in local:
            return "write it as name@example.org"
        return _host_problem(domain.lower())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return "write it in full, from https:// or http://"
    try:
        _port = parts.port  # read to be checked
    except ValueError:
        return "its port is not a number from 0 to 65535: write it as https://example.org:8080/"
    if not host:
        return "it names no host: write it as https://example.org/..."
    return _host_problem(host)


def _host_problem(host: str) -> str | None:
    """Why a host beyond ASCII cannot be linked in IDNA (xn--...) as it is written."""
    if host.isascii():
        return None
    try:
        linked = host.encode("idna").decode("idna")
    except UnicodeError:
        linked = None
    if linked == host:
        return None
    return (
        f"its host, '{host}', would be linked as '{linked}', another address: write the host "
        "in its xn-- form"
        if linked
        else f"its host, '{host}', cannot be linked: write the host in its xn-- form"
    )


def href(address: str) -> str:
    """An address (checked by `problem`) as the quoted target of a link in ReportLab's
    paragraph markup: in ASCII, its host in IDNA (xn--...), any other character beyond ASCII
    percent-encoded as UTF-8."""
    return quoteattr(address if address.isascii() else _ascii(address))


def _ascii(address: str) -> str:
    try:
        parts = urlsplit(address)
        port = f":{parts.port}" if parts.port is not None else ""
    except ValueError:  # not validated (a library caller's address): encoded as it is
        return _encoded(address)
    if parts.scheme.lower() == "mailto":
        local, at, domain = parts.path.rpartition("@")
        return urlunsplit(
            (parts.scheme, "", _encoded(local) + at + _idna(domain), _encoded(parts.query), "")
        )
    user, at, _host = parts.netloc.rpartition("@")
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else _idna(host)  # an IPv6 address, in its brackets
    return urlunsplit(
        (
            parts.scheme,
            _encoded(user) + at + host + port,
            _encoded(parts.path),
            _encoded(parts.query),
            _encoded(parts.fragment),
        )
    )


def _idna(host: str) -> str:
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:  # not validated (a library caller's address): encoded as the rest
        return _encoded(host)


def _encoded(text: str) -> str:
    return quote(_STRAY_PERCENT.sub("%25", text), safe=_PRINTABLE)

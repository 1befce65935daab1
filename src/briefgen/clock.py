"""Today, as briefgen sees it: the day consent is checked against and correction notes are
dated. BRIEFGEN_TODAY (YYYY-MM-DD) sets it, for tests and to check ahead of time. And the time
PDFs are dated with in a reproducible build (SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import datetime as dt
import os

from .errors import UsageError

ENVIRONMENT = "BRIEFGEN_TODAY"


def today() -> dt.date:
    """BRIEFGEN_TODAY when set, else the system's date; UsageError for a malformed value."""
    given = os.environ.get(ENVIRONMENT, "").strip()
    if not given:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(given)
    except ValueError as exc:
        raise UsageError(f"{ENVIRONMENT}={given!r} is not a date: write YYYY-MM-DD") from exc


def source_date_epoch() -> str:
    """SOURCE_DATE_EPOCH, the time a reproducible build dates its PDFs with (ReportLab reads
    it); empty when it is not set."""
    return os.environ.get("SOURCE_DATE_EPOCH", "").strip()

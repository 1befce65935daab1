"""The table of figures every brief carries inside its PDF (CSV and JSON attachments), so that
a brief sent around months ago can be checked against today's data (`briefgen audit`)."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Source, Statistic

CSV_NAME = "figures.csv"
JSON_NAME = "figures.json"
FIELDS = (
    "statistic",
    "label",  # as the brief prints it, in its language; tables from before it have none
    "printed",
    "value",
    "value_high",  # the high end of a range stated by one source; empty otherwise
    "unit",
    "currency",
    "qualifier",
    "source",
    "source_publisher",
    "source_url",
    "source_date",
)


def figure_row(stat: Statistic, printed: str, label: str, source: Source) -> dict[str, Any]:
    """One figure a brief prints: the statistic, its label and form as printed, what it
    states and its source."""
    return {
        "statistic": stat.id,
        "label": label,
        "printed": printed,
        "value": stat.bounds[0],
        "value_high": stat.bounds[1] if isinstance(stat.value, tuple) else "",
        "unit": stat.unit,
        "currency": stat.currency or "",
        "qualifier": stat.qualifier or "",
        "source": stat.source,
        "source_publisher": source.publisher,
        "source_url": source.url or "",
        "source_date": source.date,
    }


# The quotes a brief prints, in figures.json ("quotes") and quotes.csv; briefs built before
# briefgen listed them have none.
QUOTES_CSV_NAME = "quotes.csv"
QUOTE_FIELDS = ("quote", "kind", "speaker", "consent_reference", "pages")


def quote_row(
    quote_id: str, kind: str, speaker: str, reference: str | None, pages: list[int]
) -> dict[str, Any]:
    """One quote a brief prints: its id, speaker as printed, consent reference and the pages
    it is printed on (none known in an untagged PDF)."""
    return {
        "quote": quote_id,
        "kind": kind,
        "speaker": speaker,
        "consent_reference": reference or "",
        "pages": pages,
    }


def as_json(
    brief_id: str,
    version: str,
    fingerprint: str,
    rows: list[dict[str, Any]],
    quotes: list[dict[str, Any]],
) -> bytes:
    """The table as JSON, with what identifies the build and the quotes printed."""
    data = {
        "briefgen": version,
        "brief": brief_id,
        "fingerprint": fingerprint,
        "figures": rows,
        "quotes": quotes,
    }
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True).encode("utf-8")


def as_csv(rows: list[dict[str, Any]], fields: tuple[str, ...] = FIELDS) -> bytes:
    """The table as CSV, one row per statistic and printed form (or per quote, with
    QUOTE_FIELDS; its pages separated by spaces)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        pages = row.get("pages")
        writer.writerow(row if pages is None else {**row, "pages": " ".join(map(str, pages))})
    return out.getvalue().encode("utf-8")

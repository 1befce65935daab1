"""The table of figures every brief carries inside its PDF (CSV and JSON attachments), so that
a brief sent around months ago can be checked against today's data (`briefgen audit`)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

CSV_NAME = "figures.csv"
JSON_NAME = "figures.json"
FIELDS = (
    "statistic",
    "printed",
    "value",
    "unit",
    "qualifier",
    "source",
    "source_publisher",
    "source_url",
    "source_date",
)


def as_json(brief_id: str, version: str, fingerprint: str, rows: list[dict[str, Any]]) -> bytes:
    """The table as JSON, with what identifies the build."""
    data = {"briefgen": version, "brief": brief_id, "fingerprint": fingerprint, "figures": rows}
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True).encode("utf-8")


def as_csv(rows: list[dict[str, Any]]) -> bytes:
    """The table as CSV, one row per statistic and printed form."""
    out = io.StringIO()
    writer = csv.DictWriter(out, FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")

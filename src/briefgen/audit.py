"""The audit command: check a brief built earlier, figure by figure, against today's data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from . import clock, consent, figures
from . import format as fmt
from .errors import NotABrief
from .model import Statistic
from .project import Project


class FigureStatus(StrEnum):
    """How a figure a brief prints compares with today's data, as the command line says it."""

    SAME = "same"
    CHANGED = "changed"
    REMOVED = "removed"


@dataclass(frozen=True)
class AuditedFigure:
    """One figure of the audited brief, and its verdict."""

    status: FigureStatus
    statistic: str
    printed: str  # as the brief states it
    was: Statistic  # what the brief states, from its table
    label: str = ""  # as the brief prints it (none in tables from before labels)
    now: str = ""  # as the data states it today, when changed
    source: str = ""  # today's source, when changed


@dataclass(frozen=True)
class AuditedQuote:
    """A testimony the audited brief prints that may no longer be printed."""

    status: str  # withdrawn, expired (its consent) or removed (from the data)
    quote: str
    pages: list[int]  # where the brief prints it (none known for an untagged PDF)
    detail: str  # e.g. "consent withdrawn 2020-06-01"


@dataclass
class FigureAudit:
    """What an audit found, figure by figure and testimony by testimony; decides the exit
    code."""

    path: Path
    brief: str
    version: str
    figures: list[AuditedFigure] = field(default_factory=list)
    quotes: list[AuditedQuote] = field(default_factory=list)

    @property
    def outdated(self) -> list[AuditedFigure]:
        """The figures that changed or are gone since the brief was built."""
        return [f for f in self.figures if f.status != FigureStatus.SAME]

    @property
    def exit_code(self) -> int:
        """1 when some figures are outdated or some testimonies may no longer be printed."""
        return 1 if self.outdated or self.quotes else 0


def read_table(path: Path) -> dict[str, Any]:
    """The figures table carried by a brief; NotABrief when there is none to read."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its complaints are summed up below
    if _encrypted(path):
        raise NotABrief(
            f"{path}: encrypted: cannot audit; audit the brief as briefgen built it, before it "
            "was encrypted"
        )
    try:
        data = PdfReader(path).attachments.get(figures.JSON_NAME)
    except Exception as exc:  # any damage to the file means the same: nothing to audit
        reason = str(exc).strip() or type(exc).__name__
        raise NotABrief(
            f"{path}: not a readable PDF ({reason}); audit a brief built by briefgen"
        ) from exc
    if not data:
        raise NotABrief(
            f"{path}: not made by briefgen, or made before briefs carried their "
            f"figures (no {figures.JSON_NAME} inside); nothing to audit"
        )
    try:
        table = json.loads(data[0])
        table["figures"] = [dict(row) for row in table["figures"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise NotABrief(
            f"{path}: its {figures.JSON_NAME} is damaged ({exc}); rebuild the brief"
        ) from exc
    return table


def _encrypted(path: Path) -> bool:
    """Whether the PDF is encrypted, with or without a password to open it (pypdf would
    blame a missing cryptography package)."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            return pdf.is_encrypted
    except pikepdf.PasswordError:
        return True
    except Exception:  # not a PDF at all: pypdf says so below
        return False


def _stated(row: dict[str, Any]) -> Statistic:
    """A row of the table as the statistic it printed (tables from before ranges and
    currencies have neither column)."""
    high = row.get("value_high")
    return Statistic(
        id=row["statistic"].partition("@")[0],
        label="",
        value=row["value"] if high in ("", None) else (row["value"], high),
        unit=row["unit"],
        currency=row.get("currency") or None,
        qualifier=row["qualifier"] or None,
        as_of="",
        source=row["source"],
    )


def _today(project: Project, stat_id: str) -> Statistic | None:
    """A statistic as the data states it today; a point of its series for 'ID@PERIOD'."""
    base, at, period = stat_id.partition("@")
    stat = project.statistics.get(base)
    if stat is None or not at:
        return stat
    return stat.at(period) if stat.point(period) is not None else None


def _facts(stat: Statistic) -> tuple[Any, ...]:
    return (stat.bounds, stat.unit, stat.currency, stat.qualifier, stat.source)


def withdrawn_quotes(table: dict[str, Any], project: Project, today: dt.date) -> list[AuditedQuote]:
    """The testimonies a brief's table lists (none in briefs built before briefgen listed
    quotes) that may no longer be printed today."""
    found = []
    for row in table.get("quotes", []):
        if row.get("kind") != "testimony":
            continue
        quote_id, pages = str(row["quote"]), [int(p) for p in row.get("pages", [])]
        quote = project.quotes.get(quote_id)
        if quote is None:
            found.append(AuditedQuote("removed", quote_id, pages, "no longer in the data"))
        elif quote.consent and (end := consent.ended(quote.consent, today)):
            found.append(AuditedQuote(end[0], quote_id, pages, f"consent {end[0]} {end[1]}"))
    return found


def compare(path: Path, table: dict[str, Any], project: Project) -> FigureAudit:
    """Compare every figure and testimony of a brief's table (see read_table) with the
    project's data, today."""
    report = FigureAudit(path, str(table.get("brief", "?")), str(table.get("briefgen", "?")))
    report.quotes = withdrawn_quotes(table, project, clock.today())
    seen: set[str] = set()
    for row in table["figures"]:
        stat_id = row["statistic"]
        if stat_id in seen:
            continue  # one verdict per statistic, however often it is printed
        seen.add(stat_id)
        stat, was = _today(project, stat_id), _stated(row)
        found = AuditedFigure(FigureStatus.SAME, stat_id, row["printed"], was, row.get("label", ""))
        if stat is None:
            found = dataclasses.replace(found, status=FigureStatus.REMOVED)
        elif _facts(stat) != _facts(was):
            found = dataclasses.replace(
                found,
                status=FigureStatus.CHANGED,
                printed=fmt.prose([was]),
                now=fmt.prose([stat]),
                source=fmt.attribution(project.sources[stat.source]),
            )
        report.figures.append(found)
    return report

"""The distribution log: which copy of which brief went to whom (`briefgen sent`), and which
copies people hold no longer match today's data (`briefgen outdated`).

The log is distribution.yaml in the project, plain YAML meant for version control; it names
people, so it is personal data. `sent` reads the copy's identity from the PDF itself (its
figures table and metadata, as `audit` does) and keeps the copy under sent/, so that the
figures and testimonies it printed can be compared with the data long after it was rebuilt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field

from . import clock
from .audit import FigureAudit, FigureStatus, compare, read_table
from .errors import NotABrief, Problem, ProjectError, UsageError
from .load import Document, read_document
from .model import Date, Id, Model
from .project import Origin, Project
from .state import atomic_write

if TYPE_CHECKING:
    from pypdf import PdfReader

LOG_FILE = "distribution.yaml"
COPIES = "sent"  # the folder, in the project, where each copy sent is kept
_HEADER = """\
# Who was sent which copy of which brief: `briefgen sent` adds to this log, and
# `briefgen outdated` reads it. It names people and their addresses, so it is personal data:
# keep it in a private repository (or out of version control), never in a public one.
sent:
"""


class Delivery(Model):
    """One copy of a brief sent to one recipient."""

    to: str = Field(description="Who received it: a person, desk or outlet.")
    contact: str | None = Field(None, description="How to reach them, e.g. an e-mail address.")
    on: Date = Field(
        description="The day it was sent (YYYY-MM-DD); write the key quoted, `'on':` (some "
        "YAML reads a bare `on` as true)."
    )
    brief: Id = Field(description="The brief's id, as the copy records it.")
    fingerprint: str = Field(description="The fingerprint of the data the copy was built from.")
    built: Date | None = Field(None, description="The date the copy carries.")
    copy_kept: str = Field(
        alias="copy",
        description="Where the copy itself is kept in the project, saved when it was sent: "
        "sent/BRIEF-FINGERPRINT.pdf.",
    )


@dataclass(frozen=True)
class Copy:
    """What a briefgen PDF says about itself: its brief, data fingerprint, date, title,
    language and page size."""

    brief: str
    fingerprint: str
    built: str | None
    title: str
    language: str
    page_size: str | None  # A4 or Letter; None for any other size


@dataclass
class Held:
    """A copy a recipient holds, compared with today's data."""

    delivery: Delivery
    copy: Copy
    audit: FigureAudit
    origin: Origin  # its entry in the log

    @property
    def outdated(self) -> bool:
        """Whether a figure changed or a testimony may no longer be printed since."""
        return self.audit.exit_code == 1


def entry_label(origin: Origin) -> str:
    """How messages name a log entry: sent[N], counted from 1 as people count."""
    return f"sent[{origin.key[1] + 1}]"


def read_copy(pdf: Path) -> Copy:
    """The identity a briefgen PDF carries; NotABrief for any other file."""
    from pypdf import PdfReader

    table = read_table(pdf)
    reader = PdfReader(pdf)
    info = reader.metadata
    created = info.creation_date if info is not None else None
    lang = reader.trailer["/Root"].get("/Lang")
    return Copy(
        str(table.get("brief", "")),
        str(table.get("fingerprint", "")),
        created.date().isoformat() if created else None,
        str(info.title or "") if info is not None else "",
        str(lang or "en"),
        _page_size(reader),
    )


def _page_size(reader: PdfReader) -> str | None:
    """The name of the size of a PDF's first page, A4 or Letter (to the point)."""
    from .paper import PAGE_SIZES

    if not reader.pages:
        return None
    box = reader.pages[0].mediabox
    size = (round(box.width), round(box.height))
    named = (name for name, (w, h) in PAGE_SIZES.items() if (round(w), round(h)) == size)
    return next(named, None)


def record(
    project: Project, pdf: Path, to: str, on: dt.date | None = None, contact: str | None = None
) -> tuple[Delivery, bool]:
    """Log that the copy `pdf` was sent to `to` (on `on`, default today), keeping the copy
    under sent/ in the project: the new entry and True; or, when `to` was sent this very
    copy before, the log's entry and False (the log is left as it is, the copy kept anew if
    it went missing). NotABrief when it is not a briefgen PDF of this project, UsageError for
    a blank recipient or a day it cannot have been sent; ProjectError for a damaged log,
    before anything is written."""
    root = project.root
    entries = load_log(root, "nothing was recorded")
    copy = read_copy(pdf)
    if not copy.fingerprint:
        raise NotABrief(f"{pdf}: carries no data fingerprint; send a brief built by briefgen")
    _of_this_project(project, pdf, copy)
    to, on = to.strip(), on or clock.today()
    if not to:
        raise UsageError("--to is empty: say who received the copy (a person, desk or outlet)")
    if on > clock.today():
        raise UsageError(f"--on {on} is after today ({clock.today()}): record a copy once sent")
    if copy.built and on < dt.date.fromisoformat(copy.built):
        raise UsageError(
            f"--on {on} is before the date the copy carries ({copy.built}): give the day it "
            "was sent"
        )
    kept = f"{COPIES}/{copy.brief}-{copy.fingerprint[:12]}.pdf"
    if not (root / kept).exists():
        (root / COPIES).mkdir(exist_ok=True)
        atomic_write(root / kept, pdf.read_bytes())
    for earlier, _origin in entries:
        if (earlier.to, earlier.fingerprint) == (to, copy.fingerprint):
            return earlier, False  # one entry per recipient and copy: the first sending
    delivery = Delivery.model_validate(
        {
            "to": to,
            "contact": contact,
            "on": on.isoformat(),
            "brief": copy.brief,
            "fingerprint": copy.fingerprint,
            "built": copy.built,
            "copy": kept,
        }
    )
    _append(root / LOG_FILE, delivery)
    return delivery, True


def _of_this_project(project: Project, pdf: Path, copy: Copy) -> None:
    """NotABrief when the copy was built by another project: a brief this one does not
    have, or figures none of which are this project's statistics."""
    where = "record it in the project that built it"
    if copy.brief not in project.briefs:
        known = ", ".join(sorted(project.briefs)) or "none"
        raise NotABrief(
            f"{pdf}: a copy of brief '{copy.brief}', which this project does not have "
            f"(its briefs: {known}); {where}"
        )
    audit = compare(pdf, read_table(pdf), project)
    if audit.figures and all(f.status == FigureStatus.REMOVED for f in audit.figures):
        raise NotABrief(
            f"{pdf}: a copy of brief '{copy.brief}' whose figures are none of this project's "
            f"statistics: it was built by another project; {where}"
        )


def _append(log: Path, delivery: Delivery) -> None:
    """Add an entry at the end of the log, leaving what is written above it as it is."""
    import yaml

    text = log.read_text(encoding="utf-8") if log.exists() else _HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    entry = yaml.safe_dump(
        [delivery.model_dump(mode="json", by_alias=True, exclude_none=True)],
        allow_unicode=True,
        sort_keys=False,
    )
    text += "".join(f"  {line}\n" for line in entry.splitlines())
    atomic_write(log, text.encode("utf-8"))


def load_log(root: Path, outcome: str = "no copy was compared") -> list[tuple[Delivery, Origin]]:
    """Every entry of the log, with where it is written; ProjectError listing every problem
    (ending with `outcome`, what the command did not do)."""
    from .validate.messages import Collector

    problems: list[Problem] = []
    doc = read_document(root, LOG_FILE, problems) or Document(LOG_FILE, {"sent": []})
    data = doc.data if isinstance(doc.data, dict) else {}
    entries = data.get("sent") or []
    if problems or not isinstance(entries, list) or set(data) - {"sent"}:
        problems = problems or [
            Problem(LOG_FILE, doc.line(()), "sent", "write the log as `sent:` and a list")
        ]
        raise ProjectError(problems, outcome)
    collector = Collector(problems)
    found = []
    for i, raw in enumerate(entries):
        origin = Origin(doc, ("sent", i))
        delivery = collector.typed(Delivery, origin, entry_label(origin), raw)
        if delivery is not None:
            found.append((delivery, origin))
    if problems:
        raise ProjectError(problems, outcome)
    return found


def outdated(project: Project) -> list[Held]:
    """Every copy in the log, compared with the project's data today (figures as `audit`
    compares them; testimonies withdrawn, expired or removed)."""
    held, problems = [], []
    for delivery, origin in load_log(project.root):
        path = project.root / delivery.copy_kept
        try:
            if not path.is_file():
                raise NotABrief(f"{delivery.copy_kept} is missing")
            copy = read_copy(path)
            table = read_table(path)
        except NotABrief as exc:
            problems.append(
                Problem(
                    origin.file,
                    origin.line(("copy",)),
                    f"{entry_label(origin)}.copy",
                    f"the copy kept when it was sent cannot be read ({exc.message}): put it "
                    f"back from a backup, or give the PDF you sent to `briefgen sent` again "
                    f'(`briefgen sent FILE.pdf --to "{delivery.to}"`), which keeps it anew',
                )
            )
            continue
        held.append(Held(delivery, copy, compare(path, table, project), origin))
    if problems:
        raise ProjectError(problems, "no copy was compared")
    return held

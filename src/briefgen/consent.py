"""Consent on testimonies: a brief may print a testimony only as its giver agreed (audience,
publication, language, dates). Run with the consistency checks (checks.run), per brief: a
refusal is an error at the brief's line that prints the testimony, so that brief alone is
not built; a missing consent, or one ending soon, is a warning."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from . import format as fmt
from .errors import Problem
from .load import keypath
from .model import Brief, Consent, Quote
from .project import Project


def last_day(value: str) -> dt.date:
    """The last day a date (YYYY-MM-DD, YYYY-MM or YYYY) covers."""
    first = fmt.first_day(value)
    if value.count("-") == 2:
        return first
    if value.count("-") == 1:
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    else:
        following = dt.date(first.year + 1, 1, 1)
    return following - dt.timedelta(days=1)


def ended(consent: Consent, day: dt.date) -> tuple[str, str] | None:
    """Whether the consent no longer allows printing on `day`: ('withdrawn' or 'expired',
    the date as written), else None."""
    if consent.withdrawn and fmt.first_day(consent.withdrawn) <= day:
        return "withdrawn", consent.withdrawn
    if consent.until and last_day(consent.until) < day:
        return "expired", consent.until
    return None


def refusals(consent: Consent, brief: Brief, public: bool, today: dt.date) -> Iterator[str]:
    """Each rule of the consent a brief breaks by printing the testimony, in words; `public`:
    whether the brief's audience is published."""
    audiences = consent.audiences
    if audiences != "all" and brief.audience not in audiences:
        yield (f"its consent covers the audiences {', '.join(audiences)}, not '{brief.audience}'")
    if public and not consent.public:
        yield (
            f"its consent is not public (`public: false`), and a brief for '{brief.audience}' "
            "is published"
        )
    languages = consent.languages
    if languages and not {brief.language, brief.language.split("-")[0]} & set(languages):
        yield (f"its consent covers the languages {', '.join(languages)}, not '{brief.language}'")
    dated = fmt.first_day(brief.date)
    over = ended(consent, max(dated, today))
    if over is not None and over[0] == "withdrawn":
        yield f"its consent was withdrawn on {over[1]}: it is never printed again"
    elif over is not None:
        when = "the brief is dated" if last_day(over[1]) < dated else "today is"
        yield f"its consent ended on {over[1]}, and {when} later"


def check(project: Project, today: dt.date) -> list[Problem]:
    """Every consent finding: refusals (errors, in the briefs' files) and missing or ending
    consents (warnings, in data/quotes.yaml)."""
    problems = list(_refused(project, today))
    warn = project.config.checks.consent_warning_days
    for quote in project.quotes.values():
        if quote.kind == "testimony":
            problems.extend(_missing_or_ending(project, quote, today, warn))
    return problems


def _refused(project: Project, today: dt.date) -> Iterator[Problem]:
    every = {kind: set(entries) for kind, entries in project.entries().items()}
    for brief_id, brief in project.briefs.items():
        origin = project.origins[("briefs", brief_id)]
        public = project.config.is_public(brief.audience)
        for b, block in enumerate(brief.blocks):
            for named in block.named(every):
                quote = project.quotes.get(named.id) if named.kind == "quotes" else None
                if quote is None or quote.kind != "testimony" or quote.consent is None:
                    continue
                loc = ("blocks", b, *named.loc)
                for rule in refusals(quote.consent, brief, public, today):
                    yield Problem(
                        origin.file,
                        origin.line(loc),
                        keypath("", loc),
                        f"prints testimony '{quote.id}', but {rule}: take it out of this "
                        f"brief, or record the new consent its giver signs in "
                        f"data/quotes.yaml (quotes.{quote.id}.consent)",
                    )


def _missing_or_ending(
    project: Project, quote: Quote, today: dt.date, warn: int
) -> Iterator[Problem]:
    origin = project.origins[("quotes", quote.id)]
    consent = quote.consent
    if consent is None:
        yield Problem(
            origin.file,
            origin.line(("id",)),
            f"quotes.{quote.id}",
            "a testimony without `consent:`: record what its giver agreed to (audiences, "
            "public, languages, until, reference) before a brief prints it",
            "warning",
        )
        return
    if ended(consent, today):
        return  # the briefs that print it are refused
    for name in ("withdrawn", "until"):
        value = getattr(consent, name)
        if value is None:
            continue
        end = fmt.first_day(value) if name == "withdrawn" else last_day(value)
        days = (end - today).days
        if 0 <= days <= warn:
            yield Problem(
                origin.file,
                origin.line(("consent", name)),
                f"quotes.{quote.id}.consent.{name}",
                f"the consent for this testimony ends on {value}, in {days} days: briefs "
                "cannot print it after that; ask its giver to renew it, or plan to take it out",
                "warning",
            )

"""Consistency checks of the numbers: conflicting claims, derived figures, figures typed in
prose, lost qualifiers, provenance and staleness. Run by `check` and `build` after validation;
each finding is a Problem at the line it concerns, saying what to do."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import clock, consent, markup
from . import format as fmt
from .errors import Problem, Severity
from .load import CONFIG_FILE, Key, keypath
from .model import Chart, FiguresBlock, SourcesBlock, Statistic
from .plan import prose_of, prose_refs, uses
from .project import Origin, Project
from .translations import catalogs
from .validate import Validation

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|"
    "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# A number standing on its own: not part of a name or compound (COVID-19, CC1, 30-year-old).
_NUMBER = re.compile(r"(?<![\w\-/.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w\-/]|[.,]\d)")
_DAY_MONTH = re.compile(rf"^\s+({_MONTHS})\b", re.I)
_MONTH_DAY = re.compile(rf"\b({_MONTHS})\s+$", re.I)
_LIST_NUMBER = re.compile(r"^\s*\(?\d{1,2}[.)]\s")
_QUALIFIER_WORDS = re.compile(
    r"\b(over|more than|at least|about|under|fewer than|at most|up to|as many as|nearly|almost|"
    r"around|approximately|roughly|some|exactly|just)\s*$",
    re.I,
)
# Words typed before a figure, as the qualifier that says the same (others say it's exact).
_SAME_AS = dict.fromkeys(("around", "approximately", "roughly", "some"), "about")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass
class _Findings:
    project: Project
    problems: list[Problem]
    briefs: dict[str, Any]  # the briefs checked: not those known as they were (incremental.py)

    def add(
        self,
        severity: Severity,
        origin: Origin,
        loc: tuple[Any, ...],
        key: str,
        message: str,
        needle: str | None = None,
    ) -> None:
        line = origin.line(loc)
        if needle:
            line = _line_of(origin, line, needle)
        self.problems.append(Problem(origin.file, line, key, message, severity))


def _line_of(origin: Origin, start: int, needle: str) -> int:
    """The line, at or after `start`, where `needle` is written (else `start`)."""
    lines = origin.doc.text.splitlines()
    pattern = re.compile(rf"(?<![\w,.]){re.escape(needle)}(?![\w,])")
    for number in range(start, min(len(lines), start + 200) + 1):
        if pattern.search(lines[number - 1]):
            return number
    return start


def check(validation: Validation) -> Validation:
    """Stage 3, check the numbers and consent over the briefs that validated (those known
    current aside: incremental.py); ProjectError for errors outside the briefs' own files."""
    checked = validation.adding(run(validation.project, validation.current))
    for brief_id, problems in validation.failed.items():
        checked.failed[brief_id] = [*problems, *checked.failed.get(brief_id, [])]
    return checked


def run(project: Project, current: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    """Every finding of the consistency checks; the briefs in `current` (incremental.py) aside."""
    found = _Findings(project, [], {k: b for k, b in project.briefs.items() if k not in current})
    _derivations(found)
    _conflicts(found)
    _prose(found)
    _provenance(found)
    _sources_listed(found)
    return found.problems + consent.check(project, clock.today())


# --- derived figures ------------------------------------------------------------------------


def _derivations(found: _Findings) -> None:
    project = found.project
    for stat in project.statistics.values():
        if stat.derived is None:
            continue
        origin = project.origins[("statistics", stat.id)]
        key = f"statistics.{stat.id}.derived"
        loc = ("derived",)
        given = {
            name: getattr(stat.derived, name)
            for name in ("growth", "ratio", "share")
            if getattr(stat.derived, name) is not None
        }
        if len(given) != 1:
            found.add("error", origin, loc, key, "give exactly one of growth, ratio or share")
            continue
        ((kind, parts),) = given.items()
        ids = [parts] if isinstance(parts, str) else list(parts)
        unknown = [i for i in ids if i not in project.statistics]
        if unknown:
            found.add(
                "error",
                origin,
                loc,
                key,
                f"unknown statistic '{unknown[0]}' "
                f"(known: {', '.join(sorted(project.statistics))})",
            )
            continue
        recomputed = _recompute(kind, [project.statistics[i] for i in ids])
        if isinstance(recomputed, str):
            found.add("error", origin, loc, key, recomputed)
        elif not _agrees(stat, recomputed, project.config.checks.tolerance):
            shown = fmt.axis_value(round(recomputed, 2), stat.unit)
            found.add(
                "error",
                origin,
                ("value",),
                f"statistics.{stat.id}.value",
                f"states {fmt.prose([stat])}, but its parts ({', '.join(ids)}) give "
                f"{shown}: correct the value or its parts",
            )


def _recompute(kind: str, parts: list[Statistic]) -> float | str:
    """The figure recomputed from its parts, or why it cannot be."""
    ranges = [p.id for p in parts if isinstance(p.value, tuple)]
    if ranges:
        return f"'{ranges[0]}' is a range: a figure is recomputed from single figures only"
    if kind == "growth" and len(parts) == 1:
        series = parts[0].series or []
        if len(series) < 2:
            return f"growth over '{parts[0].id}' needs its `series:` with two points or more"
        first, last = (
            p.value if p.value is not None else parts[0].bounds[0] for p in (series[0], series[-1])
        )
        start, end = first, last
    elif len(parts) == 2:
        start, end = parts[0].bounds[0], parts[1].bounds[0]
    else:
        return f"{kind} needs two statistics: [{'from, to' if kind == 'growth' else 'part, whole'}]"
    if kind == "growth":
        return (end / start - 1) * 100 if start else float("inf")
    if kind == "ratio":
        return start / end if end else float("inf")
    return start / end * 100 if end else float("inf")


def _agrees(stat: Statistic, recomputed: float, tolerance: float) -> bool:
    """Whether a recomputed figure fits the stated one (or range), rounding and qualifier."""
    low, value = stat.bounds
    text = f"{value:g}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    rounding = 0.5 * 10**-decimals
    near = max(rounding, tolerance * abs(value))
    if low != value:  # a range: anywhere in it, 'about' widening it by the tolerance
        slack = near if stat.qualifier == "about" else rounding
        return low - slack <= recomputed <= value + slack
    if stat.qualifier in ("over", "more than"):
        return recomputed > value - rounding
    if stat.qualifier == "at least":
        return recomputed >= value - rounding
    if stat.qualifier in ("under", "fewer than"):
        return recomputed < value + rounding
    if stat.qualifier in ("up to", "as many as", "at most"):
        return recomputed <= value + rounding
    if stat.qualifier in ("nearly", "almost"):
        return value - near <= recomputed < value + rounding
    if stat.qualifier == "about":
        return abs(recomputed - value) <= near
    return abs(recomputed - value) <= rounding + 1e-9


# --- conflicting claims ---------------------------------------------------------------------


def disagreements(project: Project) -> dict[tuple[str, ...], list[Statistic]]:
    """Claims about each quantity and scope, in one unit, that disagree beyond the tolerance
    (two or more)."""
    if "claims" not in project.cache:
        project.cache["claims"] = _disagreeing(project)
    return project.cache["claims"]


def _disagreeing(project: Project) -> dict[tuple[str, ...], list[Statistic]]:
    groups: dict[tuple[str, ...], list[Statistic]] = {}
    for stat in (s for s in project.statistics.values() if s.quantity):
        # claims of different scope, or in different units, count different things
        key = (stat.quantity, stat.scope or "", stat.unit, stat.currency or "")
        groups.setdefault(key, []).append(stat)
    tolerance = project.config.checks.tolerance
    return {
        key: claims
        for key, claims in groups.items()
        if len(claims) > 1 and _gap(claims) > tolerance
    }


def _gap(claims: list[Statistic]) -> float:
    """How far apart claims are, relative to the largest value: 0 when their values (or
    ranges) overlap."""
    top = max(abs(v) for c in claims for v in c.bounds)
    apart = max(c.bounds[0] for c in claims) - min(c.bounds[1] for c in claims)
    return max(apart, 0) / top if top else 0.0


def _conflicts(found: _Findings) -> None:
    project = found.project
    tolerance = project.config.checks.tolerance
    for claims in disagreements(project).values():
        if any(c.reconciled for c in claims):
            continue
        first = claims[0]
        for other in claims[1:]:
            gap = _gap([first, other])
            if gap <= tolerance:
                continue
            found.add(
                "warning",
                project.origins[("statistics", other.id)],
                ("value",),
                f"statistics.{other.id}",
                f"{fmt.prose([other])} ({_publisher(project, other)}) disagrees with "
                f"{first.id}, {fmt.prose([first])} ({_publisher(project, first)}), by "
                f"{gap:.0%}, beyond the {tolerance:.0%} tolerance: print them together "
                f"({{stat:{','.join(c.id for c in claims)}}}) and say how with `reconciled:`",
            )


def _publisher(project: Project, stat: Statistic) -> str:
    source = project.sources.get(stat.source)
    return source.publisher if source else stat.source


def _alone(found: _Findings, fields: list[tuple[Key, str, set[str]]], origin: Origin) -> None:
    """Warn where a claim is printed without the claims that contradict it: `fields` are
    what one block (or one entry) prints, (location, key, statistics) each; claims printed
    anywhere in it are printed together. `reconciled:` says how they are reported."""
    printed = set().union(*(ids for _loc, _key, ids in fields))
    for claims in disagreements(found.project).values():
        ids = {c.id for c in claims}
        shown = ids & printed
        if not shown or shown == ids or any(c.reconciled for c in claims):
            continue
        loc, key = next((loc, key) for loc, key, field in fields if field & shown)
        missing = sorted(ids - shown)
        others = ", ".join(
            f"{i} ({_publisher(found.project, found.project.statistics[i])}: "
            f"{fmt.prose([found.project.statistics[i]])})"
            for i in missing
        )
        found.add(
            "warning",
            origin,
            loc,
            key,
            f"prints {', '.join(sorted(shown))} without {others}, which disagrees: "
            f"print {{stat:{','.join(c.id for c in claims)}}} instead, or say how the briefs "
            "report them with `reconciled:`",
        )


# --- prose: figures typed by hand, lost qualifiers, lone claims -----------------------------


def _prose_fields(project: Project, briefs: dict[str, Any]) -> Iterator[tuple[Any, Origin, str]]:
    """Every entry whose prose is printed, and `briefs`, with where each was written."""
    yield project.config, project.origins[("config", CONFIG_FILE)], ""
    for kind in ("statistics", "recommendations", "quotes", "charts", "briefs"):
        for entry_id, entry in (briefs if kind == "briefs" else getattr(project, kind)).items():
            label = "" if kind == "briefs" else f"{kind}.{entry_id}"
            yield entry, project.origins[(kind, entry_id)], label


def _prose(found: _Findings) -> None:
    project = found.project
    for obj, origin, label in _prose_fields(project, found.briefs):
        # what each block of a brief, or each entry, prints: claims in it are together
        groups: dict[Key, list[tuple[Key, str, set[str]]]] = {}
        for loc, text in prose_of(project, obj):
            key = keypath(label, loc)
            printed: set[str] = set()
            root = text.root
            for lang, variant in root.items() if isinstance(root, dict) else [("", root)]:
                printed.update(
                    i for r in markup.references(variant) if r.kind == "stat" for i in r.ids
                )
                start = len(found.problems)
                for paragraph in markup.paragraphs(variant):
                    _numbers(found, markup.parse(paragraph), origin, loc, key)
                catalogs.relocate(project, lang, origin.file, key, found.problems, start)
            group = tuple(loc[:2]) if loc and loc[0] == "blocks" else ()
            groups.setdefault(group, []).append((loc, key, printed))
        if isinstance(obj, Chart):
            groups.setdefault((), []).append(((), label, set(obj.drawn)))
        for b, block in enumerate(getattr(obj, "blocks", [])):
            if isinstance(block, FiguresBlock):
                for i, item in enumerate(block.items):
                    where = ("blocks", b, "items", i)
                    groups.setdefault(where[:2], []).append(
                        (where, keypath("", where), set(item.ids))
                    )
        for fields in groups.values():
            _alone(found, fields, origin)


def _numbers(
    found: _Findings, nodes: tuple[markup.Node, ...], origin: Origin, loc: tuple[Any, ...], key: str
) -> None:
    flat = list(markup.flat(nodes))
    for index, node in enumerate(flat):
        if isinstance(node, markup.Ref):
            _typed_qualifier(found, flat, index, node, origin, loc, key)
            continue
        for match in _NUMBER.finditer(node.text):
            if _is_date_or_numbering(node.text, match, first=index == 0):
                continue
            _typed_number(found, node.text, match, origin, loc, key)


def _is_date_or_numbering(text: str, match: re.Match[str], first: bool) -> bool:
    # in any script's digits (២០១៧ is a year too)
    number = "".join(str(unicodedata.decimal(c, c)) for c in match.group(0))
    if re.fullmatch(r"1[89]\d\d|20\d\d", number):
        return True  # a year
    if len(number) > 1 and number.startswith("0"):
        return True  # a code or a number in a series (007), not a quantity
    if _DAY_MONTH.match(text[match.end() :]) or _MONTH_DAY.search(text[: match.start()]):
        return True  # 13 May, May 13
    return first and match.start() <= 2 and bool(_LIST_NUMBER.match(text))


def _typed_number(
    found: _Findings,
    text: str,
    match: re.Match[str],
    origin: Origin,
    loc: tuple[Any, ...],
    key: str,
) -> None:
    number = match.group(0)
    after = text[match.end() :]
    unit = (
        "percent"
        if after.startswith("%")
        else ("ratio" if re.match(r"\s*(×|times\b)", after) else "count")
    )
    value = float(number.replace(",", ""))
    same = [s for s in found.project.statistics.values() if value in s.bounds and s.unit == unit]
    qualified = [s for s in same if s.qualifier]
    before = text[: match.start()]
    if qualified and not before.rstrip().lower().endswith(qualified[0].qualifier or ""):
        stat = qualified[0]
        found.add(
            "warning",
            origin,
            loc,
            key,
            f"'{number}' is printed without '{stat.qualifier}', but statistics.{stat.id} "
            f"says {fmt.prose([stat])}: write {{stat:{stat.id}}} instead",
            number,
        )
        return
    hint = (
        f"{{stat:{same[0].id}}}"
        if same
        else "{stat:ID} (add the figure, with its source, to data/statistics.yaml)"
    )
    found.add(
        "warning",
        origin,
        loc,
        key,
        f"the figure '{number}' is typed in the text: refer to it as {hint}, so that it is "
        "cited and kept up to date",
        number,
    )


def _typed_qualifier(
    found: _Findings,
    flat: list[markup.Node],
    index: int,
    ref: markup.Ref,
    origin: Origin,
    loc: tuple[Any, ...],
    key: str,
) -> None:
    if ref.kind != "stat" or index == 0 or not isinstance(flat[index - 1], markup.Literal):
        return
    typed = _QUALIFIER_WORDS.search(flat[index - 1].text)
    stats = [found.project.statistics[i] for i in ref.ids if i in found.project.statistics]
    if typed is None or not stats:
        return
    word = typed.group(1)
    written = f"{{stat:{','.join(ref.ids)}}}"
    hedged = [s for s in stats if s.qualifier]
    if hedged:  # the figure prints a qualifier of its own
        message = (
            f"'{word}' is typed before {written}, which prints its own qualifier "
            f"('{hedged[0].qualifier}'): delete '{word}'"
        )
    elif word.lower() in ("exactly", "just"):
        return  # the statistic is exact: nothing is lost where it prints alone
    else:
        qualifier = _SAME_AS.get(word.lower(), word.lower())
        names = ", ".join(f"statistics.{s.id}" for s in stats)
        message = (
            f"'{word}' is typed before {written}, but {names} has no qualifier, so other "
            f"places print the figure as exact: give the statistic `qualifier: {qualifier}` "
            f"so every place prints it, and delete '{word}' here"
        )
    found.add("warning", origin, loc, key, message, f"{word} {written[:-1]}")


# --- provenance and age ---------------------------------------------------------------------


def _provenance(found: _Findings) -> None:
    project = found.project
    cited = {s.source for s in project.statistics.values()}
    cited |= {q.source for q in project.quotes.values()}
    cited |= {s for r in project.recommendations.values() for s in r.sources}
    if project.config.campaign.report:
        cited.add(project.config.campaign.report)
    for obj, _origin, _label in _prose_fields(project, project.briefs):
        if cited.issuperset(project.sources):
            break  # each is cited: no need to read more prose
        cited |= prose_refs(project, obj)[1]  # {cite:...} in prose
    for source_id in project.sources:
        if source_id not in cited:
            found.add(
                "warning",
                project.origins[("sources", source_id)],
                ("id",),
                f"sources.{source_id}",
                "no statistic, quote, recommendation or text "
                "cites this source: cite it or remove it",
            )
    stale = project.config.checks.stale_after_years
    for brief_id, brief in found.briefs.items():
        when = fmt.first_day(brief.date)
        used = uses(project, brief_id)
        for source_id in sorted(used.sources):
            source = project.sources[source_id]
            if fmt.first_day(source.date) > when:
                found.add(
                    "error",
                    project.origins[("sources", source_id)],
                    ("date",),
                    f"sources.{source_id}.date",
                    f"{fmt.date(source.date)} is after the date of brief '{brief_id}' "
                    f"({fmt.date(brief.date)}), which cites it: correct either date",
                )
        for stat_id in sorted(used.statistics):
            stat = project.statistics[stat_id]
            years = _YEAR.findall(stat.as_of) or [project.sources[stat.source].date[:4]]
            age = when.year - int(years[-1])
            if age > stale:
                found.add(
                    "warning",
                    project.origins[("statistics", stat_id)],
                    ("as_of",),
                    f"statistics.{stat_id}.as_of",
                    f"{stat.as_of} is {age} years before brief '{brief_id}' "
                    f"({fmt.date(brief.date)}): find newer figures, or raise "
                    "`checks: stale_after_years:` in briefgen.yaml",
                )


def _sources_listed(found: _Findings) -> None:
    """A brief that cites sources lists them: its citation marks link to that list."""
    project = found.project
    for brief_id, brief in found.briefs.items():
        if uses(project, brief_id).sources and not any(
            isinstance(b, SourcesBlock) for b in brief.blocks
        ):
            found.add(
                "error",
                project.origins[("briefs", brief_id)],
                ("blocks",),
                "blocks",
                "the brief cites sources but has no sources block, which its citations link "
                "to: add `- type: sources` (e.g. at the end, with `heading: Sources`)",
            )

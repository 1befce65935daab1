"""Stage 2, validate: type every file, resolve every cross-reference, collect every problem."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import markup
from .errors import Problem, ProjectError
from .load import CONFIG_FILE, ENTRY_KINDS, Document, Key, RawProject, keypath
from .model import (
    DATA_MODELS,
    BlockType,
    Brief,
    Campaign,
    ChartBlock,
    Config,
    FiguresBlock,
    Organisation,
    QuotesBlock,
    RecommendationsBlock,
    Text,
    is_id,
    texts,
    variants,
)
from .plan import prose_of, recommendation_ids, uses
from .project import Origin, Project

_IMAGE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg"}


class _Collector:
    """Gathers problems from every file so they are all reported at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.unreadable: set[str] = set()  # kinds whose file could not be read: ids unknown
        self.invalid: set[tuple[str, str]] = set()  # (kind, id) of entries already reported

    def error(self, origin: Origin, loc: Key, label: str, message: str) -> None:
        self.problems.append(Problem(origin.file, origin.line(loc), label, message))

    def unknown(
        self, origin: Origin, loc: Key, label: str, kind: str, value: str, known: Iterable[str]
    ) -> None:
        """Report a reference to an id that does not exist, suggesting the nearest."""
        if kind in self.unreadable or (kind, value) in self.invalid:
            return  # its file or its entry has an error of its own, reported already
        known = sorted(known)
        close = difflib.get_close_matches(value, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        listing = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "") or "none"
        self.error(origin, loc, label, f"unknown {kind} '{value}'{hint} (known: {listing})")

    def typed(self, model: type[BaseModel], origin: Origin, label: str, data: Any) -> Any:
        """Validate `data` against `model`, recording one problem per wrong field."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            seen: set[tuple[int, str]] = set()
            for err in exc.errors(include_url=False):
                loc = _real_loc(data, err["loc"])
                line = origin.line(loc)
                key = keypath(label, loc)
                if (line, key) in seen:
                    continue  # a union reports each alternative; one message is enough
                seen.add((line, key))
                self.problems.append(Problem(origin.file, line, key, _message(err)))
            return None


def _real_loc(data: Any, loc: tuple[Any, ...]) -> Key:
    """The part of a pydantic error location that names keys really in the data.

    Union members and tags ('summary', 'str') are dropped; a missing field's name is kept.
    """
    out: list[Any] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and part < len(node)
        ):
            node = node[part]
            out.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and part == loc[-1]:
            out.append(part)
            break
    return tuple(out)


def _message(err: Any) -> str:
    kind, given = err["type"], err.get("input")
    field = err["loc"][-1] if err["loc"] else ""
    if kind == "missing":
        return f"missing required field '{field}'; add it"
    if kind == "extra_forbidden":
        return f"unknown field '{field}'; check its spelling (`briefgen schema` lists the fields)"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind in ("float_parsing", "float_type"):
        return f"'{given}' is not a number; write digits only, without separators (e.g. 38000)"
    if kind == "literal_error":
        return f"'{given}' is not allowed here; {err['msg'][0].lower()}{err['msg'][1:]}"
    if kind == "union_tag_invalid":
        return f"unknown block type '{err['ctx']['tag']}'; use one of {err['ctx']['expected_tags']}"
    if kind == "union_tag_not_found":
        return "missing 'type'; every block starts with e.g. `- type: summary`"
    if kind in ("string_type", "str_type"):
        return "expected text here; put it in quotes if it looks like a number or date"
    if kind == "too_short":
        return "must not be empty; add at least one item"
    if kind == "list_type":
        return "expected a list here (lines starting with '- ')"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "expected a group of fields here (key: value lines)"
    if kind == "bool_type" or kind == "bool_parsing":
        return f"'{given}' is not yes/no; write true or false"
    return err["msg"]


def _entries(doc: Document, name: str, collector: _Collector) -> list[tuple[int, Any]]:
    """The raw entries of a data file: `NAME:` followed by a list."""
    origin = Origin(doc, ())
    if doc.data is None:
        return []
    if not isinstance(doc.data, dict) or name not in doc.data:
        collector.error(origin, (), "", f"expected a top-level '{name}:' key with a list under it")
        return []
    for key in doc.data:
        if key != name:
            collector.error(
                origin,
                (key,),
                str(key),
                f"unknown top-level key; only '{name}:' belongs in this file",
            )
    items = doc.data[name]
    if items is None:
        return []
    if not isinstance(items, list):
        collector.error(
            origin, (name,), name, "expected a list of entries, each starting with '- id:'"
        )
        return []
    return list(enumerate(items))


def _inside(root: Path, rel: str) -> Path | None:
    path = (root / rel).resolve()
    return path if path.is_relative_to(root.resolve()) else None


def _check_files(project: Project, origin: Origin, collector: _Collector) -> None:
    branding = project.config.branding
    if branding.logo is not None:
        loc = ("branding", "logo")
        path = _inside(project.root, branding.logo)
        if path is None:
            collector.error(
                origin,
                loc,
                "branding.logo",
                f"'{branding.logo}' is outside the project; put the logo under assets/",
            )
        elif not path.is_file():
            collector.error(
                origin,
                loc,
                "branding.logo",
                f"'{branding.logo}' not found; check the path (relative to the project)",
            )
        elif path.suffix.lower() not in _IMAGE_SUFFIXES:
            collector.error(
                origin, loc, "branding.logo", f"'{branding.logo}' is not an SVG, PNG or JPEG image"
            )
    fonts: list[tuple[Key, str]] = [
        (("branding", "fonts", name), getattr(branding.fonts, name))
        for name in type(branding.fonts).model_fields
    ]
    for lang, settings in project.config.languages.items():
        if settings.fonts is not None:
            fonts += [
                (("languages", lang, "fonts", name), getattr(settings.fonts, name))
                for name in type(settings.fonts).model_fields
                if getattr(settings.fonts, name) is not None
            ]
    for loc, rel in fonts:
        path = _inside(project.root, rel)
        if path is None or not path.is_file():
            collector.error(
                origin,
                loc,
                keypath("", loc),
                f"font file '{rel}' not found in "
                "the project; put TrueType (.ttf) fonts under assets/fonts/",
            )


def _check_prose(
    project: Project, obj: Any, origin: Origin, label: str, collector: _Collector
) -> None:
    """Every {stat:...} and {cite:...} in the prose of `obj` names something that exists."""
    for loc, text in texts(obj):
        key = keypath(label, loc)
        for variant in variants(text):
            for ref in markup.references(variant):
                if not ref.ids:
                    collector.error(
                        origin,
                        loc,
                        key,
                        f"empty reference {{{ref.kind}:}}; write {{{ref.kind}:ID}}",
                    )
                known = project.statistics if ref.kind == "stat" else project.sources
                kind = "statistic" if ref.kind == "stat" else "source"
                for ref_id in ref.ids:
                    if ref_id not in known:
                        collector.unknown(origin, loc, key, kind, ref_id, known)
                if ref.kind == "stat":
                    _check_range(project, ref.ids, origin, loc, key, collector)


def _check_range(
    project: Project, ids: Iterable[str], origin: Origin, loc: Key, key: str, collector: _Collector
) -> None:
    """Several statistics printed as one range must be claims about one quantity."""
    stats = [project.statistics[i] for i in ids if i in project.statistics]
    if len(stats) < 2:
        return
    quantities = {s.quantity for s in stats}
    if None in quantities or len(quantities) > 1 or len({s.unit for s in stats}) > 1:
        collector.error(
            origin,
            loc,
            key,
            "a range joins claims about one quantity: give "
            f"{', '.join(s.id for s in stats)} the same `quantity:` and unit",
        )


def _index(
    name: str, doc: Document, collector: _Collector, origins: dict[tuple[str, str], Origin]
) -> dict[str, Any]:
    model = DATA_MODELS[name]
    found: dict[str, Any] = {}
    for index, raw in _entries(doc, name, collector):
        origin = Origin(doc, (name, index))
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        label = f"{name}.{raw_id}" if isinstance(raw_id, str) else keypath(name, (index,))
        entry = collector.typed(model, origin, label, raw)
        if entry is None:
            if isinstance(raw_id, str):
                collector.invalid.add((ENTRY_KINDS[name], raw_id))
            continue
        if entry.id in found:
            first = origins[(name, entry.id)]
            collector.error(
                origin,
                ("id",),
                label,
                f"duplicate id '{entry.id}' (first defined "
                f"at line {first.line()}); give each entry its own id",
            )
            continue
        found[entry.id] = entry
        origins[(name, entry.id)] = origin
    return found


@dataclass
class Validation:
    """A checked project: the briefs that can be built, and those that cannot."""

    project: Project
    warnings: list[Problem]
    failed: dict[str, list[Problem]]  # errors confined to one brief's own file, by brief

    def project_and_warnings(self) -> tuple[Project, list[Problem]]:
        """The project and its warnings; ProjectError, listing every error, if a brief has any."""
        if self.failed:
            raise ProjectError([p for ps in self.failed.values() for p in ps] + self.warnings)
        return self.project, self.warnings


def validate(raw: RawProject) -> Validation:
    """Type and cross-check a loaded project.

    Errors in data files or briefgen.yaml raise ProjectError listing every error; errors
    confined to a brief's own file only take that brief out (see Validation.failed).
    """
    problems = list(raw.problems)
    collector = _Collector(problems)
    origins: dict[tuple[str, str], Origin] = {}
    config = None
    if raw.config is not None and raw.config.data is not None:
        config = collector.typed(Config, Origin(raw.config, ()), "", raw.config.data)
    elif raw.config is not None:
        collector.error(
            Origin(raw.config, ()), (), "", "empty; it needs organisation: and campaign:"
        )
    tables = {name: _index(name, raw.data[name], collector, origins) for name in DATA_MODELS}
    briefs: dict[str, Brief] = {}
    salvaged: list[tuple[Origin, str | None, list[tuple[int, Any]]]] = []
    for brief_id, doc in raw.briefs.items():
        origin = Origin(doc, ())
        if not is_id(brief_id):
            collector.error(
                origin,
                (),
                "",
                f"file name '{brief_id}' is not a valid brief id: use "
                "lower-case letters, digits, '_' or '-'",
            )
            continue
        if not isinstance(doc.data, dict):
            if doc.data is not None or not any(p.file == doc.path for p in problems):
                collector.error(
                    origin, (), "", "a brief is a group of fields (audience:, title:, blocks: ...)"
                )
            continue
        brief = collector.typed(Brief, origin, "", doc.data)
        if brief is not None:
            briefs[brief_id] = brief
            origins[("briefs", brief_id)] = origin
        else:
            salvaged.append((origin, *_salvage(doc.data)))
    if not raw.briefs and config is not None:
        problems.append(
            Problem(
                "briefs/", 0, "", "no briefs found; add one YAML file per audience under briefs/"
            )
        )
    collector.unreadable = {ENTRY_KINDS[name] for name, doc in raw.data.items() if doc.unreadable}
    # Without a valid briefgen.yaml the data is still cross-checked, against a stand-in.
    stand_in = Config(organisation=Organisation(name=""), campaign=Campaign(title=Text("")))
    config_doc = raw.config or Document(CONFIG_FILE, None)
    origins[("config", CONFIG_FILE)] = Origin(config_doc, ())
    project = Project(
        raw.root,
        config or stand_in,
        tables["sources"],
        tables["statistics"],
        tables["recommendations"],
        tables["quotes"],
        tables["charts"],
        briefs,
        origins,
    )
    _cross_check(project, Origin(config_doc, ()), collector, config is not None)
    for origin, audience, blocks in salvaged:
        for b, block in blocks:
            where = ("blocks", b)
            _check_prose(project, block, Origin(origin.doc, where), keypath("", where), collector)
        _check_blocks(project, audience, blocks, origin, collector)
    if config is not None and not any(p.severity == "error" for p in problems):
        from .checks import run

        problems += run(project)  # the numbers' consistency, once the references hold
    errors = [p for p in problems if p.severity == "error"]
    brief_files = {doc.path: brief_id for brief_id, doc in raw.briefs.items()}
    if any(p.file not in brief_files for p in errors):
        raise ProjectError(problems)
    failed: dict[str, list[Problem]] = {}
    for problem in errors:
        failed.setdefault(brief_files[problem.file], []).append(problem)
    for brief_id in failed:
        project.briefs.pop(brief_id, None)
    return Validation(project, sorted(p for p in problems if p.severity == "warning"), failed)


def _cross_check(
    project: Project, config_origin: Origin, collector: _Collector, config_valid: bool
) -> None:
    if config_valid:
        _check_files(project, config_origin, collector)
        report = project.config.campaign.report
        if report is not None and report not in project.sources:
            collector.unknown(
                config_origin,
                ("campaign", "report"),
                "campaign.report",
                "source",
                report,
                project.sources,
            )
        _check_prose(project, project.config, config_origin, "", collector)
    for stat in project.statistics.values():
        origin = project.origins[("statistics", stat.id)]
        label = f"statistics.{stat.id}"
        if stat.source not in project.sources:
            collector.unknown(
                origin, ("source",), f"{label}.source", "source", stat.source, project.sources
            )
        _check_prose(project, stat, origin, label, collector)
    for rec in project.recommendations.values():
        origin = project.origins[("recommendations", rec.id)]
        label = f"recommendations.{rec.id}"
        for i, source in enumerate(rec.sources):
            if source not in project.sources:
                collector.unknown(
                    origin, ("sources", i), f"{label}.sources", "source", source, project.sources
                )
        _check_prose(project, rec, origin, label, collector)
    for quote in project.quotes.values():
        origin = project.origins[("quotes", quote.id)]
        if quote.source not in project.sources:
            collector.unknown(
                origin,
                ("source",),
                f"quotes.{quote.id}.source",
                "source",
                quote.source,
                project.sources,
            )
        _check_prose(project, quote, origin, f"quotes.{quote.id}", collector)
    for chart in project.charts.values():
        _check_chart(project, chart.id, collector)
    outputs: dict[str, str] = {}
    for brief_id in project.briefs:
        _check_brief(project, brief_id, collector)
        name = project.output_name(brief_id)
        origin = project.origins[("briefs", brief_id)]
        if "/" in name or "\\" in name or not name.endswith(".pdf"):
            collector.error(
                origin,
                ("output",),
                "output",
                f"'{name}' must be a file name ending in .pdf (the folder is set in briefgen.yaml)",
            )
        elif name in outputs:
            collector.error(
                origin,
                ("output",),
                "output",
                f"'{name}' is also written by brief "
                f"'{outputs[name]}'; give each brief its own output file",
            )
        outputs[name] = brief_id


def _check_chart(project: Project, chart_id: str, collector: _Collector) -> None:
    chart = project.charts[chart_id]
    origin = project.origins[("charts", chart_id)]
    label = f"charts.{chart_id}"
    _check_prose(project, chart, origin, label, collector)
    if (chart.series is None) == (chart.statistics is None):
        collector.error(
            origin,
            (),
            label,
            "give either `series:` (one statistic's time series) "
            "or `statistics:` (one bar per statistic), not both or neither",
        )
        return
    if chart.series is not None:
        stat = project.statistics.get(chart.series)
        if stat is None:
            collector.unknown(
                origin,
                ("series",),
                f"{label}.series",
                "statistic",
                chart.series,
                project.statistics,
            )
        elif not stat.series:
            collector.error(
                origin,
                ("series",),
                f"{label}.series",
                f"statistic '{stat.id}' has "
                "no `series:`; add its points in data/statistics.yaml or use "
                "`statistics:`",
            )
        return
    assert chart.statistics is not None
    if chart.kind == "line":
        collector.error(
            origin,
            ("kind",),
            f"{label}.kind",
            "a line chart draws a `series:`; use kind bar or hbar for a list of statistics",
        )
    units = set()
    for i, stat_id in enumerate(chart.statistics):
        if stat_id not in project.statistics:
            collector.unknown(
                origin,
                ("statistics", i),
                f"{label}.statistics",
                "statistic",
                stat_id,
                project.statistics,
            )
        else:
            units.add(project.statistics[stat_id].unit)
    if len(units) > 1:
        collector.error(
            origin,
            ("statistics",),
            f"{label}.statistics",
            f"the statistics of one chart must share a unit (found {', '.join(sorted(units))})",
        )
    if chart.labels is not None and len(chart.labels) != len(chart.statistics):
        collector.error(
            origin,
            ("labels",),
            f"{label}.labels",
            f"{len(chart.labels)} labels for "
            f"{len(chart.statistics)} statistics; give one label per statistic",
        )


def _check_brief(project: Project, brief_id: str, collector: _Collector) -> None:
    brief = project.briefs[brief_id]
    origin = project.origins[("briefs", brief_id)]
    _check_prose(project, brief, origin, "", collector)
    _check_blocks(project, brief.audience, list(enumerate(brief.blocks)), origin, collector)
    _check_language(project, brief_id, collector)


def _salvage(data: dict[str, Any]) -> tuple[str | None, list[tuple[int, Any]]]:
    """From a brief that failed validation, its audience and the blocks that are valid on
    their own, so that their references are checked too (every problem at once)."""
    from pydantic import TypeAdapter

    adapter = TypeAdapter(BlockType)
    blocks = []
    raw_blocks = data.get("blocks")
    for index, raw in enumerate(raw_blocks if isinstance(raw_blocks, list) else []):
        try:
            blocks.append((index, adapter.validate_python(raw)))
        except ValidationError:
            continue  # reported already, with the brief
    audience = data.get("audience")
    return (audience if isinstance(audience, str) and is_id(audience) else None), blocks


def _check_blocks(
    project: Project,
    audience: str | None,
    blocks: list[tuple[int, Any]],
    origin: Origin,
    collector: _Collector,
) -> None:
    """Every reference a brief's blocks make (charts, quotes, statistics, recommendations)."""
    for b, block in blocks:
        loc: Key = ("blocks", b)
        label = keypath("", loc)
        if isinstance(block, ChartBlock) and block.chart not in project.charts:
            collector.unknown(
                origin, (*loc, "chart"), f"{label}.chart", "chart", block.chart, project.charts
            )
        elif isinstance(block, QuotesBlock):
            for i, quote_id in enumerate(block.items):
                if quote_id not in project.quotes:
                    collector.unknown(
                        origin,
                        (*loc, "items", i),
                        f"{label}.items",
                        "quote",
                        quote_id,
                        project.quotes,
                    )
        elif isinstance(block, FiguresBlock):
            for i, item in enumerate(block.items):
                ids = item.ids
                for stat_id in ids:
                    if stat_id not in project.statistics:
                        collector.unknown(
                            origin,
                            (*loc, "items", i, "stat"),
                            f"{label}.items",
                            "statistic",
                            stat_id,
                            project.statistics,
                        )
                _check_range(project, ids, origin, (*loc, "items", i), f"{label}.items", collector)
        elif isinstance(block, RecommendationsBlock):
            _check_recommendations(project, audience, block, origin, loc, label, collector)


def _check_recommendations(
    project: Project,
    audience: str | None,
    block: RecommendationsBlock,
    origin: Origin,
    loc: Key,
    label: str,
    collector: _Collector,
) -> None:
    ask = block.ask or audience
    for i, rec_id in enumerate(recommendation_ids(project, block)):
        rec = project.recommendations.get(rec_id)
        if rec is None:
            collector.unknown(
                origin,
                (*loc, "items", i),
                f"{label}.items",
                "recommendation",
                rec_id,
                project.recommendations,
            )
        elif ask is not None and ask not in rec.asks:
            rec_origin = project.origins[("recommendations", rec_id)]
            collector.error(
                origin,
                loc,
                label,
                f"recommendation '{rec_id}' has no ask for "
                f"'{ask}'; add `asks: {ask}:` at {rec_origin.file}:"
                f"{rec_origin.line(('asks',))} or set the block's `ask:`",
            )


def _printed(project: Project, label: str, loc: tuple[str | int, ...], brief: Brief) -> bool:
    """Whether the field at `loc` of the entry `label` is printed by `brief`: of a
    recommendation, its audience's ask only, and the summary and rationale only in the full
    style; of a statistic, its series' periods only on a chart of the series."""
    if label.startswith("recommendations.") and loc[0] == "asks":
        return loc[1] == brief.audience
    if label.startswith("recommendations.") and loc[0] in ("summary", "rationale"):
        return any(isinstance(b, RecommendationsBlock) and b.style != "short" for b in brief.blocks)
    if label.startswith("statistics.") and loc[0] == "series":
        stat_id = label.split(".", 1)[1]
        return any(
            isinstance(b, ChartBlock) and project.charts[b.chart].series == stat_id
            for b in brief.blocks
            if not isinstance(b, ChartBlock) or b.chart in project.charts
        )
    return True


def _same_language(a: str, b: str) -> bool:
    return a.split("-")[0] == b.split("-")[0]


def _check_language(project: Project, brief_id: str, collector: _Collector) -> None:
    """The brief's language is set up, and every prose field it prints has a variant in it."""
    brief = project.briefs[brief_id]
    lang = brief.language
    origin = project.origins[("briefs", brief_id)]
    settings = project.config.languages.get(lang)
    if settings is None and lang.split("-")[0] != "en":
        collector.error(
            origin,
            ("language",),
            "language",
            f"briefgen.yaml has no settings for '{lang}': add `languages: {lang}: "
            "phrases:` with the words briefgen prints (see docs/fields.md)",
        )
        return  # its texts are checked once the language is set up
    if settings is not None and settings.draft:
        collector.problems.append(
            Problem(
                origin.file,
                origin.line(("language",)),
                "language",
                f"the '{lang}' texts are a draft translation awaiting review by a native speaker "
                f"(briefgen.yaml languages.{lang}.draft); once reviewed, remove `draft`",
                "warning",
            )
        )
    used = uses(project, brief_id)
    written_in = project.config.language
    # the brief's own texts are in its language and a source's title is printed as
    # published; other texts written once are in the project's language (briefgen.yaml
    # `language`), and a brief in another language needs its own variant of them
    config = (project.config, project.origins[("config", CONFIG_FILE)], "", False)
    entries: list[tuple[Any, Origin, str, bool]] = [(brief, origin, "", True), config]
    for kind in ("statistics", "sources", "recommendations", "quotes", "charts"):
        table = getattr(project, kind)
        for entry_id in sorted(getattr(used, kind)):
            if entry_id in table:
                entry_origin = project.origins[(kind, entry_id)]
                entries.append(
                    (table[entry_id], entry_origin, f"{kind}.{entry_id}", kind == "sources")
                )
    for obj, origin, label, own in entries:
        once_is_enough = own or _same_language(lang, written_in)
        for loc, text in prose_of(project, obj):
            if not _printed(project, label, loc, brief):
                continue
            if isinstance(text.root, str) and not once_is_enough:
                collector.error(
                    origin,
                    loc,
                    keypath(label, loc),
                    f"no '{lang}' text for brief '{brief_id}' (this text is written once, in "
                    f"'{written_in}'); write it as `{{{written_in}: ..., {lang}: ...}}`",
                )
            elif text.get(lang) is None:
                collector.error(
                    origin,
                    loc,
                    keypath(label, loc),
                    f"no '{lang}' text for brief '{brief_id}' "
                    f"(has: {', '.join(text.root)}); add a `{lang}:` variant",
                )

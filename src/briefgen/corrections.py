"""Correction notes (`briefgen outdated --notes DIR`): one page per recipient and outdated
copy, in the copy's language and the project's house style, saying what changed since it was
sent. A note is a brief made of existing blocks (text, facts, sources), laid out, written and
verified as every brief is; it never repeats a withdrawn testimony's words or speaker."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from pathlib import Path

from . import clock
from . import format as fmt
from .audit import FigureStatus
from .distribution import Held, entry_label
from .errors import BuildFailed, Problem, ProjectError
from .model import Block, Brief, FactsBlock, SourcesBlock, Text, TextBlock
from .model.config import CORRECTION_PHRASES, NOTE_ID, CorrectionPhrases
from .project import Artwork, Project

_MARKUP = re.compile(r"([\\*\[\]{}])")


def _literal(text: str) -> str:
    """`text` as prose that prints exactly as written (markup characters escaped)."""
    return _MARKUP.sub(r"\\\1", text)


def phrases_for(project: Project, held: Held) -> CorrectionPhrases:
    """The note's words in the copy's language; ProjectError, at the log entry, when the
    language has none."""
    lang = held.copy.language
    found = project.language(lang).phrases.correction or CORRECTION_PHRASES.get(lang)
    if found is None:
        raise ProjectError(
            [
                Problem(
                    held.origin.file,
                    held.origin.line(()),
                    entry_label(held.origin),
                    f"the copy is in '{lang}', which has no words for a correction note: set "
                    f"`languages: {lang}: phrases: correction:` in briefgen.yaml",
                )
            ],
            "no correction note was written",
        )
    return found


def alone(project: Project, held: Held, blocks: list[Block] | None = None) -> Project:
    """The project with the correction note for one copy as its only brief: `blocks`, or
    (to learn how the note prints figures) a sources list alone."""
    words = phrases_for(project, held)
    title = held.copy.title or held.delivery.brief
    brief = Brief.model_validate(
        {
            "audience": NOTE_ID,
            "label": words.label,
            "title": words.title.format(title=_literal(title)),
            "date": clock.today().isoformat(),
            "language": held.copy.language,
            "page_size": held.copy.page_size,  # the copy's; None: the project's
            "blocks": blocks or [SourcesBlock(type="sources", heading=Text(words.sources))],
        }
    )
    return dataclasses.replace(
        project,
        briefs={NOTE_ID: brief},
        origins={**project.origins, ("briefs", NOTE_ID): held.origin},
        cache={},
    )


def note(project: Project, held: Held) -> Project:
    """The project with the correction note for one outdated copy as its only brief."""
    words = phrases_for(project, held)
    lang = held.copy.language
    notation = alone(project, held).notation(NOTE_ID)
    phrases = project.language(lang).phrases
    title = held.copy.title or held.delivery.brief
    lines = []
    for figure in held.audit.outdated:
        was = _literal(fmt.prose([figure.was], notation))
        if figure.status == FigureStatus.CHANGED:
            stat = project.statistics[figure.statistic.partition("@")[0]]
            label = figure.label or stat.label.get(lang) or stat.label.get(project.config.language)
            now = f"{{stat:{figure.statistic}}}"
            lines.append(phrases.now_was.format(label=_literal(label or stat.id), now=now, was=was))
        else:  # removed: only the copy's table still knows its label
            label = _literal(figure.label or figure.statistic)
            lines.append(words.removed.format(label=label, was=was))
    for quote in held.audit.quotes:  # its page only: never its words nor its speaker
        pages = ", ".join(notation.digits(str(p)) for p in quote.pages) or "?"
        said = {"withdrawn": words.withdrawn, "expired": words.expired}
        lines.append(said.get(quote.status, words.quote_removed).format(page=pages))
    sent = words.sent.format(
        date=fmt.date(held.delivery.on, notation), title=f"*{_literal(title)}*"
    )
    blocks: list[Block] = [
        TextBlock(type="text", text=Text(sent)),
        FactsBlock(type="facts", items=[Text(line) for line in lines]),
        SourcesBlock(type="sources", heading=Text(words.sources)),
    ]
    return alone(project, held, blocks)


def write_notes(project: Project, held: list[Held], folder: Path) -> list[Path]:
    """A correction note PDF in `folder` for each outdated copy held; their paths."""
    from . import chart, fonts
    from .layout.brief import lay_out
    from .state import replacing
    from .verify import NotAccessible, verify
    from .write import write_pdf

    fonts.register(project)
    logo = project.config.branding.logo
    art = Artwork(
        logo=None
        if logo is None
        else chart.svg_file_drawing(project.path(logo))
        if logo.lower().endswith(".svg")
        else project.path(logo)
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildFailed(f"{folder}: cannot hold the notes ({exc.strerror or exc})") from exc
    written: list[Path] = []
    for item in held:
        if not item.outdated:
            continue
        noted = note(project, item)
        target = _target(folder, item, written)
        try:
            with replacing(target) as tmp:  # never a half-written note
                write_pdf(noted, lay_out(noted, NOTE_ID, art), tmp)
                if findings := verify(tmp).findings:
                    raise NotAccessible(findings)
        except NotAccessible as exc:
            raise BuildFailed(
                f"{target}: the correction note fails its accessibility check ({exc}); "
                "please report it"
            ) from exc
        except OSError as exc:
            raise BuildFailed(f"{target}: cannot be written ({exc.strerror or exc})") from exc
        written.append(target)
    return written


def _target(folder: Path, held: Held, taken: list[Path]) -> Path:
    """Where the note for a copy is written: RECIPIENT-BRIEF.pdf, numbered (-2, -3...) when
    another note has that name (the same recipient holding two versions of a brief, or two
    names alike once made file names)."""
    delivery = held.delivery
    name = "-".join(
        "".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in delivery.to).split()
    )
    target = folder / f"{name.lower() or 'recipient'}-{delivery.brief}.pdf"
    stem, number = target.stem, 2
    while target in taken:
        target, number = target.with_stem(f"{stem}-{number}"), number + 1
    return target

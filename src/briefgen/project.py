"""The validated project: typed entries indexed by id, each remembering where it was written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .format import Notation
from .load import ENTRY_KINDS, Document, Key
from .model import (
    Brief,
    Chart,
    Config,
    LanguageSettings,
    Quote,
    Recommendation,
    Source,
    Statistic,
)

if TYPE_CHECKING:
    from .translations.catalogs import Translation


@dataclass(frozen=True)
class Origin:
    """Where an entry was written: its file and its key path in that file."""

    doc: Document
    key: Key

    def line(self, loc: Key = ()) -> int:
        """Line of a field of the entry (or of the entry itself)."""
        return self.doc.line((*self.key, *loc))

    @property
    def file(self) -> str:
        return self.doc.path


@dataclass
class Project:
    """Everything a build needs, resolved and checked."""

    root: Path
    config: Config
    sources: dict[str, Source]
    statistics: dict[str, Statistic]
    recommendations: dict[str, Recommendation]
    quotes: dict[str, Quote]
    charts: dict[str, Chart]
    briefs: dict[str, Brief]
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    # The texts translated in a catalog (translations/LANG.po), by (language, key).
    catalog: dict[tuple[str, str], Translation] = field(default_factory=dict)
    # The languages whose catalog exists but cannot be read (its error says where).
    unread_catalogs: set[str] = field(default_factory=set)
    # What the planning stage works out once per project (see plan.uses and plan.prose_refs).
    cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def output_dir(self) -> Path:
        return self.root / self.config.output

    def path(self, rel: str) -> Path:
        """A path written in the project's files, relative to the project root."""
        return self.root / rel

    def entries(self) -> dict[str, dict[str, Any]]:
        """Each data file's entries by id, keyed by the file's name (statistics, charts...)."""
        return {kind: getattr(self, kind) for kind in ENTRY_KINDS}

    def output_name(self, brief_id: str) -> str:
        return self.briefs[brief_id].output or f"{brief_id}.pdf"

    def language(self, lang: str) -> LanguageSettings:
        """The settings of a language (English needs none: its words are built in)."""
        return self.config.languages.get(lang) or LanguageSettings()

    def notation(self, brief_id: str) -> Notation:
        """How a brief prints its figures: its language, digits and words for qualifiers."""
        brief = self.briefs[brief_id]
        settings = self.language(brief.language)
        phrases = settings.phrases.completed(brief.language)
        return Notation(
            brief.language,
            (brief.digits or settings.digits) == "native",
            tuple(sorted(phrases.qualifiers.items())),
            phrases.times,
            phrases.range or "",
            phrases.according_to or "",
        )


@dataclass
class Artwork:
    """The drawings a build puts in its briefs: charts by (chart id, Notation, paper
    size), and the logo
    (a vector drawing, the path of a raster image, or None)."""

    charts: dict[tuple[str, Any, str], Any] = field(default_factory=dict)
    logo: Any = None

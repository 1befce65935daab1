"""`translations status`: each language's texts, by state: translated, fuzzy (to review),
missing, reviewed; and the catalog's obsolete entries."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import UsageError
from ..project import Project
from .catalogs import path_for, read
from .review import stale_in_state


@dataclass
class LanguageStatus:
    """The texts the briefs in one language print, by the state of their translation."""

    language: str
    briefs: list[str]
    catalog: str | None  # the catalog's path, when the language has one
    draft: bool  # the whole language awaits review (briefgen.yaml languages.LANG.draft)
    in_catalog: int = 0
    inline: int = 0
    fuzzy: list[str] = field(default_factory=list)  # keys of translations to review
    missing: list[str] = field(default_factory=list)  # keys of texts with no translation
    obsolete: list[int] = field(default_factory=list)  # lines of the catalog's `#~` entries

    @property
    def texts(self) -> int:
        """How many texts the language's briefs print that need a translation."""
        return self.in_catalog + self.inline + len(self.missing)

    @property
    def reviewed(self) -> int:
        """Translations that need no review (none while the whole language is a draft)."""
        return 0 if self.draft else self.in_catalog + self.inline - len(self.fuzzy)

    @property
    def printable(self) -> bool:
        """Whether the briefs print no fuzzy and no missing translation."""
        return not self.fuzzy and not self.missing


def status(project: Project, lang: str) -> LanguageStatus:
    """The state of every text the briefs in `lang` print."""
    from ..validate.languages import printed, same_language

    briefs = [b for b, brief in project.briefs.items() if same_language(brief.language, lang)]
    if not briefs:
        known = sorted({b.language for b in project.briefs.values()})
        raise UsageError(f"no brief is in '{lang}' (briefs are in: {', '.join(known)})", "LANG")
    rel = path_for(project, lang)
    has_catalog = project.path(rel).exists()
    found = LanguageStatus(lang, briefs, rel if has_catalog else None, project.language(lang).draft)
    stale = stale_in_state(project)
    seen: set[str] = set()
    for brief_id in briefs:
        for text in printed(project, brief_id):
            if text.own or text.key in seen:
                continue
            seen.add(text.key)
            translation = project.catalog.get((lang, text.key))
            if translation is not None:
                found.in_catalog += 1
                if translation.fuzzy or translation.outdated:
                    found.fuzzy.append(text.key)
            elif isinstance(text.text.root, dict) and text.text.get(lang) is not None:
                found.inline += 1
                if (lang, text.key) in stale:
                    found.fuzzy.append(text.key)
            else:
                found.missing.append(text.key)
    if has_catalog:
        catalog = read(project.root, rel, lang, [])
        found.obsolete = sorted(m.lineno for m in catalog.obsolete.values()) if catalog else []
    return found

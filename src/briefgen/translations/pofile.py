"""Guards on a catalog's lines before Babel reads it. Babel's reader is lenient: it drops the
first character of an unquoted string, merges two entries with the same key, decodes with
whatever charset the header declares; these would reach a brief as wrong text, so each is
reported at its line instead. Babel still reads the file: this is a scan, not a parser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from babel.messages.pofile import denormalize

from ..errors import Problem

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s*(.*)")
_CHARSET = re.compile(r"charset=([^\s;]+)", re.IGNORECASE)
_UTF8 = {"utf-8", "utf8"}


@dataclass
class _Field:
    """A keyword (msgid, msgstr...) and its quoted strings, each with its line."""

    keyword: str
    line: int
    parts: list[tuple[int, str]] = field(default_factory=list)

    @property
    def value(self) -> str:
        return denormalize("\n".join(part for _, part in self.parts))


def check(rel: str, text: str, lang: str, problems: list[Problem]) -> bool:
    """Record what Babel would misread in the catalog `rel` (the file's `text`, in `lang`);
    whether it can be read (no error found)."""
    found: list[Problem] = []
    entries = _entries(_fields(rel, text, found))
    seen: dict[str, int] = {}
    for entry in entries:
        by_keyword = {f.keyword: f for f in reversed(entry)}
        msgid = by_keyword.get("msgid")
        line = msgid.line if msgid else entry[0].line
        plural = next((f for f in entry if f.keyword.startswith(("msgid_", "msgstr["))), None)
        if plural is not None:
            found.append(
                Problem(
                    rel,
                    plural.line,
                    "",
                    f"{plural.keyword}: plural forms are not used by briefgen; write the entry "
                    'as one msgid "..." and one msgstr "..."',
                )
            )
        context = by_keyword.get("msgctxt")
        if context is None:
            if msgid is not None and msgid.value == "" and "msgstr" in by_keyword:
                _header(rel, by_keyword["msgstr"], lang, found)
            continue
        key = context.value
        if key in seen:
            also = f"duplicate entry for {key} (also line {seen[key]}); keep one"
            found.append(Problem(rel, line, key, also))
        seen.setdefault(key, line)
    problems.extend(found)
    return not any(p.severity == "error" for p in found)


def _fields(rel: str, text: str, found: list[Problem]) -> list[_Field]:
    """Every keyword of the entries in use (not `#~` obsolete ones) with its strings; an
    error for each string not in double quotes."""
    fields: list[_Field] = []
    current: _Field | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            current = None
            continue
        match = _KEYWORD.fullmatch(line)
        if match is not None:
            current = _Field(match[1], number)
            fields.append(current)
            line = match[2]
        elif current is None or not line.startswith('"'):
            continue  # not a string: Babel reports what it cannot read
        if len(line) < 2 or not (line.startswith('"') and line.endswith('"')):
            found.append(
                Problem(
                    rel,
                    number,
                    "",
                    f"the text of {current.keyword} must be in double quotes: "
                    f'{current.keyword} "...", each line of a long text too (as PO editors '
                    "such as Poedit write them)",
                )
            )
            current = None
            continue
        current.parts.append((number, line))
    return fields


def _entries(fields: list[_Field]) -> list[list[_Field]]:
    """The fields grouped by entry: one starts at msgctxt, or at a msgid not after one."""
    entries: list[list[_Field]] = []
    for index, item in enumerate(fields):
        after_context = index > 0 and fields[index - 1].keyword == "msgctxt"
        if item.keyword == "msgctxt" or (item.keyword == "msgid" and not after_context):
            entries.append([])
        if entries:
            entries[-1].append(item)
    return entries


def _header(rel: str, msgstr: _Field, lang: str, found: list[Problem]) -> None:
    """The header's charset is UTF-8 (what briefgen reads and writes) and its Language, when
    there is one, the language the file is named after."""
    from ..validate.languages import same_language

    for number, part in msgstr.parts:
        line = denormalize(part).strip()
        charset = _CHARSET.search(line) if line.startswith("Content-Type:") else None
        if charset is not None and charset[1].lower() not in _UTF8:
            found.append(
                Problem(
                    rel,
                    number,
                    "",
                    f"the header says the file is in {charset[1]}, but briefgen reads and "
                    "writes UTF-8: save it as UTF-8 and write charset=UTF-8 here",
                )
            )
        said = line.removeprefix("Language:").strip() if line.startswith("Language:") else ""
        if said and not same_language(said.replace("_", "-").lower(), lang.lower()):
            found.append(
                Problem(
                    rel,
                    number,
                    "",
                    f"the header says the catalog is in '{said}', but it is read as the '{lang}' "
                    f"catalog (its file name): correct the header's Language, or rename the file",
                    "warning",
                )
            )

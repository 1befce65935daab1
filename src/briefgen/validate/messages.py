"""Problems in the user's words: the collector every check records into, and pydantic's errors
translated (at the line of the field itself, saying what to write instead)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from ..load import Key, keypath
from ..project import Origin


class Collector:
    """Gathers problems from every file so they are all reported at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.unreadable: set[str] = set()  # kinds whose file could not be read: ids unknown
        self.invalid: set[tuple[str, str]] = set()  # (kind, id) of entries already reported

    def error(self, origin: Origin, loc: Key, label: str, message: str) -> None:
        """Record an error at the line of `loc` in the entry at `origin`."""
        self.problems.append(Problem(origin.file, origin.line(loc), label, message))

    def warning(self, origin: Origin, loc: Key, label: str, message: str) -> None:
        """Record a warning (fatal only with --strict) at the line of `loc`."""
        self.problems.append(Problem(origin.file, origin.line(loc), label, message, "warning"))

    def unknown(
        self,
        origin: Origin,
        loc: Key,
        label: str,
        kind: str,
        value: str,
        known: Iterable[str],
        then: str = "",
    ) -> None:
        """Report a reference to an id that does not exist, suggesting the nearest (and
        `then`, what else to do)."""
        if kind in self.unreadable or (kind, value) in self.invalid:
            return  # its file or its entry has an error of its own, reported already
        known = sorted(known)
        close = difflib.get_close_matches(value, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        listing = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "") or "none"
        message = f"unknown {kind} '{value}'{hint} (known: {listing})"
        self.error(origin, loc, label, f"{message}; {then}" if then else message)

    def unknown_in(
        self,
        origin: Origin,
        loc: Key,
        label: str,
        kind: str,
        values: Iterable[str],
        known: Collection[str],
    ) -> None:
        """Report each id of the list at `loc` that does not exist, at its own line."""
        for i, value in enumerate(values):
            if value not in known:
                self.unknown(origin, (*loc, i), label, kind, value, known)

    def typed(self, model: type[BaseModel], origin: Origin, label: str, data: Any) -> Any:
        """Validate `data` against `model`, recording one problem per wrong field."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            seen: set[tuple[int, str]] = set()
            for err in exc.errors(include_url=False):
                loc = _real_loc(data, err["loc"])
                if _refused(origin, loc):
                    continue  # the value was reported as it was read
                line = origin.line(loc)
                key = keypath(label, loc)
                if (line, key) in seen:
                    continue  # a union reports each alternative; one message is enough
                seen.add((line, key))
                message = _moved(model, err) or _message(err)
                self.problems.append(Problem(origin.file, line, key, message))
            return None


def _refused(origin: Origin, loc: Key) -> bool:
    """Whether the value at `loc` (or one around it) was refused as it was read."""
    full = (*origin.key, *loc)
    return any(full[: len(r)] == r for r in origin.doc.refused)


def _real_loc(data: Any, loc: tuple[Any, ...]) -> Key:
    """The part of a pydantic error location that names keys really in the data.

    Union members and tags ('summary', 'str') are dropped; a missing field's name is kept.
    """
    out: list[Any] = []
    node = data
    for part in loc:
        if part == "[key]":  # the mapping's key itself is wrong: its line is the key's
            break
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and part < len(node)
        ):
            node = node[part]
            out.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and part == loc[-1]:
            out.append(part)
            break
    return tuple(out)


def _moved(model: type[BaseModel], err: Any) -> str | None:
    """Where a field the model no longer has is written now (its `MOVED`), if it moved."""
    if err["type"] != "extra_forbidden" or len(err["loc"]) != 1:
        return None
    return getattr(model, "MOVED", {}).get(err["loc"][0])


def _nearest(given: Any, err: Any) -> str:
    """'did you mean' the allowed value nearest to `given` (the same but for its case
    first), or nothing."""
    allowed = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
    same = [a for a in allowed if a.casefold() == str(given).casefold()]
    close = same or difflib.get_close_matches(str(given), allowed, n=1)
    return f"did you mean '{close[0]}'? " if close else ""


def _message(err: Any) -> str:
    """A pydantic error in the user's words, saying what to write instead."""
    kind, given = err["type"], err.get("input")
    field = err["loc"][-1] if err["loc"] else ""
    if kind == "missing":
        return f"missing required field '{field}'; add it"
    if given is None:  # `~`, `null` or nothing after the colon
        return "the value is empty; write it after the colon, or delete the line if it is optional"
    if kind == "extra_forbidden":
        return f"unknown field '{field}'; check its spelling (`briefgen schema` lists the fields)"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind in ("float_parsing", "float_type"):
        return f"'{given}' is not a number; write digits only, without separators (e.g. 38000)"
    if kind == "literal_error":
        should = f"{err['msg'][0].lower()}{err['msg'][1:]}"
        return f"'{given}' is not allowed here; {_nearest(given, err)}{should}"
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
    if kind == "greater_than_equal":
        return f"'{given}' is too small; write {err['ctx']['ge']} or more"
    if kind == "less_than_equal":
        return f"'{given}' is too large; write {err['ctx']['le']} or less"
    if kind == "bool_type" or kind == "bool_parsing":
        return f"'{given}' is not yes/no; write true or false"
    return err["msg"]

"""Field types every file shares: ids, dates, colours, language codes, prose (Text), the strict
base model; and walking the prose fields of any model."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, RootModel

# --- field types --------------------------------------------------------------------------

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def is_id(value: str) -> bool:
    """Whether `value` is usable as an id (also a brief's file name)."""
    return bool(_ID.match(value))


def _matching(pattern: re.Pattern[str], what: str) -> AfterValidator:
    """A check that a text matches `pattern`; `what` it is not otherwise, and how to write it."""

    def check(value: str) -> str:
        if not pattern.match(value):
            raise ValueError(f"'{value}' is not {what}")
        return value

    return AfterValidator(check)


def _check_date(value: str) -> str:
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        return value
    raise ValueError(f"'{value}' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")


Id = Annotated[str, _matching(_ID, "a valid id: use lower-case letters, digits, '_' or '-'")]
Date = Annotated[str, AfterValidator(_check_date)]
Colour = Annotated[str, _matching(_COLOUR, "a colour: write it as #RRGGBB, e.g. #1B3A5C")]
Lang = Annotated[str, _matching(_LANG, "a language code: use e.g. en, km, fr, pt-BR")]
# How a source hedges a number; printed with it, in the brief's language.
Qualifier = Literal["over", "more than", "at least", "about", "under"]


class Text(RootModel[str | dict[Lang, str]]):
    """Prose: one string for every language, or one per language ({en: ..., km: ...})."""

    model_config = ConfigDict(frozen=True, coerce_numbers_to_str=True)

    def get(self, lang: str) -> str | None:
        """The variant for `lang` (or its base language), None when there is none."""
        if isinstance(self.root, str):
            return self.root
        return self.root.get(lang) or self.root.get(lang.split("-")[0])


class Model(BaseModel):
    """Strict base: unknown fields are errors (a typo must not be ignored silently)."""

    # `date: 2021` or `as_of: 2019` are read as numbers by YAML: take them as written.
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


def texts(obj: Any, loc: tuple[str | int, ...] = ()) -> Any:
    """Yield (location, Text) for every prose field inside a model, list or mapping."""
    if isinstance(obj, Text):
        yield loc, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from texts(getattr(obj, name), (*loc, name))
    elif isinstance(obj, list | tuple):
        for i, item in enumerate(obj):
            yield from texts(item, (*loc, i))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from texts(item, (*loc, key))


def variants(text: Text) -> list[str]:
    """Every language variant of a prose field."""
    return [text.root] if isinstance(text.root, str) else list(text.root.values())

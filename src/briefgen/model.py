"""The typed data model: every YAML field declared once, with a one-line description, from
which schema.py generates the JSON Schema for editors and the field reference."""

from __future__ import annotations

import datetime as dt
import re
import string
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, RootModel, model_validator

from .load import DEFAULT_OUTPUT

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


# --- briefgen.yaml -------------------------------------------------------------------------


class Contact(Model):
    name: str | None = Field(None, description="Person or desk to contact.")
    email: str | None = Field(None, description="E-mail address printed in the contact block.")
    phone: str | None = Field(None, description="Phone number printed in the contact block.")


class Organisation(Model):
    name: str = Field(description="The organisation publishing the briefs.")
    website: str | None = Field(None, description="Website address, printed and linked.")
    contact: Contact = Field(default_factory=Contact, description="Default contact for briefs.")


class Campaign(Model):
    title: Text = Field(description="The campaign's name, printed in running headers.")
    report: Id | None = Field(None, description="Source id of the report the briefs summarise.")


class Fonts(Model):
    regular: str = Field("assets/fonts/NotoSans-Regular.ttf", description="Body text font.")
    bold: str = Field("assets/fonts/NotoSans-Bold.ttf", description="Bold body text font.")
    italic: str = Field("assets/fonts/NotoSans-Italic.ttf", description="Italic body text font.")
    bold_italic: str = Field(
        "assets/fonts/NotoSans-BoldItalic.ttf", description="Bold italic body text font."
    )
    heading: str = Field("assets/fonts/NotoSerif-Bold.ttf", description="Title and heading font.")


class Branding(Model):
    primary: Colour = Field("#1B3A5C", description="Main colour: title band, headings, charts.")
    accent: Colour = Field("#D9822B", description="Highlight colour: key figures, rules, quotes.")
    logo: str | None = Field(None, description="Logo file under assets/ (SVG, PNG or JPEG).")
    fonts: Fonts = Field(default_factory=Fonts, description="TrueType fonts, relative paths.")


class Phrases(Model):
    """The words briefgen itself prints, in one language ({page}, {date}... are filled in)."""

    source: str = Field(description="Before a chart's sources: 'Source'.")
    page: str = Field(description="Page numbers, before the page count: 'Page {page} of'.")
    updated: str = Field(description="The changes block: 'Updated on {date}'.")
    now_was: str = Field(description="A changed figure: '{label} now {now}, was {was}'.")
    pseudonym: str = Field(description="After a name that is a pseudonym: 'pseudonym'.")
    times: str = Field(description="After a ratio: 'times' (four times).")
    qualifiers: dict[str, str] = Field(
        description="over, more than, at least, about, under, in this language."
    )
    asks: dict[Id, str] = Field(
        description="Heading of each audience's asks, e.g. donors: 'What donors can do'."
    )
    full_stop: str = Field(
        ".", description="Ends the sentences briefgen puts together: '.' ('។' in Khmer)."
    )

    @model_validator(mode="after")
    def _placeholders(self) -> Phrases:
        for name, wanted in (
            ("page", {"page"}),
            ("updated", {"date"}),
            ("now_was", {"label", "now", "was"}),
        ):
            text = getattr(self, name)
            try:
                found = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
            except ValueError as exc:
                raise ValueError(
                    f"{name}: {exc}; write braces only around {', '.join(sorted(wanted))}"
                ) from exc
            if found != wanted:
                raise ValueError(
                    f"{name} must contain {' '.join('{' + w + '}' for w in sorted(wanted))}"
                    f" and no other {{...}} (found: '{text}')"
                )
        return self


ENGLISH_PHRASES = Phrases(
    source="Source",
    page="Page {page} of",
    updated="Updated on {date}",
    now_was="{label} now {now}, was {was}",
    pseudonym="pseudonym",
    times="times",
    qualifiers={qualifier: qualifier for qualifier in get_args(Qualifier)},
    asks={
        "donors": "What donors can do",
        "press": "What the press should know",
        "government": "What the government should do",
    },
)


class ScriptFonts(Model):
    """A language's own TrueType fonts (shaped by HarfBuzz); text they lack is set in the
    project's fonts."""

    regular: str = Field(description="Body text font, e.g. assets/fonts/NotoSansKhmer-Regular.ttf.")
    bold: str | None = Field(None, description="Bold font; default the regular one.")
    heading: str | None = Field(None, description="Title and heading font; default the bold one.")


class LanguageSettings(Model):
    """How briefs in one language are written."""

    fonts: ScriptFonts | None = Field(
        None, description="The language's own fonts, for a script the project's fonts lack."
    )

    phrases: Phrases = Field(
        default_factory=lambda: ENGLISH_PHRASES,
        description="The words briefgen prints; required for a language other than English.",
    )
    digits: Literal["latin", "native"] = Field(
        "latin", description="latin: 0-9; native: the script's own digits (Khmer ០-៩...)."
    )
    draft: bool = Field(
        False, description="The texts are a draft translation awaiting a native speaker's review."
    )


class Checks(Model):
    tolerance: float = Field(
        0.05, ge=0, description="How far (relatively) claims about one quantity may differ."
    )
    stale_after_years: int = Field(
        5, ge=0, description="Statistics older than this, before a brief's date, are stale."
    )


class Config(Model):
    """briefgen.yaml: settings shared by every brief of the project."""

    organisation: Organisation = Field(description="Who publishes the briefs.")
    campaign: Campaign = Field(description="The campaign the briefs belong to.")
    branding: Branding = Field(default_factory=Branding, description="Colours, logo and fonts.")
    page_size: Literal["A4", "Letter"] = Field("A4", description="Paper size of every brief.")
    output: str = Field(DEFAULT_OUTPUT, description="Folder the PDFs are written to.")
    checks: Checks = Field(default_factory=Checks, description="Consistency checks' settings.")
    language: Lang = Field(
        "en",
        description="Language of texts written once (not as {en: ..., km: ...}); a brief in "
        "another language needs a variant of each text it prints, source titles apart.",
    )
    languages: dict[Lang, LanguageSettings] = Field(
        default_factory=dict, description="Settings of each language briefs are written in."
    )


# --- data/*.yaml ---------------------------------------------------------------------------


class Source(Model):
    id: Id = Field(description="Short id used to cite this source.")
    publisher: str = Field(description="Who published it (organisation, outlet, government).")
    title: Text = Field(description="Title of the report, article or statement.")
    author: str | None = Field(None, description="Author, where known.")
    date: Date = Field(description="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")
    url: str | None = Field(None, description="Where to read it.")
    kind: Literal["report", "news", "official statement"] = Field(description="Kind of source.")
    note: str | None = Field(None, description="Remarks for editors; not printed.")


class SeriesPoint(Model):
    period: Text = Field(description="Label of the point on the chart axis, e.g. 2017.")
    value: float | None = Field(
        None, description="Value at that period; leave it out for the statistic's own value."
    )
    note: str | None = Field(None, description="How the value was obtained, if not stated as such.")


class Derivation(Model):
    """How a stated figure follows from other statistics (checked, never used to print)."""

    growth: Id | list[Id] | None = Field(
        None, description="A % rise: over a statistic's series, or from one statistic to another."
    )
    ratio: list[Id] | None = Field(None, description="Numerator and denominator statistics.")
    share: list[Id] | None = Field(None, description="Part and whole statistics, as a percent.")


class Statistic(Model):
    id: Id = Field(description="Short id used in {stat:ID} references, charts and key figures.")
    label: Text = Field(description="What the number measures, e.g. 'People in prison'.")
    value: float = Field(description="The number itself, without separators (38000, 78, 4.5).")
    unit: Literal["count", "percent", "ratio"] = Field(
        description="count: 38,000; percent: 78%; ratio: four times."
    )
    qualifier: Qualifier | None = Field(
        None, description="How the source hedges the number; printed wherever it is printed."
    )
    as_of: str = Field(
        description="Date or period the number describes, e.g. '2020' or '2017–2020'."
    )
    source: Id = Field(description="Id of the source that states the number.")
    quantity: Id | None = Field(
        None, description="Same id on claims from different sources about the same quantity."
    )
    series: list[SeriesPoint] | None = Field(
        None, description="Time series for line or bar charts."
    )
    derived: Derivation | None = Field(
        None, description="How the figure follows from other statistics; `check` recomputes it."
    )
    reconciled: str | None = Field(
        None, description="For claims that disagree: how the briefs report them (e.g. a range)."
    )
    note: str | None = Field(None, description="Remarks for editors; not printed.")


class Recommendation(Model):
    id: Id = Field(description="Short id.")
    title: Text = Field(description="The recommendation in a few words.")
    summary: Text = Field(description="One or two sentences: what should happen.")
    rationale: Text = Field(description="Why: the evidence behind it.")
    asks: dict[Id, Text] = Field(
        description="What each audience should do or know, keyed by audience (donors, press...)."
    )
    sources: list[Id] = Field(default_factory=list, description="Sources that make this call.")


class Quote(Model):
    id: Id = Field(description="Short id used by quotes blocks.")
    text: Text = Field(description="The words quoted, without quotation marks.")
    speaker: str = Field(description="Who said it, as the source names them.")
    role: Text = Field(description="Who the speaker is, e.g. 'former CC1 inmate'.")
    kind: Literal["testimony", "official response", "report"] = Field(
        description="A person affected, an authority answering, or the report itself."
    )
    pseudonym: bool | None = Field(
        None, description="true: the name is a pseudonym (printed as such); empty: not stated."
    )
    source: Id = Field(description="Id of the source the quote is taken from.")


class Reference(Model):
    value: float = Field(description="Where the reference line is drawn.")
    label: Text = Field(description="Its label, e.g. 'Maximum capacity'.")


def _check_described(alt: Text) -> Text:
    if not all(v.strip() for v in variants(alt)):
        raise ValueError(
            "empty: describe the chart for readers who cannot see it, e.g. what it shows "
            "and its main figures"
        )
    return alt


Described = Annotated[Text, AfterValidator(_check_described)]


class Chart(Model):
    id: Id = Field(description="Short id used by chart blocks.")
    kind: Literal["bar", "hbar", "line"] = Field(description="bar, hbar (horizontal) or line.")
    title: Text = Field(description="Chart title, printed above it.")
    alt: Described = Field(
        description="Alternative text describing the chart for screen readers (required)."
    )
    series: Id | None = Field(None, description="A statistic whose time series is drawn.")
    statistics: list[Id] | None = Field(
        None, description="Statistics drawn as one bar each (bar and hbar charts)."
    )
    labels: list[Text] | None = Field(None, description="Bar labels, in the order of statistics.")
    axis_label: Text | None = Field(None, description="Label of the value axis.")
    reference: Reference | None = Field(None, description="A horizontal or vertical guide line.")
    note: Text | None = Field(None, description="A note printed under the chart, before sources.")


# --- briefs/*.yaml -------------------------------------------------------------------------


class Block(Model):
    heading: Text | None = Field(None, description="Section heading (also a PDF bookmark).")


class SummaryBlock(Block):
    type: Literal["summary"]
    text: Text = Field(description="The summary; without a heading it is set as a lead paragraph.")


class TextBlock(Block):
    type: Literal["text"]
    text: Text = Field(description="Paragraphs separated by blank lines.")


class KeyFigure(Model):
    stat: Id | list[Id] = Field(description="A statistic, or several claims shown as a range.")
    label: Text | None = Field(None, description="Caption; defaults to the statistic's label.")

    @property
    def ids(self) -> list[str]:
        """The statistics shown: one, or several claims shown as a range."""
        return [self.stat] if isinstance(self.stat, str) else list(self.stat)


class FiguresBlock(Block):
    """A block that prints statistics (items), as a panel or as a table."""

    items: list[KeyFigure] = Field(min_length=1, description="The figures, in order.")


class KeyFiguresBlock(FiguresBlock):
    type: Literal["key_figures"]


class FiguresTableBlock(FiguresBlock):
    type: Literal["figures_table"]
    columns: list[Text] = Field(
        min_length=3,
        max_length=3,
        description="Headings of the three columns: what, figure, source (e.g. "
        "[Figure, Value, Source]); the table's header row, repeated on each page.",
    )


class FactsBlock(Block):
    type: Literal["facts"]
    items: list[Text] = Field(min_length=1, description="Short lines of fact, as a list.")


class ChartBlock(Block):
    type: Literal["chart"]
    chart: Id = Field(description="Id of the chart in data/charts.yaml.")


class RecommendationsBlock(Block):
    type: Literal["recommendations"]
    items: list[Id] | None = Field(None, description="Which recommendations; default all.")
    ask: Id | None = Field(None, description="Whose asks to print; default the brief's audience.")
    style: Literal["full", "short"] = Field(
        "full", description="full: summary, rationale and asks; short: one line each."
    )


class QuotesBlock(Block):
    type: Literal["quotes"]
    items: list[Id] = Field(min_length=1, description="Ids of the quotes, in order.")


class CallToActionBlock(Block):
    type: Literal["call_to_action"]
    text: Text = Field(description="What the reader should do now.")


class ContactBlock(Block):
    type: Literal["contact"]
    text: Text | None = Field(None, description="A line before the contact details.")
    contact: Contact | None = Field(None, description="Overrides the organisation's contact.")


class SourcesBlock(Block):
    type: Literal["sources"]


class ChangesBlock(Block):
    type: Literal["changes"]
    date: Date | None = Field(
        None, description="Date of the update as printed; default the brief's date."
    )


BlockType = Annotated[
    SummaryBlock
    | TextBlock
    | KeyFiguresBlock
    | FiguresTableBlock
    | FactsBlock
    | ChartBlock
    | RecommendationsBlock
    | QuotesBlock
    | CallToActionBlock
    | ContactBlock
    | SourcesBlock
    | ChangesBlock,
    Field(discriminator="type"),
]


class Brief(Model):
    """briefs/ID.yaml: one audience's brief."""

    audience: Id = Field(description="Whose asks it prints (a key of recommendations' asks).")
    label: Text = Field(description="Kind of brief, printed above the title, e.g. 'Donor brief'.")
    title: Text = Field(description="Title or news headline.")
    subtitle: Text | None = Field(None, description="Subtitle or standfirst.")
    date: Date = Field(description="Date printed on the brief and in its metadata.")
    language: Lang = Field("en", description="Language of the brief: picks text variants.")
    digits: Literal["latin", "native"] | None = Field(
        None, description="Overrides the language's digits for this brief."
    )
    keywords: list[str] = Field(default_factory=list, description="PDF metadata keywords.")
    output: str | None = Field(None, description="File name of the PDF; default ID.pdf.")
    blocks: list[BlockType] = Field(min_length=1, description="The brief's content, in order.")


#: What each data file holds: its top-level key and the type of its entries.
DATA_MODELS: dict[str, type[Model]] = {
    "sources": Source,
    "statistics": Statistic,
    "recommendations": Recommendation,
    "quotes": Quote,
    "charts": Chart,
}


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
